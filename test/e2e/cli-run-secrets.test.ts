import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type ProcessResult } from './cliProcess.js';

const secretEcho = fileURLToPath(new URL('../fixtures/packs/secret-echo', import.meta.url));
const SECRET = `ghp_${'Q7w9Zx2Lm4'.repeat(3)}leak`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'troupe-run-secrets-'));
  writeFileSync(
    join(dir, 'troupe.config.json'),
    JSON.stringify({ packs: [{ use: secretEcho }], store: 'sqlite:data/troupe.db', log: { level: 'trace', file: 'logs/troupe.log' } }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runIdOf(result: ProcessResult): string {
  const runId = /run ([0-9a-f-]{36})/.exec(result.stdout)?.[1];
  if (!runId) throw new Error(`no run id in:\n${result.stdout}\n${result.stderr}`);
  return runId;
}

describe('troupe run with a secret that tools echo into outputs, errors and logs', () => {
  it('keeps the value out of stdout, stderr, the log file and the SQLite files', async () => {
    const env = { TROUPE_SECRET_API_TOKEN: SECRET, TROUPE_DEBUG: '1' };
    const ok = await runCli(['run', 'leak-ok'], { cwd: dir, env });
    const failed = await runCli(['run', 'leak-fail', '--json'], { cwd: dir, env });
    expect(ok.code).toBe(0);
    expect(failed.code).toBe(1);

    const reads = await Promise.all([
      runCli(['status', runIdOf(ok), '--json'], { cwd: dir, env }),
      runCli(['events', runIdOf(ok), '--json'], { cwd: dir, env }),
      runCli(['runs', '--json'], { cwd: dir, env }),
      runCli(['audit', '--json'], { cwd: dir, env }),
    ]);
    const outputs = [ok, failed, ...reads].flatMap((result) => [result.stdout, result.stderr]);
    const log = readFileSync(join(dir, 'logs/troupe.log'), 'utf8');
    const databaseFiles = readdirSync(join(dir, 'data')).map((name) => readFileSync(join(dir, 'data', name)).toString('latin1'));

    for (const text of [...outputs, log, ...databaseFiles]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SECRET.slice(4, 24));
    }
    // The scans are not vacuous: the tools ran, their echoes were stored and logged, redacted.
    expect(existsSync(join(dir, 'data/troupe.db'))).toBe(true);
    expect(ok.stdout).toContain('[REDACTED]');
    expect(reads[0]!.stdout).toContain('the token is [REDACTED]');
    expect(failed.stdout + failed.stderr).toContain('upstream refused token [REDACTED]');
    expect(log).toContain('echoing [REDACTED]');
  });
});
