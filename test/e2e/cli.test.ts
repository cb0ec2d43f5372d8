import { describe, expect, it } from 'vitest';
import { runCli } from './cliProcess.js';

const DEMO = 'tooling/demo/troupe.config.json';
const ALL = 'test/fixtures/configs/all-packs.troupe.config.json';
const ABORT = 'test/fixtures/configs/abort.troupe.config.json';

describe('troupe packs', () => {
  it('prints the startup report of the example host as JSON in the documented shape', async () => {
    const result = await runCli(['packs', '--config', DEMO, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { packs: Record<string, unknown>[] };
    expect(report).toEqual({
      packs: [
        {
          id: '@troupe/pack-hello',
          version: '1.0.0',
          status: 'active',
          descriptors: expect.arrayContaining([
            { kind: 'workflow', id: 'hello', priority: 0, active: true },
            { kind: 'tool', id: 'greet', priority: 0, active: true },
            { kind: 'tool', id: 'shout', priority: 0, active: true },
            { kind: 'persona', id: 'greeter', priority: 0, active: true },
            { kind: 'provider', id: 'hello-echo', priority: 0, active: true },
          ]),
          errors: [],
        },
      ],
    });
  });

  it('prints a readable table and finds ./troupe.config.json by default', async () => {
    const result = await runCli(['packs'], { cwd: 'tooling/demo' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^PACK\s+VERSION\s+STATUS\s+DESCRIPTORS$/m);
    expect(result.stdout).toMatch(/^@troupe\/pack-hello\s+1\.0\.0\s+active\s+.*workflow:hello/m);
    expect(result.stdout).toContain('1 pack(s): 1 active');
  });

  it('exits 0 when broken packs are contained, listing each error code and hint', async () => {
    const result = await runCli(['packs', '--config', ALL]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('E_PACK_ACTIVATE_TIMEOUT: Pack @fixtures/activate-hangs did not finish activating within 200 ms');
    expect(result.stdout).toContain('hint: Fix @fixtures/activate-fails first');
    expect(result.stdout).toContain('cause: E_PACK_ACTIVATE_FAILED');
    expect(result.stdout).toContain('24 pack(s): 3 active, 20 failed, 1 disabled');
  });

  it('exits 1 and still prints the report when an onFailure "abort" pack fails', async () => {
    const result = await runCli(['packs', '--config', ABORT, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { packs: { id: string; status: string; errors: { code: string }[] }[] };
    expect(report.packs.every((pack) => pack.status === 'failed')).toBe(true);
    expect(result.stderr).toContain('E_PACK_ABORTED: The host did not start because pack @fixtures/activate-fails failed');
    expect(result.stderr).toContain('cause: E_PACK_ACTIVATE_FAILED');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('troupe validate', () => {
  it('exits 0 for the example host', async () => {
    const result = await runCli(['validate', '--config', DEMO]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('valid: 1 pack(s) checked');
  });

  it('exits 1 listing manifest and compatibility problems, and what loading the packs finds, without needing their secrets', async () => {
    const result = await runCli(['validate', '--config', ALL, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { valid: boolean; packs: { id: string; status: string; errors: { code: string }[] }[] };
    expect(report.valid).toBe(false);
    const status = Object.fromEntries(report.packs.map((pack) => [pack.id, [pack.status, ...pack.errors.map((e) => e.code)].join(' ')]));
    expect(status).toMatchObject({
      '@fixtures/manifest-invalid': 'invalid E_PACK_MANIFEST_INVALID',
      '@fixtures/engine-unpinned': 'invalid E_PACK_ENGINE_MISMATCH',
      '@fixtures/cycle-a': 'invalid E_PACK_DEPENDENCY_CYCLE',
      '@fixtures/requires-missing': 'invalid E_PACK_REQUIRES_MISSING',
      // These fail only when their code runs: validate loads the packs (no store, no run) to find them.
      '@fixtures/activate-fails': 'invalid E_PACK_ACTIVATE_FAILED',
      '@fixtures/no-default-export': 'invalid E_PACK_IMPORT_FAILED',
      '@fixtures/activate-hangs': 'invalid E_PACK_ACTIVATE_TIMEOUT',
      // Its workflow names a persona no pack provides.
      '@fixtures/role-unresolved': 'invalid E_WORKFLOW_INVALID',
    });
    // Secrets are a property of where the host runs, not of the config.
    expect(status['@fixtures/secret-missing']).toBe('valid');
    expect(result.stderr).toBe('');
  });
});

describe('command line errors', () => {
  it('rejects an unknown command or flag with E_CLI_USAGE and exit 2, without a stack', async () => {
    const command = await runCli(['deploy']);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe('E_CLI_USAGE: unknown command "deploy"\n  hint: Run `troupe --help` for the commands and their options.\n');

    const flag = await runCli(['packs', '--verbose']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('E_CLI_USAGE: troupe packs: unknown option --verbose');
  });

  it('reports a missing config with its code and hint, and the stack only with TROUPE_DEBUG=1', async () => {
    const quiet = await runCli(['packs', '--config', 'nowhere.json']);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toMatch(/^E_CONFIG_NOT_FOUND: No host configuration at .*nowhere\.json\n {2}hint: Create troupe\.config\.json/);
    expect(quiet.stderr).not.toMatch(/^\s+at /m);

    const debug = await runCli(['packs', '--config', 'nowhere.json'], { env: { TROUPE_DEBUG: '1' } });
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it('prints help for the tool and for each command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}validate\s+check the config/m);
    expect(help.stdout).toMatch(/^ {2}packs\s+load and activate/m);
    const packs = await runCli(['packs', '--help']);
    expect(packs.stdout).toContain('-c, --config FILE');
  });
});
