import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHostConfig, validateHostConfig } from './loadHostConfig.js';

describe('loadHostConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a valid config and resolves relative paths against its folder', () => {
    writeFileSync(join(dir, 'troupe.config.json'), JSON.stringify({ packs: [{ use: './packs/a', onFailure: 'abort' }], log: { level: 'warn' } }));
    expect(loadHostConfig('troupe.config.json', dir)).toEqual({
      config: { packs: [{ use: './packs/a', onFailure: 'abort' }], log: { level: 'warn' } },
      file: join(dir, 'troupe.config.json'),
      baseDir: dir,
    });
  });

  it('refuses a file that is not JSON, and a missing file, with their codes', () => {
    writeFileSync(join(dir, 'broken.json'), '{ "packs": [ }');
    expect(() => loadHostConfig('broken.json', dir)).toThrow(expect.objectContaining({ code: 'E_CONFIG_INVALID', message: expect.stringContaining('not valid JSON') }));
    expect(() => loadHostConfig('missing.json', dir)).toThrow(expect.objectContaining({ code: 'E_CONFIG_NOT_FOUND', message: `No host configuration at ${join(dir, 'missing.json')}` }));
  });

  it('validates a config given in code the same way, listing every problem', () => {
    expect(() => validateHostConfig({ packs: [{}], store: 'mongodb://x' })).toThrow(
      "The host configuration (given in code) is invalid: /packs/0: must have required property 'use', /store: must match pattern",
    );
  });
});
