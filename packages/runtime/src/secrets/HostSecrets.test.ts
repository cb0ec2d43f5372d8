import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostSecrets } from './HostSecrets.js';
import { secretEnvName } from './secretEnvName.js';

const dir = mkdtempSync(join(tmpdir(), 'troupe-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function secretsFile(content: string): string {
  const file = join(dir, `secrets-${files++}.json`);
  writeFileSync(file, content);
  return file;
}

describe('HostSecrets', () => {
  it('maps ids to TROUPE_SECRET_<ID>, upper-cased with non-alphanumerics as _', () => {
    expect(secretEnvName('github.token')).toBe('TROUPE_SECRET_GITHUB_TOKEN');
    expect(secretEnvName('open-ai_key2')).toBe('TROUPE_SECRET_OPEN_AI_KEY2');
  });

  it('resolves from the sources in order and lists every missing id', () => {
    const file = secretsFile(JSON.stringify({ a: 'from-file', c: 'file-only' }));
    const env = { TROUPE_SECRET_A: 'from-env', TROUPE_SECRET_B: 'env-only' };
    const secrets = new HostSecrets({ values: { a: 'from-code' }, env, file });
    expect(secrets.resolve(['a', 'b', 'c', 'd', 'e'])).toEqual({ values: { a: 'from-code', b: 'env-only', c: 'file-only' }, missing: ['d', 'e'] });

    const fileFirst = new HostSecrets({ sources: ['file', 'env'], values: { a: 'from-code' }, env, file });
    expect(fileFirst.resolve(['a']).values).toEqual({ a: 'from-file' });
    // A source left out of `sources` is not consulted.
    expect(fileFirst.resolve(['x']).missing).toEqual(['x']);
  });

  it('scrubs every known value from text and nested values, sharing untouched parts', () => {
    const secrets = new HostSecrets({ values: { short: 'abc', token: 'tok-123456' }, env: { TROUPE_SECRET_OTHER: 'env-secret-value', PATH: '/usr/bin' } });
    expect(secrets.scrub('use tok-123456 and env-secret-value, abc stays')).toBe('use [REDACTED] and [REDACTED], abc stays');
    expect(secrets.containsSecret('x tok-123456')).toBe(true);
    expect(secrets.containsSecret('x tok-123456')).toBe(true);
    expect(secrets.containsSecret('/usr/bin')).toBe(false);

    const clean = { list: [1, 'plain'], nested: { ok: true } };
    const value = { clean, dirty: ['tok-123456'], 'key tok-123456': 1 };
    const scrubbed = secrets.scrubValue(value);
    expect(scrubbed).toEqual({ clean, dirty: ['[REDACTED]'], 'key [REDACTED]': 1 });
    expect(scrubbed.clean).toBe(clean);
    expect(value.dirty).toEqual(['tok-123456']);
    expect(secrets.scrubValue(clean)).toBe(clean);
  });

  it('scrubs errors into plain objects, causes included, and the JSON-escaped form of a value', () => {
    const secrets = new HostSecrets({ values: { q: 'pa"ss\\word' }, env: {} });
    const error = new Error('failed with pa"ss\\word', { cause: new Error('inner pa"ss\\word') });
    expect(secrets.scrubValue({ error })).toMatchObject({ error: { name: 'Error', message: 'failed with [REDACTED]', cause: { message: 'inner [REDACTED]' } } });
    expect(secrets.scrub(JSON.stringify({ v: 'pa"ss\\word' }))).toBe('{"v":"[REDACTED]"}');
  });

  it('scrubs instances as the store keeps them (toJSON, else their fields), and the contents of maps and sets', () => {
    const secrets = new HostSecrets({ values: { token: 'tok-123456' }, env: {} });
    class Reply {
      constructor(
        readonly text: string,
        readonly at = new Date(0),
      ) {}
    }
    const reply = new Reply('here is tok-123456');
    expect(secrets.scrubValue({ reply })).toEqual({ reply: { text: 'here is [REDACTED]', at: new Date(0) } });
    expect(JSON.stringify(secrets.scrubValue({ reply }))).not.toContain('tok-123456');
    const clean = new Reply('nothing to hide');
    expect(secrets.scrubValue(clean)).toBe(clean);
    expect(secrets.scrubValue({ toJSON: () => ({ leaked: 'tok-123456' }) })).toEqual({ leaked: '[REDACTED]' });
    expect(secrets.scrubValue(new Map([['k', 'tok-123456']]))).toEqual(new Map([['k', '[REDACTED]']]));
    expect(secrets.scrubValue(new Set(['tok-123456', 'ok']))).toEqual(new Set(['[REDACTED]', 'ok']));
    const bytes = new Uint8Array([1, 2, 3]);
    expect(secrets.scrubValue({ bytes }).bytes).toBe(bytes);
  });

  it('refuses an unreadable or malformed secrets file without quoting its content (E_SECRET_FILE_INVALID)', () => {
    const notJson = secretsFile('{ "a": "super-secret-value", oops }');
    expect(() => new HostSecrets({ file: notJson })).toThrow(expect.objectContaining({ code: 'E_SECRET_FILE_INVALID', message: expect.not.stringContaining('super-secret') }));
    expect(() => new HostSecrets({ file: secretsFile('{ "a": 1 }') })).toThrow(/values must be strings \(a\)/);
    expect(() => new HostSecrets({ file: secretsFile('[]') })).toThrow(/not a JSON object/);
    expect(() => new HostSecrets({ file: '/nonexistent/secrets.json' })).toThrow(/ENOENT/);
  });
});
