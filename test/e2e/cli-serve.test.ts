import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '@troupe/sdk';
import { CLI_BIN, runCli } from './cliProcess.js';
import { createScratchApp } from './scratchApp.js';

/** A long-running `troupe …` (serve, watch): its output so far, and a way to wait for a line of it. */
interface LiveProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout, as soon as it appears. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

function startCli(args: readonly string[], cwd: string): LiveProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env: { ...process.env, TROUPE_DEBUG: undefined }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(out);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern) => {
      const match = pattern.exec(out);
      if (match) return Promise.resolve(match);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then(() => reject(new Error(`exited before printing ${pattern}:\n${out}\n${err}`)));
      });
    },
  };
}

let app: string;
let server: LiveProcess;
let url: string;

async function post(path: string, body: unknown): Promise<{ run: RunState }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok, await response.clone().text()).toBe(true);
  return (await response.json()) as { run: RunState };
}

beforeAll(async () => {
  app = createScratchApp();
  server = startCli(['serve', '--port', '0'], app);
  url = (await server.waitFor(/^listening on (http:\/\/127\.0\.0\.1:\d+) \(websocket ws:\/\/127\.0\.0\.1:\d+\/v1\/stream\)$/m))[1]!;
});

afterAll(async () => {
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(app, { recursive: true, force: true });
});

describe('troupe serve', () => {
  it('prints the startup report and serves it with the runs of the host', async () => {
    expect(server.stdout()).toMatch(/^@fixtures\/review\s+1\.0\.0\s+active/m);
    const packs = (await (await fetch(`${url}/v1/packs`)).json()) as { packs: { id: string; status: string }[] };
    expect(packs.packs.map((pack) => `${pack.id} ${pack.status}`)).toEqual(['@troupe/pack-hello active', '@fixtures/review active']);
    const { run } = await post('/v1/workflows/start', { definitionId: 'hello', input: { name: 'Server' } });
    const stored = (await (await fetch(`${url}/v1/runs/${run.runId}`)).json()) as { run: RunState };
    expect(stored.run.pin).toMatchObject({ definitionId: 'hello', packVersions: { '@troupe/pack-hello': '1.0.0' } });
  });

  it.each([
    [['serve', '--port', 'http'], 2, 'E_CLI_USAGE: --port must be a whole number from 1 to 65535, not "http"'],
    [['serve', '--port', '0', '--host', '0.0.0.0'], 1, 'E_SERVER_UNSAFE_BIND: Refusing to listen on 0.0.0.0 without any token configured'],
  ])('%j exits %i with its code', async (args, code, message) => {
    // A project of its own: the running server holds this one's store (a second serve on it is E_STORE_LOCKED).
    const lone = createScratchApp();
    const result = await runCli(args, { cwd: lone });
    rmSync(lone, { recursive: true, force: true });
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('hint: ');
  });
});

describe('troupe watch', () => {
  it('follows one run of the server until it ends, exit 0 when it completed', async () => {
    const { run } = await post('/v1/workflows/start', { definitionId: 'review', input: { topic: 'otters' } });
    const watch = startCli(['watch', run.runId, '--url', url], app);
    await watch.waitFor(new RegExp(`${run.runId} review awaiting_input`));
    await post(`/v1/runs/${run.runId}/tasks/approve/answer`, { approved: true, comment: 'go' });
    expect(await watch.exited).toBe(0);
    expect(watch.stdout()).toMatch(new RegExp(`${run.runId} review completed 100%`));
    expect(watch.stderr()).toBe('');
  });

  it('follows every run with --all until stopped', async () => {
    const watch = startCli(['watch', '--all', '--url', url], app);
    // The watcher prints nothing until a run changes: wait for the server to count its subscription.
    const subscriptions = async (): Promise<number> => Number(/^troupe_ws_subscriptions (\d+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);
    while ((await subscriptions()) === 0) await new Promise((resolve) => setImmediate(resolve));
    const { run } = await post('/v1/workflows/start', { definitionId: 'review' });
    await watch.waitFor(new RegExp(`${run.runId} review awaiting_input`));
    await post(`/v1/runs/${run.runId}/tasks/approve/answer`, { approved: true });
    await watch.waitFor(new RegExp(`${run.runId} review completed 100%`));
    watch.child.kill('SIGTERM');
    expect(await watch.exited).toBe(0);
  });

  it.each([
    [['watch'], 2, 'E_CLI_USAGE: troupe watch needs a run id or --all'],
    [['watch', 'some-run', '--all'], 2, 'E_CLI_USAGE: troupe watch takes a run id or --all, not both'],
    [['watch', 'no-such-run', '--url', 'URL'], 1, 'E_RUN_NOT_FOUND: No run with id no-such-run'],
    [['watch', 'any', '--url', 'http://127.0.0.1:9'], 1, 'E_CLIENT_DISCONNECTED: Lost the connection to http://127.0.0.1:9'],
  ])('%j exits %i with its code', async (args, code, message) => {
    const result = await runCli(args.map((arg) => (arg === 'URL' ? url : arg)), { cwd: app });
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('hint: ');
  });
});

describe('stopping troupe serve', () => {
  it('closes the server and stops the host on SIGTERM, exit 0', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toMatch(/stopping\n$/);
    expect(server.stderr()).not.toMatch(/"level":(50|60)/);
  });
});
