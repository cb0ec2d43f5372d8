import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type ProcessResult } from './cliProcess.js';
import { createScratchApp } from './scratchApp.js';

/**
 * What a `troupe` command loads. The command runs from its bundle
 * (packages/cli/bundle/: a file per command, shared chunks); the cheap
 * commands load the small part of it and no npm package, and each command
 * loads only the packages kept out of the bundle that it needs (stores,
 * the schema compiler). Seen by test/fixtures/report-loaded-modules.mjs,
 * preloaded with `node --import`.
 */
const REPORTER = fileURLToPath(new URL('../fixtures/report-loaded-modules.mjs', import.meta.url));

let app: string;
beforeAll(() => {
  app = createScratchApp();
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

interface Loaded {
  readonly packages: string[];
  readonly bundleKb: number;
  /** Files of ajv loaded from node_modules one by one. */
  readonly ajvFiles: number;
}

async function troupe(...args: string[]): Promise<ProcessResult & Loaded> {
  return troupeWith({}, ...args);
}

async function troupeWith(env: Record<string, string>, ...args: string[]): Promise<ProcessResult & Loaded> {
  const result = await runCli(args, { cwd: app, env: { NODE_OPTIONS: `--import ${REPORTER}`, ...env } });
  const match = /\nloaded: (.*)\n$/.exec(result.stderr);
  if (!match) throw new Error(`no report of what was loaded in:\n${result.stderr}`);
  return { ...result, stderr: result.stderr.slice(0, match.index), ...(JSON.parse(match[1]!) as Loaded) };
}

/** Loaded only by what serves, scales out (PostgreSQL, BullMQ on Redis) or drives a browser. */
const SERVING = ['ws', 'pg', 'ioredis', 'bullmq', 'playwright-core', '@troupe/server', '@troupe/store-postgres', '@troupe/inspector'];
/** The schema compiler: only commands that check packs or run workflows need it. */
const SCHEMAS = ['ajv', 'ajv-formats'];
/** The command table and the help: the part of the bundle every command loads. */
const SMALL_KB = 100;

describe('troupe start-up', () => {
  it.each([['--help'], ['--version'], ['help']])('`troupe %s` loads no npm package and only the small part of the bundle', async (flag) => {
    const result = await troupe(flag);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toBe('');
    expect(result.packages.filter((name) => !name.startsWith('@troupe/'))).toEqual([]);
    expect(result.bundleKb).toBeGreaterThan(0);
    expect(result.bundleKb).toBeLessThan(SMALL_KB);
  });

  it('`troupe runs` and `troupe status` read the store without a schema compiler or a server', async () => {
    const ran = await troupe('run', 'hello', '--json');
    expect(ran.code).toBe(0);
    const { runId } = JSON.parse(ran.stdout) as { runId: string };
    for (const result of [await troupe('runs'), await troupe('status', runId)]) {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(runId);
      expect(result.packages).toEqual(expect.arrayContaining(['better-sqlite3', '@troupe/store-sqlite']));
      for (const name of [...SCHEMAS, ...SERVING]) expect(result.packages).not.toContain(name);
    }
  });

  it('`troupe run` loads what a local run needs and nothing of the server or the scale-out stores', async () => {
    const result = await troupe('run', 'hello');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ run [\w-]+ completed/);
    expect(result.packages).toEqual(expect.arrayContaining(['better-sqlite3', 'ajv']));
    for (const name of SERVING) expect(result.packages).not.toContain(name);
  });

  it('a command\'s own help loads no store, schema compiler or server, and an unknown command is still suggested', async () => {
    const help = await troupe('status', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: troupe status <runId> [options]');
    for (const name of ['better-sqlite3', '@troupe/store-sqlite', ...SCHEMAS, ...SERVING]) expect(help.packages).not.toContain(name);
    const typo = await troupe('stauts');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean `troupe status`?');
  });

  it('a command that compiles schemas with no compiled copy to reuse loads ajv as one file, not module by module', async () => {
    // The compiled-schema store off: every schema of the demo pack is compiled by ajv in this process.
    const result = await troupeWith({ TROUPE_SCHEMA_CACHE: 'off' }, 'run', 'hello');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ run [\w-]+ completed/);
    // ajv and ajv-formats from node_modules are about a hundred files; what is left is a runtime helper or two.
    expect(result.ajvFiles).toBeLessThan(10);
  });
});
