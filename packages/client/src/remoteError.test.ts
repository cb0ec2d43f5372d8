import { describe, expect, it } from 'vitest';
import { isTroupeError } from '@troupe/sdk';
import { remoteError } from './remoteError.js';
import { toStreamUrl } from './TroupeStream.js';

describe('remoteError', () => {
  it('keeps the server code, message and hint, with the HTTP status in details', () => {
    const error = remoteError({ code: 'E_RUN_TERMINAL', message: 'Run r has already ended (completed)', hint: 'server hint', details: { runId: 'r' } }, 409);
    expect(isTroupeError(error, 'E_RUN_TERMINAL')).toBe(true);
    expect([error.message, error.hint, error.details]).toEqual(['Run r has already ended (completed)', 'server hint', { runId: 'r', status: 409 }]);
  });

  it('keeps a code this client does not know', () => {
    const error = remoteError({ code: 'E_FROM_THE_FUTURE', message: 'new' });
    expect(error.code).toBe('E_FROM_THE_FUTURE');
  });
});

describe('toStreamUrl', () => {
  it.each([
    ['http://127.0.0.1:7373', 'ws://127.0.0.1:7373/v1/stream'],
    ['https://troupe.example/', 'wss://troupe.example/v1/stream'],
    ['ws://h:1/custom', 'ws://h:1/custom'],
  ])('%s → %s', (url, expected) => {
    expect(toStreamUrl(url)).toBe(expected);
  });
});
