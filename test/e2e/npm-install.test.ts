import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runProcess } from './cliProcess.js';

/** Everything a host app needs for `npx troupe …`, packed the way they are published. */
const PACKAGES = ['packages/sdk', 'packages/runtime', 'packages/store-sqlite', 'packages/store-postgres', 'packages/client', 'packages/server', 'packages/cli', 'packs/hello'];

// pnpm runs this suite under `pnpm test` (npm_execpath points at it); otherwise pnpm is on PATH.
const pnpm = process.env.npm_execpath?.includes('pnpm')
  ? { command: process.execPath, args: [process.env.npm_execpath] }
  : { command: 'pnpm', args: [] as string[] };

const root = mkdtempSync(join(tmpdir(), 'troupe-npm-install-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function ok(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<string> {
  const result = await runProcess(command, args, { cwd, timeoutMs });
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('a host app that installs Troupe and a pack from npm tarballs', () => {
  it(
    'lists the installed pack as active with `npx troupe packs --json` and runs its workflow on the embedded SQLite default',
    async () => {
      const tarballs = join(root, 'tarballs');
      // `pnpm pack` rewrites workspace: and catalog: ranges to real versions, as publishing does.
      for (const pkg of PACKAGES) await ok(pnpm.command, [...pnpm.args, 'pack', '--pack-destination', tarballs], join(REPO_ROOT, pkg), 60_000);
      const files = readdirSync(tarballs).filter((file) => file.endsWith('.tgz'));
      expect(files).toHaveLength(PACKAGES.length);

      const app = join(root, 'app');
      mkdirSync(app);
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-host-app', private: true, type: 'module' }));
      // @troupe/* come from the tarballs; third-party dependencies from the npm registry.
      // Without prebuilt binaries better-sqlite3 compiles here, which is most of this test's time.
      await ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...files.map((file) => join(tarballs, file))], app, 400_000);
      writeFileSync(join(app, 'troupe.config.json'), JSON.stringify({ packs: [{ use: '@troupe/pack-hello', version: '^1.0.0' }] }));

      const result = await runProcess('npx', ['--no-install', 'troupe', 'packs', '--json'], { cwd: app, timeoutMs: 60_000 });
      expect(result.stderr).not.toContain('E_');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as { packs: { id: string; version: string; status: string; descriptors: { kind: string; id: string }[] }[] };
      expect(report.packs).toHaveLength(1);
      expect(report.packs[0]).toMatchObject({ id: '@troupe/pack-hello', version: '1.0.0', status: 'active', errors: [] });
      expect(report.packs[0]!.descriptors.map((d) => `${d.kind}:${d.id}`)).toContain('workflow:hello');

      const validate = await runProcess('npx', ['--no-install', 'troupe', 'validate'], { cwd: app, timeoutMs: 60_000 });
      expect(validate.code).toBe(0);

      // No `store` in the config: runs go to .troupe/troupe.db in the app, with nothing else to set up.
      const run = await runProcess('npx', ['--no-install', 'troupe', 'run', 'hello', '--input', '{"name":"npm"}', '--json'], { cwd: app, timeoutMs: 60_000 });
      expect(run.stderr).not.toContain('E_');
      expect(run.code).toBe(0);
      const state = JSON.parse(run.stdout) as { runId: string; status: string; output: { greeting: string } };
      expect(state).toMatchObject({ status: 'completed', output: { greeting: 'HELLO, NPM!' } });
      expect(existsSync(join(app, '.troupe', 'troupe.db'))).toBe(true);
      const runs = await runProcess('npx', ['--no-install', 'troupe', 'runs', '--json'], { cwd: app, timeoutMs: 60_000 });
      expect((JSON.parse(runs.stdout) as { runs: { runId: string }[] }).runs.map((listed) => listed.runId)).toEqual([state.runId]);
    },
    480_000,
  );
});
