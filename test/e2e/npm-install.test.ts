import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runProcess } from './cliProcess.js';

/** Everything a host app and a pack author need, packed the way they are published (the CLI depends on store-postgres). */
const PACKAGES = [
  'packages/sdk',
  'packages/runtime',
  'packages/store-sqlite',
  'packages/store-postgres',
  'packages/client',
  'packages/inspector',
  'packages/server',
  'packages/create-troupe-pack',
  'packages/cli',
  'packages/testing',
  'packs/hello',
];

// pnpm runs this suite under `pnpm test` (npm_execpath points at it); otherwise pnpm is on PATH.
const pnpm = process.env.npm_execpath?.includes('pnpm')
  ? { command: process.execPath, args: [process.env.npm_execpath] }
  : { command: 'pnpm', args: [] as string[] };

/** The environment of the processes a user would start: nothing of this vitest run leaks into the pack's own. */
const userEnv = Object.fromEntries(Object.keys(process.env).filter((key) => /^(VITEST|TINYPOOL|NODE_ENV$)/.test(key)).map((key) => [key, undefined]));

const root = mkdtempSync(join(tmpdir(), 'troupe-npm-install-'));
const tarballs = join(root, 'tarballs');
const app = join(root, 'app');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function ok(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<string> {
  const result = await runProcess(command, args, { cwd, timeoutMs, env: userEnv });
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const tarball = (name: string): string => {
  const prefix = `${name.replace(/^@/, '').replace('/', '-')}-`;
  const file = readdirSync(tarballs).find((candidate) => candidate.startsWith(prefix) && /^\d/.test(candidate.slice(prefix.length)));
  if (!file) throw new Error(`no tarball for ${name}`);
  return join(tarballs, file);
};

const npmInstall = ['install', '--no-audit', '--no-fund', '--prefer-offline'];

/**
 * better-sqlite3 as the workspace built it for this Node, packed: the registry
 * has no prebuilt binary reachable here, and compiling SQLite again for every
 * app takes minutes (twice in CI, once per Node version). The app installs it
 * with --ignore-scripts; everything else of it comes from the npm registry.
 */
function packBuiltBetterSqlite3(): string {
  const source = dirname(realpathSync(createRequire(join(REPO_ROOT, 'package.json')).resolve('better-sqlite3/package.json')));
  const stage = join(root, 'better-sqlite3', 'package');
  for (const part of ['package.json', 'LICENSE', 'lib', 'build/Release/better_sqlite3.node']) cpSync(join(source, part), join(stage, part), { recursive: true });
  const { version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { version: string };
  const file = join(tarballs, `better-sqlite3-${version}.tgz`);
  return file;
}

beforeAll(async () => {
  // `pnpm pack` rewrites workspace: and catalog: ranges to real versions, as publishing does.
  for (const pkg of PACKAGES) await ok(pnpm.command, [...pnpm.args, 'pack', '--pack-destination', tarballs], join(REPO_ROOT, pkg), 60_000);
  expect(readdirSync(tarballs).filter((file) => file.endsWith('.tgz'))).toHaveLength(PACKAGES.length);
  const sqlite = packBuiltBetterSqlite3();
  await ok('tar', ['-czf', sqlite, '-C', join(root, 'better-sqlite3'), 'package'], root, 60_000);
}, 300_000);

describe('a host app made with `troupe init` from npm tarballs, and a pack made with `troupe create-pack`', () => {
  it(
    'lists the installed pack as active with `npx troupe packs --json` and runs its workflow on the embedded SQLite default',
    async () => {
      mkdirSync(app);
      // @troupe/* come from the tarballs; third-party dependencies from the npm registry,
      // except better-sqlite3's native build (see packBuiltBetterSqlite3).
      const packages = ['@troupe/cli', '@troupe/pack-hello', '@troupe/sdk', '@troupe/runtime', '@troupe/store-sqlite', '@troupe/store-postgres', '@troupe/client', '@troupe/inspector', '@troupe/server', 'create-troupe-pack', 'better-sqlite3'];
      await ok('npm', [...npmInstall, '--ignore-scripts', ...packages.map(tarball)], app, 600_000);
      const init = await ok('npx', ['--no-install', 'troupe', 'init'], app, 60_000);
      expect(init).toContain('npx troupe run hello');
      expect(JSON.parse(readFileSync(join(app, 'troupe.config.json'), 'utf8'))).toMatchObject({ packs: [{ use: '@troupe/pack-hello' }] });
      expect(existsSync(join(app, 'node_modules/@troupe/sdk/schemas/host-config.schema.json'))).toBe(true);
      // The server's web inspector ships built in its package.
      expect(existsSync(join(app, 'node_modules', '@troupe', 'inspector', 'dist', 'app', 'index.html'))).toBe(true);

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

      const typo = await runProcess('npx', ['--no-install', 'troupe', 'run', 'helo'], { cwd: app, timeoutMs: 60_000 });
      expect(typo.code).toBe(1);
      expect(typo.stderr).toContain('did you mean "hello"?');
    },
    900_000,
  );

  it(
    'streams a run with @troupe/client on this Node with nothing installed besides the tarballs (ws comes with it)',
    async () => {
      writeFileSync(
        join(app, 'client-check.mjs'),
        `import { createHost } from '@troupe/runtime';
import { startServer } from '@troupe/server';
import { TroupeClient } from '@troupe/client';
const host = createHost({ configPath: 'troupe.config.json' });
await host.start();
const server = await startServer({ runs: host.engine, report: () => host.report(), logger: host.logger, port: 0, host: '127.0.0.1' });
const client = new TroupeClient({ url: server.address.url });
try {
  const run = await client.stream.start({ definitionId: 'hello', input: { name: 'client' } });
  const subscription = await client.subscribe({ runId: run.runId, since: 0 });
  for await (const message of subscription) {
    if (message.type === 'WORKFLOW_UPDATE' && message.progress.status === 'completed') break;
  }
  console.log(JSON.stringify((await client.rest.getRun(run.runId)).output));
} finally {
  client.close();
  await server.close();
  await host.stop();
}
`,
      );
      const output = await ok(process.execPath, ['client-check.mjs'], app, 60_000);
      expect(JSON.parse(output)).toMatchObject({ greeting: 'HELLO, CLIENT!' });
      expect(existsSync(join(app, 'node_modules/ws'))).toBe(true);
    },
    120_000,
  );

  it(
    'scaffolds a pack that installs, builds and passes its own test, and runs with `npx troupe run` in the host app',
    async () => {
      // What `npm create troupe-pack@latest word-pack` runs: the create-troupe-pack bin.
      const created = await ok(process.execPath, [join(app, 'node_modules/create-troupe-pack/bin/create-troupe-pack.js'), 'word-pack'], root, 60_000);
      expect(created).toContain('npm test');
      const pack = join(root, 'word-pack');
      // The pack's @troupe/* dev dependencies from the tarballs (no registry copy here), the rest from the registry.
      await ok('npm', [...npmInstall, '--save-dev', ...['@troupe/sdk', '@troupe/runtime', '@troupe/testing'].map(tarball)], pack, 400_000);
      await ok('npm', ['run', 'build'], pack, 120_000);
      const tested = await runProcess('npm', ['test'], { cwd: pack, timeoutMs: 180_000, env: userEnv });
      expect(tested.code, `${tested.stdout}\n${tested.stderr}`).toBe(0);
      expect(tested.stdout).toMatch(/2 passed/);

      // Published the way npm does it (prepack builds), installed into the host app, listed in its config.
      const packed = (await ok('npm', ['pack', '--pack-destination', tarballs], pack, 120_000)).trim().split('\n').at(-1)!;
      await ok('npm', [...npmInstall, '--ignore-scripts', join(tarballs, packed)], app, 300_000);
      const configFile = join(app, 'troupe.config.json');
      const config = JSON.parse(readFileSync(configFile, 'utf8')) as { packs: { use: string }[] };
      writeFileSync(configFile, JSON.stringify({ ...config, packs: [...config.packs, { use: 'word-pack' }] }, null, 2));

      const run = await runProcess('npx', ['--no-install', 'troupe', 'run', 'count-words', '--input', '{"text":"the quick brown fox"}', '--json'], { cwd: app, timeoutMs: 60_000 });
      expect(run.stderr).not.toContain('E_');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 'completed', output: { words: 4, characters: 19 } });

      // The pack's guardrail applies in the host too (its manifest's policies).
      const blocked = await runProcess('npx', ['--no-install', 'troupe', 'run', 'count-words', '--input', JSON.stringify({ text: 'a'.repeat(10_001) }), '--json'], { cwd: app, timeoutMs: 60_000 });
      expect(blocked.code).toBe(1);
      expect(JSON.parse(blocked.stdout)).toMatchObject({ status: 'failed' });
    },
    900_000,
  );
});
