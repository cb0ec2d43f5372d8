import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersionOf } from './migrations.js';
import { SqliteStore } from './SqliteStore.js';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'troupe-migrate-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function indexNames(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
      (row) => row.name,
    );
  } finally {
    db.close();
  }
}

/** A run row (with its definition) as older versions wrote it: run key 1, `old-run` of `wf@1.0.0`. */
function insertOldRun(
  db: Database.Database,
  row: { readonly status: string; readonly conversationId: string | null; readonly updatedAt: number; readonly seq: number; readonly state: Record<string, unknown> },
): void {
  db.prepare("INSERT INTO run_definitions (hash, definition) VALUES ('h1', ?)").run(JSON.stringify({ id: 'wf', version: '1.0.0', tasks: [] }));
  db.prepare(
    `INSERT INTO runs (id, run_id, definition_id, definition_version, definition_hash, status, conversation_id, parent_run_id,
                       created_at, updated_at, ended_at, seq, state)
     VALUES (1, 'old-run', 'wf', '1.0.0', 'h1', ?, ?, NULL, 10, ?, NULL, ?, ?)`,
  ).run(row.status, row.conversationId, row.updatedAt, row.seq, JSON.stringify({ pin: { definitionId: 'wf', definitionVersion: '1.0.0', definitionHash: 'x', packVersions: {} }, ...row.state, roleAssignments: {} }));
}

describe('schema migrations', () => {
  it('ships ordered, gap-free versions', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(Array.from({ length: MIGRATIONS.length }, (_, index) => index + 1));
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('upgrades a version 1 database and keeps its runs', async () => {
    const path = join(folder, 'v1.db');
    const old = new Database(path);
    migrate(old, 1);
    expect(schemaVersionOf(old)).toBe(1);
    // Rows as a version 1 store wrote them.
    insertOldRun(old, { status: 'awaiting_input', conversationId: 'conv', updatedAt: 20, seq: 2, state: { input: { a: 1 }, conversationId: 'conv' } });
    old.prepare("INSERT INTO events (run_key, seq, type, at, task_id, attempt, data) VALUES (1, 1, 'run.created', 10, NULL, NULL, NULL), (1, 2, 'task.awaiting_input', 20, 'ask', 1, '{\"prompt\":\"ok?\"}')").run();
    old.prepare("INSERT INTO tasks (run_key, task_id, state) VALUES (1, 'ask', ?)").run(JSON.stringify({ id: 'ask', status: 'awaiting_input', attempt: 1 }));
    old.prepare("INSERT INTO seats (run_key, role_id, state) VALUES (1, 'reviewer', ?)").run(JSON.stringify({ roleId: 'reviewer', personaId: 'p', status: 'idle', history: [], seq: 2 }));
    old.close();
    expect(indexNames(path)).toEqual(['runs_by_created']);

    const store = new SqliteStore({ path });
    await store.open();
    expect(await store.getRun('old-run')).toEqual({
      runId: 'old-run',
      pin: { definitionId: 'wf', definitionVersion: '1.0.0', definitionHash: 'x', packVersions: {} },
      status: 'awaiting_input',
      input: { a: 1 },
      conversationId: 'conv',
      roleAssignments: {},
      createdAt: 10,
      updatedAt: 20,
      seq: 2,
      tasks: { ask: { id: 'ask', status: 'awaiting_input', attempt: 1 } },
      seats: { reviewer: { roleId: 'reviewer', personaId: 'p', status: 'idle', history: [], seq: 2 } },
    });
    expect(await store.readEvents('old-run', 1)).toEqual([{ runId: 'old-run', seq: 2, type: 'task.awaiting_input', at: 20, taskId: 'ask', attempt: 1, data: { prompt: 'ok?' } }]);
    expect((await store.listRuns({ conversationId: 'conv', status: 'awaiting_input' })).runs.map((run) => run.runId)).toEqual(['old-run']);
    expect((await store.listUnfinishedRuns()).map((run) => run.runId)).toEqual(['old-run']);
    expect((await store.getDefinition('old-run'))?.id).toBe('wf');
    await store.close();

    const upgraded = new Database(path, { readonly: true });
    expect(schemaVersionOf(upgraded)).toBe(SCHEMA_VERSION);
    upgraded.close();
    expect(indexNames(path)).toContain('runs_by_status');
  });

  it('upgrades a version 3 database: its task rows stay, and steps written after the upgrade win over them', async () => {
    const path = join(folder, 'v3.db');
    const old = new Database(path);
    migrate(old, 3);
    insertOldRun(old, { status: 'running', conversationId: null, updatedAt: 20, seq: 2, state: {} });
    old.prepare("INSERT INTO events (run_key, seq, type, at, task_id, attempt, data) VALUES (1, 1, 'run.created', 10, NULL, NULL, NULL), (1, 2, 'task.started', 20, 'a', 1, NULL)").run();
    old.prepare('INSERT INTO run_first_rows (run_key, tasks, seats) VALUES (1, ?, NULL)').run(JSON.stringify([{ id: 'a', status: 'pending', attempt: 0 }, { id: 'b', status: 'pending', attempt: 0 }]));
    old.prepare("INSERT INTO tasks (run_key, task_id, state) VALUES (1, 'a', ?)").run(JSON.stringify({ id: 'a', status: 'running', attempt: 1 }));
    old.close();

    const store = new SqliteStore({ path });
    await store.open();
    const before = (await store.getRun('old-run'))!;
    expect(before.tasks).toEqual({ a: { id: 'a', status: 'running', attempt: 1 }, b: { id: 'b', status: 'pending', attempt: 0 } });
    await store.commit([
      {
        runId: 'old-run',
        events: [{ runId: 'old-run', seq: 3, type: 'task.completed', at: 30, taskId: 'a', attempt: 1 }],
        header: { ...before, updatedAt: 30, seq: 3 },
        tasks: [{ id: 'a', status: 'completed', attempt: 1, output: 'done' }],
        seats: [],
      },
    ]);
    await store.close();
    const reopened = new SqliteStore({ path });
    await reopened.open();
    expect(await reopened.getRun('old-run')).toMatchObject({ seq: 3, updatedAt: 30, tasks: { a: { status: 'completed', output: 'done' }, b: { status: 'pending' } } });
    await reopened.close();
  });

  it('upgrades a version 5 database: its log, rows and outputs read as before, steps continue it, a repeated seq is still refused', async () => {
    const path = join(folder, 'v5.db');
    const old = new Database(path);
    migrate(old, 5);
    insertOldRun(old, { status: 'running', conversationId: null, updatedAt: 10, seq: 1, state: {} });
    old.prepare('INSERT INTO run_first_rows (run_key, tasks, seats) VALUES (1, ?, NULL)').run(JSON.stringify([{ id: 'a', status: 'pending', attempt: 0 }, { id: 'b', status: 'pending', attempt: 0 }]));
    // As version 5 wrote a step: one row per event, the commit's rows (with the output) on its last event.
    old.prepare(
      `INSERT INTO events (run_key, seq, type, at, task_id, attempt, data, rows) VALUES
         (1, 1, 'run.created', 10, NULL, NULL, NULL, NULL),
         (1, 2, 'task.started', 20, 'a', 1, NULL, NULL),
         (1, 3, 'task.completed', 30, 'a', 1, '{"output":"A"}', '{"tasks":[{"id":"a","status":"completed","attempt":1,"output":"A"}]}')`,
    ).run();
    old.close();
    expect(indexNames(path)).toContain('events_by_run');

    const store = new SqliteStore({ path });
    await store.open();
    expect(indexNames(path)).toContain('commits_by_run');
    expect(indexNames(path)).not.toContain('events_by_run');
    expect(indexNames(path)).not.toContain('events_by_commit');
    expect(indexNames(path)).not.toContain('runs_by_definition_hash');
    const before = (await store.getRun('old-run'))!;
    expect(before).toMatchObject({ seq: 3, updatedAt: 30, tasks: { a: { status: 'completed', output: 'A' }, b: { id: 'b', status: 'pending', attempt: 0 } } });
    expect((await store.readEvents('old-run', 1, 1)).map((event) => event.type)).toEqual(['task.started']);
    // A step written as this version writes it, after the old rows.
    const output = { text: 'B' };
    await store.commit([
      {
        runId: 'old-run',
        events: [
          { runId: 'old-run', seq: 4, type: 'task.started', at: 40, taskId: 'b', attempt: 1 },
          { runId: 'old-run', seq: 5, type: 'task.completed', at: 50, taskId: 'b', attempt: 1, data: { output } },
        ],
        header: { ...before, updatedAt: 50, seq: 5 },
        tasks: [{ id: 'b', status: 'completed', attempt: 1, output }],
        seats: [],
      },
    ]);
    expect((await store.readEvents('old-run', 2)).map((event) => event.seq)).toEqual([3, 4, 5]);
    expect((await store.readEvents('old-run', 2, 2)).map((event) => event.seq)).toEqual([3, 4]);
    expect((await store.getRun('old-run'))?.tasks).toMatchObject({ a: { output: 'A' }, b: { output } });
    await store.close();

    // Another process that still believes the log ends at seq 2 (an old event) is refused.
    const stale = new SqliteStore({ path });
    await stale.open();
    await expect(
      stale.commit([{ runId: 'old-run', events: [{ runId: 'old-run', seq: 3, type: 'task.failed', at: 60, taskId: 'a', attempt: 1 }], header: { ...before, seq: 3 }, tasks: [], seats: [] }]),
    ).rejects.toMatchObject({ code: 'E_STORE_CONFLICT' });
    await stale.commit([{ runId: 'old-run', events: [{ runId: 'old-run', seq: 6, type: 'run.completed', at: 70 }], header: { ...before, status: 'completed', endedAt: 70, updatedAt: 70, seq: 6 }, tasks: [], seats: [] }]);
    expect(await stale.prune({ endedBefore: { completed: 71 } })).toBe(1);
    await stale.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM commits').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM run_definitions').get()).toEqual({ n: 0 });
    db.close();
  });

  it('upgrades a version 7 log to one row per commit: every event, row and output reads as before', async () => {
    const path = join(folder, 'v7.db');
    const old = new Database(path);
    migrate(old, 7);
    insertOldRun(old, { status: 'running', conversationId: null, updatedAt: 10, seq: 1, state: {} });
    old.prepare('INSERT INTO run_first_rows (run_key, tasks, seats) VALUES (1, ?, NULL)').run(JSON.stringify(['a', 'b', 'c']));
    // As versions 6 and 7 wrote them: a row per event, span on a commit's first, its rows on its last.
    old.prepare(
      `INSERT INTO events (run_key, seq, type, at, task_id, attempt, data, rows, span) VALUES
         (1, 1, 'run.created', 10, NULL, NULL, NULL, NULL, 1),
         (1, 2, 'task.started', 20, 'a', 1, NULL, NULL, 2),
         (1, 3, 'task.completed', 30, 'a', 1, '{"output":{"text":"ü \\" A","n":1.5}}', '{"completes":20}', NULL),
         (1, 4, 'task.started', 40, 'b', 1, NULL, NULL, 3),
         (1, 5, 'task.progress', 41, 'b', 1, '{"note":"half"}', NULL, NULL),
         (1, 6, 'task.completed', 50, 'b', 1, '{"output":"B"}', '{"outputInEvent":true,"tasks":[{"id":"c","status":"ready","attempt":0},{"id":"b","status":"completed","attempt":1,"handoff":{"k":1}}],"updatedAt":55}', NULL)`,
    ).run();
    old.close();

    const store = new SqliteStore({ path });
    await store.open();
    const events = await store.readEvents('old-run');
    expect(events).toEqual([
      { runId: 'old-run', seq: 1, type: 'run.created', at: 10 },
      { runId: 'old-run', seq: 2, type: 'task.started', at: 20, taskId: 'a', attempt: 1 },
      { runId: 'old-run', seq: 3, type: 'task.completed', at: 30, taskId: 'a', attempt: 1, data: { output: { text: 'ü " A', n: 1.5 } } },
      { runId: 'old-run', seq: 4, type: 'task.started', at: 40, taskId: 'b', attempt: 1 },
      { runId: 'old-run', seq: 5, type: 'task.progress', at: 41, taskId: 'b', attempt: 1, data: { note: 'half' } },
      { runId: 'old-run', seq: 6, type: 'task.completed', at: 50, taskId: 'b', attempt: 1, data: { output: 'B' } },
    ]);
    for (let after = 0; after <= 6; after += 1) {
      for (const limit of [undefined, 0, 1, 2, 5]) expect(await store.readEvents('old-run', after, limit)).toEqual(events.slice(after, limit === undefined ? undefined : after + limit));
    }
    const run = (await store.getRun('old-run'))!;
    expect(run).toMatchObject({ seq: 6, updatedAt: 55 });
    expect(run.tasks).toEqual({
      a: { id: 'a', status: 'completed', attempt: 1, startedAt: 20, endedAt: 30, output: { text: 'ü " A', n: 1.5 } },
      b: { id: 'b', status: 'completed', attempt: 1, handoff: { k: 1 }, output: 'B' },
      c: { id: 'c', status: 'ready', attempt: 0 },
    });
    expect(indexNames(path)).toEqual(expect.arrayContaining(['commits_by_run']));
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT seq, span, at FROM commits ORDER BY seq').all()).toEqual([
      { seq: 1, span: 1, at: 10 },
      { seq: 2, span: 2, at: 30 },
      { seq: 4, span: 3, at: 50 },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'events'").get()).toEqual({ n: 0 });
    // Version 7's absolute start time is rewritten as how long the task ran: readers know one form.
    expect(db.prepare('SELECT rows FROM commits WHERE seq = 2').get()).toEqual({ rows: '{"ranFor":10}' });
    db.close();
    // The log continues where it ended; a commit starting where one started is refused.
    await store.commit([{ runId: 'old-run', events: [{ runId: 'old-run', seq: 7, type: 'run.completed', at: 70 }], header: { ...run, status: 'completed', endedAt: 70, updatedAt: 70, seq: 7 }, tasks: [], seats: [] }]);
    const stale = new SqliteStore({ path });
    await stale.open();
    await expect(
      stale.commit([{ runId: 'old-run', events: [{ runId: 'old-run', seq: 4, type: 'task.failed', at: 60, taskId: 'b', attempt: 1 }], header: { ...run, seq: 4 }, tasks: [], seats: [] }]),
    ).rejects.toMatchObject({ code: 'E_STORE_CONFLICT' });
    await stale.close();
    expect((await store.readEvents('old-run', 5)).map((event) => event.type)).toEqual(['task.completed', 'run.completed']);
    await store.close();
  });

  it('serves recovery and filtered listings from indexes, not table scans', async () => {
    const path = join(folder, 'plans.db');
    const store = new SqliteStore({ path });
    await store.open();
    await store.close();
    const db = new Database(path, { readonly: true });
    const plan = (sql: string): string => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join('; ');
    expect(plan("SELECT id FROM runs WHERE status <> 'completed' AND status <> 'failed' AND status <> 'cancelled' ORDER BY created_at, run_id")).toContain('runs_unfinished');
    expect(plan("SELECT run_id FROM runs WHERE conversation_id = 'c' ORDER BY created_at, run_id LIMIT 5")).toContain('runs_by_conversation');
    expect(plan("SELECT run_id FROM runs WHERE status = 'failed' ORDER BY created_at, run_id LIMIT 5")).toContain('runs_by_status');
    expect(plan("SELECT at FROM audit WHERE run_id = 'r' ORDER BY id DESC")).toContain('audit_by_run');
    db.close();
  });

  it('opens a current database again without re-running steps', async () => {
    const path = join(folder, 'again.db');
    for (let round = 0; round < 2; round += 1) {
      const store = new SqliteStore({ path });
      await store.open();
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    expect(schemaVersionOf(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database written by a newer version (E_STORE_SCHEMA_TOO_NEW) and leaves it alone', async () => {
    const path = join(folder, 'future.db');
    const future = new Database(path);
    future.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    future.close();
    await expect(new SqliteStore({ path }).open()).rejects.toMatchObject({ code: 'E_STORE_SCHEMA_TOO_NEW', details: { found: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION } });
    const db = new Database(path, { readonly: true });
    expect(schemaVersionOf(db)).toBe(SCHEMA_VERSION + 1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('reports a file that is not a database, or a path that is a folder, as E_STORE_UNAVAILABLE', async () => {
    const garbage = join(folder, 'notes.db');
    writeFileSync(garbage, 'this is not a database, just some text that is long enough to have a header'.repeat(20));
    await expect(new SqliteStore({ path: garbage }).open()).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE' });
    const directory = join(folder, 'a-folder');
    mkdirSync(directory);
    await expect(new SqliteStore({ path: directory }).open()).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE' });
  });
});
