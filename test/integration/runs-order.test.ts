import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '@troupe/cli';
import { createHost, type TroupeHost } from '@troupe/runtime';
import type { RunPage } from '@troupe/sdk';
import { startServer, type RunningServer } from '@troupe/server';
import { REPO_ROOT } from '../e2e/cliProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'troupe-runs-order-'));
let host: TroupeHost;
let server: RunningServer;
const started: string[] = [];

beforeAll(async () => {
  writeFileSync(join(dir, 'troupe.config.json'), JSON.stringify({ packs: [{ use: join(REPO_ROOT, 'packs/hello') }] }));
  host = createHost({ configPath: 'troupe.config.json', cwd: dir });
  await host.start();
  for (const name of ['a', 'b', 'c']) {
    const { runId } = await host.engine.startWorkflow('hello', { input: { name } });
    await host.engine.wait(runId);
    started.push(runId);
  }
  server = await startServer({ runs: host.engine, report: () => host.report(), logger: host.logger, port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function cliPage(...args: string[]): Promise<RunPage> {
  let out = '';
  const io: CliIo = { stdout: { write: (text) => void (out += text) }, stderr: { write: () => {} }, cwd: dir, env: {} };
  expect(await main(['runs', '--json', ...args], io)).toBe(0);
  return JSON.parse(out) as RunPage;
}

async function restPage(query: string): Promise<RunPage> {
  const response = await fetch(`${server.address.url}/v1/runs${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as RunPage;
}

describe('GET /v1/runs and `troupe runs` list the same way', () => {
  it('newest first, with the same pages and the same cursors', async () => {
    const ids = (page: RunPage): string[] => page.runs.map((run) => run.runId);
    const [cli, rest] = [await cliPage('--limit', '2'), await restPage('?limit=2')];
    expect(ids(cli)).toEqual([started[2], started[1]]);
    expect(ids(rest)).toEqual(ids(cli));
    expect(rest.nextCursor).toBeDefined();
    expect(cli.nextCursor).toBe(rest.nextCursor);
    const [cliNext, restNext] = [await cliPage('--limit', '2', '--cursor', cli.nextCursor!), await restPage(`?limit=2&cursor=${encodeURIComponent(rest.nextCursor!)}`)];
    expect(ids(cliNext)).toEqual([started[0]]);
    expect(ids(restNext)).toEqual(ids(cliNext));
  });
});
