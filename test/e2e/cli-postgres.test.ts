import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState, RunSummary } from '@troupe/sdk';
import { startPostgresServer, type PostgresServer } from '@troupe/testing';
import { runCli, type ProcessResult } from './cliProcess.js';
import { createScratchApp } from './scratchApp.js';

/** `store: "postgres://…"` in troupe.config.json, as a user runs the built CLI against a real server. */
let server: PostgresServer;
let app: string;

beforeAll(async () => {
  server = await startPostgresServer();
  app = createScratchApp({ store: `${server.url}?schema=cli_e2e` });
}, 120_000);
afterAll(async () => {
  rmSync(app, { recursive: true, force: true });
  await server?.destroy();
});

const troupe = (...args: string[]): Promise<ProcessResult> => runCli(args, { cwd: app });

describe('troupe on a PostgreSQL store', () => {
  it('runs a workflow, and later commands in other processes read it back from the server', async () => {
    const run = await troupe('run', 'hello', '--input', '{"name":"Ada"}', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const state = JSON.parse(run.stdout) as RunState;
    expect(state.status).toBe('completed');

    const runs = await troupe('runs', '--json');
    expect(runs.code).toBe(0);
    expect((JSON.parse(runs.stdout) as { runs: RunSummary[] }).runs.map((summary) => summary.runId)).toEqual([state.runId]);
    const status = await troupe('status', state.runId, '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ runId: state.runId, status: 'completed', output: state.output });
  }, 120_000);

  it('keeps a run waiting for a human on the server until `troupe approve` in another process', async () => {
    const run = await troupe('run', 'review', '--input', '{"topic":"pg"}');
    expect(run.code).toBe(3);
    const runId = /^run ([\w-]+): /m.exec(run.stdout)![1]!;
    const approve = await troupe('approve', runId, 'approve');
    expect(approve.code).toBe(0);
    const status = await troupe('status', runId, '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'completed' });
  }, 120_000);
});
