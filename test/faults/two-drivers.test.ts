import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@troupe/client';
import type { RunState } from '@troupe/sdk';
import { CLI_BIN } from '../e2e/cliProcess.js';
import { createApprovalApp } from './approvalApp.js';

/**
 * One host per store: while `troupe serve` drives the default SQLite store,
 * a second driver (`troupe run`, `approve`, `serve`) is refused with
 * E_STORE_LOCKED naming the server, and the server loses nothing (its waiting
 * runs stay as they are, every tool runs once); read-only commands keep
 * working; the CLI acts through the server with --url; once the server is
 * killed (-9) the next driver on this machine takes the store at once.
 */
const RUNS = 20;
const app = createApprovalApp();
let server: ChildProcess;
let url: string;
let serverOutput = '';

beforeAll(async () => {
  server = spawn(process.execPath, [CLI_BIN, 'serve', '--port', '0'], { cwd: app.dir, env: { ...process.env, SIDE_EFFECTS: `${app.dir}/effects.log`, TROUPE_DEBUG: undefined }, stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    server.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      serverOutput += chunk;
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+) /m.exec(serverOutput);
      if (match) resolve(match[1]!);
    });
    server.stderr!.setEncoding('utf8').on('data', (chunk: string) => (serverOutput += chunk));
    server.on('exit', () => reject(new Error(`troupe serve exited:\n${serverOutput}`)));
  });
}, 180_000);
afterAll(() => {
  if (server.exitCode === null) server.kill('SIGKILL');
  rmSync(app.dir, { recursive: true, force: true });
});

async function post<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok, await response.clone().text()).toBe(true);
  return (await response.json()) as T;
}

async function getRun(runId: string): Promise<RunState> {
  return ((await (await fetch(`${url}/v1/runs/${runId}`)).json()) as { run: RunState }).run;
}

/** Resolves once the run's status is `status`, from the server's stream (no polling). */
async function until(runId: string, status: RunState['status']): Promise<void> {
  const client = createClient({ url });
  try {
    if ((await client.rest.getRun(runId)).status === status) return;
    for await (const message of await client.subscribe({ runId, since: 0 })) {
      if (message.type === 'WORKFLOW_UPDATE' && message.progress.status === status) return;
    }
  } finally {
    client.close();
  }
}

describe('a second driver of a store that troupe serve drives', () => {
  let runIds: string[] = [];

  it('is refused with E_STORE_LOCKED naming the server and what to do; the server loses nothing', async () => {
    // Guarded runs wait for a guardrail approval after their tool ran once.
    for (let i = 0; i < RUNS; i++) runIds.push((await post<{ run: RunState }>('/v1/workflows/start', { definitionId: 'guarded' })).run.runId);
    await Promise.all(runIds.map((runId) => until(runId, 'awaiting_input')));
    const second = await Promise.all([app.troupe(['run', 'guarded']), app.troupe(['approve', runIds[0]!, 'send']), app.troupe(['serve', '--port', '0'])]);
    for (const result of second) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/E_STORE_LOCKED: The store sqlite:\.troupe\/troupe\.db is driven by another host: troupe serve on http:\/\/127\.0\.0\.1:\d+ \(pid \d+ on /);
      expect(result.stderr).toContain('--url URL');
      expect(result.stdout).not.toContain('approved');
    }
    for (const runId of runIds) expect((await getRun(runId)).status).toBe('awaiting_input');
    expect(app.effects()).toHaveLength(RUNS);
  }, 180_000);

  it('leaves read-only commands working', async () => {
    for (const args of [['runs', '--json'], ['status', runIds[0]!], ['events', runIds[0]!], ['audit'], ['validate'], ['packs']]) {
      const result = await app.troupe(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
  }, 180_000);

  it('acts through the server with --url (and TROUPE_URL): approve, answer, run, cancel', async () => {
    const approved = await app.troupe(['approve', runIds[0]!, 'send', '--url', url]);
    expect(approved.code, approved.stdout + approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`approved send of run ${runIds[0]}`);
    expect(approved.stdout).toContain(`✓ run ${runIds[0]} completed`);

    const started = await app.troupe(['run', 'guarded'], { TROUPE_URL: url });
    expect(started.code, started.stdout + started.stderr).toBe(3);
    const runId = /run ([0-9a-f-]{36}) is waiting/.exec(started.stdout)![1]!;
    expect(started.stdout).toContain(`troupe approve ${runId} send [--reject] [--comment TEXT] --url ${url}`);

    const wrong = await app.troupe(['approve', runIds[1]!, 'nope', '--url', url]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('E_TASK_NOT_FOUND');
    expect(wrong.stdout).not.toContain('approved');

    const cancelled = await app.troupe(['cancel', runIds[1]!, '--reason', 'not today', '--url', url]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toContain(`cancelled run ${runIds[1]}`);
    expect((await getRun(runIds[1]!)).status).toBe('cancelled');

    for (const id of [runId, ...runIds.slice(2)]) await post(`/v1/runs/${id}/tasks/send/answer`, { approved: true });
    await Promise.all(runIds.slice(2).map((id) => until(id, 'completed')));
    // Every tool ran exactly once: nobody else drove these runs.
    expect(app.effects()).toHaveLength(RUNS + 1);
  }, 180_000);

  it('troupe watch on a waiting run prints the exact command that answers it', async () => {
    const { run } = await post<{ run: RunState }>('/v1/workflows/start', { definitionId: 'guarded' });
    await until(run.runId, 'awaiting_input');
    const watch = spawn(process.execPath, [CLI_BIN, 'watch', run.runId, '--url', url], { cwd: app.dir, env: { ...process.env, TROUPE_DEBUG: undefined }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const command = `troupe approve ${run.runId} send [--reject] [--comment TEXT] --url ${url}`;
    await new Promise<void>((resolve, reject) => {
      watch.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes(command)) resolve();
      });
      watch.on('exit', () => reject(new Error(`watch exited:\n${out}`)));
    });
    expect(out).toContain("guardrail outbound-review asks before the task's output goes on: outbound-review: mail goes to 3 recipients");
    const exited = new Promise<number | null>((resolve) => watch.on('exit', resolve));
    await post(`/v1/runs/${run.runId}/tasks/send/answer`, { approved: true });
    expect(await exited).toBe(0);
  }, 180_000);

  it('hands the store to the next driver at once when the server is killed -9', async () => {
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    const next = await app.troupe(['run', 'guarded']);
    expect(next.code, next.stderr).toBe(3);
  }, 180_000);
});
