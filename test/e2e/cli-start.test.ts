import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type ProcessResult } from './cliProcess.js';
import { createScratchApp } from './scratchApp.js';

/**
 * What a `troupe` command loads: each command's module (and the runtime,
 * stores, server, … it imports) only when that command runs, so the cheap
 * commands stay cheap. Seen from the npm packages the process loaded
 * (test/fixtures/report-loaded-packages.cjs, preloaded with `node -r`).
 */
const REPORTER = fileURLToPath(new URL('../fixtures/report-loaded-packages.cjs', import.meta.url));

let app: string;
beforeAll(() => {
  app = createScratchApp();
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

async function troupe(...args: string[]): Promise<ProcessResult & { packages: string[] }> {
  const result = await runCli(args, { cwd: app, env: { NODE_OPTIONS: `-r ${REPORTER}` } });
  const match = /\nloaded packages: (.*)\n$/.exec(result.stderr);
  if (!match) throw new Error(`no report of loaded packages in:\n${result.stderr}`);
  return { ...result, stderr: result.stderr.slice(0, match.index), packages: JSON.parse(match[1]!) as string[] };
}

/** Loaded only by what serves, scales out (PostgreSQL, BullMQ on Redis) or drives a browser; CommonJS, so the report sees them. */
const SERVING = ['ws', 'pg', 'ioredis', 'playwright-core'];

describe('troupe start-up', () => {
  it.each([['--help'], ['--version'], ['help']])('`troupe %s` loads no npm package at all', async (flag) => {
    const result = await troupe(flag);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toBe('');
    expect(result.packages).toEqual([]);
  });

  it('`troupe runs` and `troupe status` read the store without a logger, a schema compiler or a server', async () => {
    const ran = await troupe('run', 'hello', '--json');
    expect(ran.code).toBe(0);
    const { runId } = JSON.parse(ran.stdout) as { runId: string };
    for (const result of [await troupe('runs'), await troupe('status', runId)]) {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(runId);
      expect(result.packages).toContain('better-sqlite3');
      for (const name of ['pino', 'ajv-formats', ...SERVING]) expect(result.packages).not.toContain(name);
    }
  });

  it('`troupe run` loads what a local run needs and nothing of the server or the scale-out stores', async () => {
    const result = await troupe('run', 'hello');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ run [\w-]+ completed/);
    expect(result.packages).toEqual(expect.arrayContaining(['better-sqlite3', 'pino', 'tsyringe']));
    for (const name of SERVING) expect(result.packages).not.toContain(name);
  });

  it('a command\'s own help loads that command only, and an unknown command is still suggested', async () => {
    const help = await troupe('status', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: troupe status <runId> [options]');
    for (const name of ['better-sqlite3', 'pino', ...SERVING]) expect(help.packages).not.toContain(name);
    const typo = await troupe('stauts');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean `troupe status`?');
  });
});
