import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '@troupe/runtime';
import { defineTool, defineWorkflow, TroupeError, type WorkflowStore } from '@troupe/sdk';
import { createSqliteStore } from '@troupe/store-sqlite';
import { createTestEngine } from '@troupe/testing';
import { call, startTestServer } from '../integration/server-harness.js';

/**
 * The store really fails (disk full): the engine says so under
 * E_STORE_WRITE_FAILED, /healthz answers 503 with that code (and no file
 * path), new starts are refused at once, and when the disk is freed the
 * engine goes on by itself: the start that was in flight completes, new
 * starts succeed, no restart.
 */
const dir = mkdtempSync(join(tmpdir(), 'troupe-store-failure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real SQLite store whose writes fail as SqliteStore reports a full disk while `full` is set. */
function diskThatFills(inner: WorkflowStore) {
  const state = { full: false, refused: 0 };
  let firstRefusal!: () => void;
  const refused = new Promise<void>((resolve) => (firstRefusal = resolve));
  const fail = (): never => {
    state.refused++;
    firstRefusal();
    throw new TroupeError('E_STORE_WRITE_FAILED', { store: 'sqlite:troupe.db', reason: 'database or disk is full', sqliteCode: 'SQLITE_FULL' });
  };
  const store = new Proxy(inner, {
    get(target, property) {
      if ((property === 'commit' || property === 'appendAudit') && state.full) return fail;
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, state, refused };
}

describe('disk full, then freed', () => {
  it('reports E_STORE_WRITE_FAILED, answers /healthz 503, and recovers by itself when the store writes again', async () => {
    const sqlite = createSqliteStore({ path: join(dir, 'troupe.db') });
    await sqlite.open();
    const disk = diskThatFills(sqlite);
    const t = createTestEngine({
      store: disk.store,
      clock: systemClock,
      descriptors: [
        defineTool({ id: 'ok', execute: () => ({ fine: true }) }),
        defineWorkflow({ id: 'fine', version: '1.0.0', tasks: [{ id: 'a', executor: { type: 'tool', toolId: 'ok' } }] }),
      ],
    });
    const server = await startTestServer({ runs: t.engine });
    try {
      expect((await t.engine.wait((await t.engine.startWorkflow('fine')).runId)).status).toBe('completed');
      expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);

      disk.state.full = true;
      const inFlight = t.engine.startWorkflow('fine');
      await disk.refused;
      expect(t.engine.health()).toMatchObject({ ok: false, error: { code: 'E_STORE_WRITE_FAILED' } });
      const health = await call<{ status: string; error: { code: string; message: string } }>(server.url, 'GET', '/healthz');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'unhealthy', error: { code: 'E_STORE_WRITE_FAILED' } });
      expect(JSON.stringify(health.body)).not.toContain(dir);
      await expect(t.engine.startWorkflow('fine')).rejects.toMatchObject({ code: 'E_STORE_WRITE_FAILED' });
      const refusedOverRest = await call<{ error: { code: string } }>(server.url, 'POST', '/v1/workflows/start', { body: { definitionId: 'fine' } });
      expect(refusedOverRest.status).toBe(503);
      expect(refusedOverRest.body.error.code).toBe('E_STORE_WRITE_FAILED');

      disk.state.full = false;
      const started = await inFlight;
      expect((await t.engine.wait(started.runId)).status).toBe('completed');
      expect(t.engine.health()).toEqual({ ok: true });
      expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);
      expect((await t.engine.wait((await t.engine.startWorkflow('fine')).runId)).status).toBe('completed');
      expect(disk.state.refused).toBeGreaterThan(0);
    } finally {
      await server.close();
      await t.close();
      await sqlite.close();
    }
  });
});
