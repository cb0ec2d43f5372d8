import { closeSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '@troupe/store-sqlite';
import { runCli } from '../e2e/cliProcess.js';
import { createScratchApp } from '../e2e/scratchApp.js';

/**
 * A store whose later pages are damaged gives E_STORE_CORRUPT with a hint
 * (not a raw SQLITE_CORRUPT); after an unclean shutdown open() runs
 * `PRAGMA quick_check` and refuses a damaged file up front; `troupe run`
 * prints the code and hint, no stack trace.
 */
const app = createScratchApp();
afterAll(() => rmSync(app, { recursive: true, force: true }));
let counter = 0;

/** A store file with enough audit rows for many pages, closed cleanly. */
async function filledStore(): Promise<string> {
  const path = join(app, `store-${++counter}.db`);
  const store = createSqliteStore({ path });
  await store.open();
  for (let i = 0; i < 100; i++) await store.appendAudit([{ at: i, actor: 'a', action: 'x', data: { pad: 'y'.repeat(3000) } }]);
  await store.close();
  return path;
}

/** Another process's store that has written and not closed: its WAL stays behind, as after kill -9. */
async function openAndWrite(path: string) {
  const other = createSqliteStore({ path, integrityCheck: 'never' });
  await other.open();
  await other.appendAudit([{ at: 1, actor: 'other', action: 'x' }]);
  return other;
}

/** Overwrites every page after the fourth with garbage: the schema still reads, the tables do not. */
function damageLaterPages(path: string): void {
  const pages = statSync(path).size / 4096;
  const fd = openSync(path, 'r+');
  for (let page = 4; page < pages; page++) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, page * 4096);
  closeSync(fd);
}

describe('a damaged store', () => {
  it('reads fail with E_STORE_CORRUPT and a hint, not a raw SQLITE_CORRUPT', async () => {
    const path = await filledStore();
    damageLaterPages(path);
    const store = createSqliteStore({ path });
    await store.open();
    try {
      const error = await store.listAudit({}).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toMatchObject({ code: 'E_STORE_CORRUPT', details: { sqliteCode: 'SQLITE_CORRUPT' } });
      expect((error as { hint: string }).hint).toMatch(/backup/);
      expect((error as Error).message).not.toContain(app);
    } finally {
      await store.close();
    }
  });

  it('after an unclean shutdown (a WAL left behind), open() runs quick_check and refuses a damaged file', async () => {
    const path = await filledStore();
    const other = await openAndWrite(path);
    damageLaterPages(path);
    try {
      await expect(createSqliteStore({ path }).open()).rejects.toMatchObject({ code: 'E_STORE_CORRUPT', message: expect.stringContaining('quick_check') });
    } finally {
      await other.close();
    }
  });

  it('a healthy store left open by another process passes the check and opens', async () => {
    const path = await filledStore();
    const other = await openAndWrite(path);
    const store = createSqliteStore({ path });
    try {
      await store.open();
      expect(await store.listAudit({ limit: 1 })).toHaveLength(1);
    } finally {
      await store.close();
      await other.close();
    }
  });

  it('troupe run on a damaged store prints E_STORE_CORRUPT with its hint and no stack trace', async () => {
    const path = await filledStore();
    damageLaterPages(path);
    const config = join(app, `corrupt-${counter}.config.json`);
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(join(app, 'troupe.config.json'), 'utf8')), store: `sqlite:${path}` }));
    const damaged = await runCli(['run', 'hello', '--input', '{"name":"Ada"}', '--config', config], { cwd: app });
    expect(damaged.code).not.toBe(0);
    expect(damaged.stderr).toContain('E_STORE_CORRUPT');
    expect(damaged.stderr).toMatch(/hint: .*backup/);
    expect(damaged.stderr).not.toMatch(/^\s+at /m);
    expect(damaged.stderr).not.toContain('"stack"');
  });
});
