import { describe, expect, it } from 'vitest';
import type { CliIo } from './CliIo.js';
import { remoteTarget } from './remoteRun.js';

function io(env: Record<string, string>): CliIo {
  return { env, cwd: '/', stdout: { write: () => undefined }, stderr: { write: () => undefined } } as unknown as CliIo;
}

describe('remoteTarget', () => {
  it('takes --url and --token over $TROUPE_URL and $TROUPE_TOKEN, and means the local store without either url', () => {
    const env = { TROUPE_URL: 'http://env:1', TROUPE_TOKEN: 'env-token' };
    expect(remoteTarget({ values: {}, positionals: [] }, io({}))).toBeUndefined();
    expect(remoteTarget({ values: {}, positionals: [] }, io(env))).toEqual({ url: 'http://env:1', token: 'env-token' });
    expect(remoteTarget({ values: { url: 'http://flag:2', token: 't' }, positionals: [] }, io(env))).toEqual({ url: 'http://flag:2', token: 't' });
    expect(remoteTarget({ values: { url: 'http://flag:2' }, positionals: [] }, io({}))).toEqual({ url: 'http://flag:2' });
  });
});
