import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type ProcessResult } from './cliProcess.js';

const packs = fileURLToPath(new URL('../fixtures/packs/', import.meta.url));
// Long and distinctive, so a partial leak would still be found by the scans below.
const SECRET = `sk-live-${'7f3a9c'.repeat(4)}-do-not-leak`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'troupe-secrets-'));
  const packsEntry = [{ use: join(packs, 'secret-logger') }, { use: join(packs, 'secret-thrower') }];
  writeFileSync(join(dir, 'to-file.json'), JSON.stringify({ packs: packsEntry, log: { level: 'trace', file: 'logs/troupe.log' } }));
  writeFileSync(join(dir, 'to-stderr.json'), JSON.stringify({ packs: packsEntry, log: { level: 'trace' } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectNoSecret(...outputs: string[]): void {
  for (const output of outputs) {
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(SECRET.slice(0, 16));
  }
}

describe('a secret in the environment', () => {
  it('never appears in stdout, stderr or the log file, although a pack logs and throws it', async () => {
    const env = { TROUPE_SECRET_API_TOKEN: SECRET };
    const runs: ProcessResult[] = [
      await runCli(['packs', '--config', 'to-file.json'], { cwd: dir, env }),
      await runCli(['packs', '--config', 'to-file.json', '--json'], { cwd: dir, env }),
      await runCli(['packs', '--config', 'to-stderr.json', '--json'], { cwd: dir, env, }),
      await runCli(['packs', '--config', 'to-file.json', '--json'], { cwd: dir, env: { ...env, TROUPE_DEBUG: '1' } }),
    ];
    const log = readFileSync(join(dir, 'logs/troupe.log'), 'utf8');

    for (const run of runs) {
      expect(run.code).toBe(0);
      expectNoSecret(run.stdout, run.stderr);
    }
    expectNoSecret(log);

    // The pack did run and log (the scan is not vacuous), and its secret was resolved.
    const report = JSON.parse(runs[1]!.stdout) as { packs: { id: string; status: string; errors: { code: string; message: string }[] }[] };
    expect(report.packs[0]).toMatchObject({ id: '@fixtures/secret-logger', status: 'active' });
    expect(report.packs[1]).toMatchObject({ id: '@fixtures/secret-thrower', status: 'failed' });
    expect(report.packs[1]!.errors[0]!.message).toBe('Pack @fixtures/secret-thrower threw while activating: cannot connect with [REDACTED]');
    expect(log).toContain('token is [REDACTED]');
    expect(log).toContain('"token":"[REDACTED]"');
    expect(log).toContain('"credential":"[REDACTED]"');
    expect(log).toContain('Bearer [REDACTED]');
    expect(log).toContain('request failed with [REDACTED]');
    expect(runs[2]!.stderr).toContain('token is [REDACTED]');
  });
});
