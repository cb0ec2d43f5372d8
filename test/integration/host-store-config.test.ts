import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliIo } from '@troupe/cli';
import { createHost, openConfiguredStore, type TroupeHost } from '@troupe/runtime';
import { isTroupeError } from '@troupe/sdk';
import { REPO_ROOT } from '../e2e/cliProcess.js';

/** A host folder whose troupe.config.json loads the example pack, with `extra` merged in. */
function hostFolder(extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-store-config-'));
  writeFileSync(join(dir, 'troupe.config.json'), JSON.stringify({ packs: [{ use: join(REPO_ROOT, 'packs/hello') }], ...extra }));
  folders.push(dir);
  return dir;
}
const folders: string[] = [];
const hosts: TroupeHost[] = [];

async function runHello(dir: string): Promise<string> {
  const host = createHost({ configPath: 'troupe.config.json', cwd: dir });
  hosts.push(host);
  await host.start();
  const { runId } = await host.engine.startWorkflow('hello', { input: { name: 'store' } });
  expect((await host.engine.wait(runId)).status).toBe('completed');
  await host.stop();
  return runId;
}

async function troupeRunsJson(dir: string): Promise<string[]> {
  let out = '';
  const io: CliIo = { stdout: { write: (text) => void (out += text) }, stderr: { write: () => {} }, cwd: dir, env: {} };
  expect(await main(['runs', '--json'], io)).toBe(0);
  return (JSON.parse(out) as { runs: { runId: string }[] }).runs.map((run) => run.runId);
}

afterEach(async () => {
  for (const host of hosts.splice(0)) if (host.state === 'started') await host.stop();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the config store means the same in an embedded host and in the CLI', () => {
  it('opens a `sqlite:` store named in the config from createHost, and `troupe runs` lists the run it made', async () => {
    const dir = hostFolder({ store: 'sqlite:data/runs.db' });
    const runId = await runHello(dir);
    expect(existsSync(join(dir, 'data', 'runs.db'))).toBe(true);
    expect(await troupeRunsJson(dir)).toEqual([runId]);
  });

  it('with no `store`, a host with a config file keeps runs in .troupe/troupe.db as the CLI does', async () => {
    const dir = hostFolder();
    const runId = await runHello(dir);
    expect(existsSync(join(dir, '.troupe', 'troupe.db'))).toBe(true);
    expect(await troupeRunsJson(dir)).toEqual([runId]);
  });

  it('keeps runs in memory for a config given in code with no `store`', async () => {
    const host = createHost({ config: {} });
    expect(host.storeSpec).toBe('memory');
  });

  it('refuses a `sqlite:` store with an install hint when @troupe/store-sqlite is missing (E_STORE_UNAVAILABLE)', async () => {
    const missing = Object.assign(new Error("Cannot find package '@troupe/store-sqlite' imported from /app/node_modules/@troupe/runtime/dist/index.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error: unknown = await openConfiguredStore('sqlite:x.db', '/app', { importSqlite: () => Promise.reject(missing) }).catch((caught: unknown) => caught);
    expect(isTroupeError(error, 'E_STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('npm install @troupe/store-sqlite');
  });

  it('refuses a `postgres://` store with an install hint when @troupe/store-postgres is missing, without the password (E_STORE_UNAVAILABLE)', async () => {
    const missing = Object.assign(new Error("Cannot find package '@troupe/store-postgres' imported from /app/node_modules/@troupe/runtime/dist/index.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error: unknown = await openConfiguredStore('postgres://troupe:pw@db.invalid/troupe', '/app', { importPostgres: () => Promise.reject(missing) }).catch((caught: unknown) => caught);
    expect(isTroupeError(error, 'E_STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('npm install @troupe/store-postgres');
    expect((error as Error).message).not.toContain(':pw@');
  });

  it('maps `postgres://` to the PostgreSQL store for createHost and the CLI alike, without connecting yet', async () => {
    const store = await openConfiguredStore('postgres://troupe:pw@db.invalid:5432/troupe?schema=tenant_a', '/app');
    expect(store.kind).toBe('postgres');
    expect(store).toMatchObject({ schema: 'tenant_a', description: 'postgres://troupe:***@db.invalid:5432/troupe (schema tenant_a)' });
  });

  it('refuses a store it cannot open at start, before any pack loads', async () => {
    // Nothing listens on port 1: the PostgreSQL store fails to connect.
    const dir = hostFolder({ store: 'postgres://troupe@127.0.0.1:1/troupe' });
    const host = createHost({ configPath: 'troupe.config.json', cwd: dir });
    await expect(host.start()).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE' });
  });
});
