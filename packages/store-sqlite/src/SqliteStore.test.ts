import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunCommit, RunHeader, RunState, TaskState, WorkflowDefinition } from '@troupe/sdk';
import { SCHEMA_VERSION } from './migrations.js';
import { SqliteStore, createSqliteStore } from './SqliteStore.js';

const definition: WorkflowDefinition = {
  id: 'wf',
  version: '1.0.0',
  tasks: Array.from({ length: 10 }, (_, index) => ({ id: `t${index}`, executor: { type: 'code' as const, codeId: 'noop' }, ...(index > 0 ? { dependsOn: [`t${index - 1}`] } : {}) })),
};

let folder: string;
let stores: SqliteStore[];
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'troupe-sqlite-'));
  stores = [];
});
afterEach(async () => {
  for (const store of stores) await store.close();
  rmSync(folder, { recursive: true, force: true });
});

async function openStore(name = 'troupe.db', synchronous?: 'NORMAL' | 'FULL'): Promise<SqliteStore> {
  const store = createSqliteStore({ path: join(folder, name), ...(synchronous ? { synchronous } : {}) });
  await store.open();
  stores.push(store);
  return store;
}

function inspect<T>(store: SqliteStore, sql: string): T {
  const db = new Database(store.path, { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

/** A run driven like the engine drives one: each commit spreads the previous header. */
class Run {
  header: RunHeader;
  private created = false;
  constructor(runId: string, createdAt = 1, private readonly def: WorkflowDefinition = definition) {
    this.header = {
      runId,
      pin: { definitionId: def.id, definitionVersion: def.version, definitionHash: 'h', packVersions: { p: '1.0.0' } },
      status: 'running',
      input: { text: 'x'.repeat(2000) },
      roleAssignments: {},
      context: { tenant: 'a' },
      createdAt,
      updatedAt: createdAt,
      seq: 0,
    };
  }
  next(events: number, change: Partial<RunHeader> = {}, taskId = 't0'): RunCommit {
    const from = this.header.seq;
    const created = !this.created;
    this.created = true;
    this.header = { ...this.header, ...change, seq: from + events };
    return {
      runId: this.header.runId,
      ...(created ? { created: { definition: this.def } } : {}),
      events: Array.from({ length: events }, (_, index) => ({ runId: this.header.runId, seq: from + index + 1, type: 'task.progress' as const, at: 5, taskId, attempt: 1 })),
      header: this.header,
      tasks: [{ id: taskId, status: 'running', attempt: 1, output: { step: from } }],
      seats: [],
    };
  }
}

describe('SqliteStore', () => {
  it('opens a WAL database with NORMAL sync by default and FULL on request', async () => {
    const normal = await openStore('normal.db');
    const full = await openStore('full.db', 'FULL');
    expect(normal.kind).toBe('sqlite');
    expect(normal.settings()).toEqual({ path: join(folder, 'normal.db'), journalMode: 'wal', synchronous: 'NORMAL', schemaVersion: SCHEMA_VERSION });
    expect(full.settings()).toMatchObject({ journalMode: 'wal', synchronous: 'FULL' });
    // Set at creation, so prune can give pages back to the file system.
    expect(inspect(normal, 'PRAGMA auto_vacuum')).toEqual({ auto_vacuum: 2 });
  });

  it('refuses a bad synchronous setting and use before open (E_STORE_UNAVAILABLE)', async () => {
    expect(() => createSqliteStore({ path: join(folder, 'x.db'), synchronous: 'OFF' as 'FULL' })).toThrow(expect.objectContaining({ code: 'E_STORE_UNAVAILABLE' }));
    const closed = createSqliteStore({ path: join(folder, 'closed.db') });
    await expect(closed.getRun('r')).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE' });
    await expect(closed.commit([])).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE' });
  });

  it('stores each distinct definition once, however many runs use it, and drops it with its last run', async () => {
    const store = await openStore();
    const other: WorkflowDefinition = { ...definition, version: '2.0.0' };
    const copy = JSON.parse(JSON.stringify(definition)) as WorkflowDefinition;
    const runs = [new Run('a'), new Run('b'), new Run('c', 1, copy), new Run('d', 1, other)];
    await store.commit(runs.map((run) => run.next(1)));
    expect(inspect(store, 'SELECT count(*) AS n FROM run_definitions')).toEqual({ n: 2 });
    expect(await store.getDefinition('c')).toEqual(definition);
    expect(await store.getDefinition('d')).toEqual(other);

    await store.commit([runs[3]!.next(1, { status: 'completed', endedAt: 10 })]);
    expect(await store.prune({ endedBefore: { completed: 20 } })).toBe(1);
    expect(inspect(store, 'SELECT count(*) AS n FROM run_definitions')).toEqual({ n: 1 });
    expect(await store.getDefinition('a')).toEqual(definition);
  });

  it('writes a definition again for a new run after another process pruned its last copy', async () => {
    const mine = await openStore();
    const theirs = await openStore();
    const first = new Run('a');
    await mine.commit([first.next(1)]);
    await mine.commit([first.next(1, { status: 'completed', endedAt: 10 })]);
    expect(await theirs.prune({ endedBefore: { completed: 20 } })).toBe(1);
    expect(inspect(mine, 'SELECT count(*) AS n FROM run_definitions')).toEqual({ n: 0 });

    await mine.commit([new Run('b').next(1)]);
    expect(await mine.getDefinition('b')).toEqual(definition);
  });

  it('writes deltas: a step of a running run appends one row to the log, its events and rows together', async () => {
    const store = await openStore();
    const run = new Run('r');
    await store.commit([run.next(3)]);
    for (let index = 0; index < 50; index += 1) await store.commit([run.next(2, {}, `t${index % 10}`)]);
    expect(inspect(store, 'SELECT count(*) AS n, sum(span) AS events FROM commits')).toEqual({ n: 51, events: 103 });
    expect(inspect(store, 'SELECT count(*) AS n FROM commits WHERE rows IS NOT NULL')).toEqual({ n: 50 });
    expect(inspect(store, 'SELECT count(*) AS n FROM tasks')).toEqual({ n: 0 });
    // The run row was not rewritten by those steps; readers still see where the log is.
    expect(inspect(store, "SELECT seq, updated_at FROM runs WHERE run_id = 'r'")).toEqual({ seq: 3, updated_at: 1 });
    expect(await store.getRun('r')).toMatchObject({ seq: 103, updatedAt: 1, tasks: { t9: { id: 't9', output: { step: 101 } } } });
    expect((await store.listRuns()).runs).toMatchObject([{ runId: 'r', seq: 103, updatedAt: 1 }]);
    // A change of status writes the row.
    await store.commit([run.next(1, { status: 'paused', updatedAt: 7 })]);
    expect(inspect(store, "SELECT seq, updated_at, status FROM runs WHERE run_id = 'r'")).toEqual({ seq: 104, updated_at: 7, status: 'paused' });
    // A RunState passed as the header does not smuggle its task map into the run row.
    const asState = run.next(1) as RunCommit & { header: RunState };
    await store.commit([{ ...asState, header: { ...asState.header, tasks: { huge: { id: 'huge', status: 'pending', attempt: 0 } }, seats: {} } as RunState }]);
    expect(inspect<{ state: string }>(store, "SELECT state FROM runs WHERE run_id = 'r'").state).not.toContain('huge');
  });

  it('keeps the latest state of a task or seat changed several times in one batch, over the rows the run started with', async () => {
    let store = await openStore();
    const run = new Run('r');
    const first = run.next(1);
    const pending = Array.from({ length: 10 }, (_, index) => ({ id: `t${index}`, status: 'pending' as const, attempt: 0 }));
    const seat = { roleId: 'worker', personaId: 'p', status: 'idle' as const, history: [], seq: 1 };
    const started = run.next(2, {}, 't0');
    const done = run.next(2, {}, 't0');
    await store.commit([
      { ...first, tasks: pending, seats: [seat] },
      { ...started, tasks: [{ id: 't0', status: 'running', attempt: 1 }], seats: [{ ...seat, status: 'working', taskId: 't0', seq: 3 }] },
      { ...done, tasks: [{ id: 't0', status: 'completed', attempt: 1, output: { ok: true } }, { id: 't1', status: 'ready', attempt: 0 }] },
    ]);
    const expected = {
      t0: { id: 't0', status: 'completed', attempt: 1, output: { ok: true } },
      t1: { id: 't1', status: 'ready', attempt: 0 },
      t2: { id: 't2', status: 'pending', attempt: 0 },
    };
    expect(await store.getRun('r')).toMatchObject({ seq: 5, tasks: expected, seats: { worker: { status: 'working', taskId: 't0', seq: 3 } } });
    expect(Object.keys((await store.getRun('r'))!.tasks)).toHaveLength(10);
    // One row for the rows the run started with; later rows ride on the last event of their commit.
    expect(inspect(store, 'SELECT count(*) AS n FROM run_first_rows')).toEqual({ n: 1 });
    expect(inspect(store, 'SELECT count(*) AS n FROM commits WHERE rows IS NOT NULL')).toEqual({ n: 2 });
    await store.close();
    store = await openStore();
    expect((await store.listUnfinishedRuns())[0]).toMatchObject({ runId: 'r', tasks: expected });
  });

  it('stores a commit of hundreds of events as one row each, in order', async () => {
    const store = await openStore();
    const run = new Run('r');
    await store.commit([run.next(1)]);
    await store.commit([run.next(301)]);
    const events = await store.readEvents('r');
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 302 }, (_, index) => index + 1));
    expect(await store.readEvents('r', 150, 3)).toEqual([151, 152, 153].map((seq) => ({ runId: 'r', seq, type: 'task.progress', at: 5, taskId: 't0', attempt: 1 })));
  });

  it('leaves nothing of a batch that fails half-way, and the next batch writes only its own rows', async () => {
    const store = await openStore();
    const good = new Run('good');
    const late = new Run('late');
    await store.commit([good.next(1), late.next(1)]);
    const goodNext = good.next(5);
    // A log gap the database finds: 'late' is at seq 1, this commit continues seq 3.
    late.next(1);
    await expect(store.commit([goodNext, late.next(1)])).rejects.toMatchObject({ code: 'E_STORE_CONFLICT' });
    expect(await store.readEvents('good')).toHaveLength(1);
    await store.commit([goodNext]);
    expect((await store.readEvents('good')).map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(inspect(store, "SELECT count(*) AS n FROM commits WHERE run_key = (SELECT id FROM runs WHERE run_id = 'late')")).toEqual({ n: 1 });
  });

  it('takes the time of a step from its last event unless the commit says otherwise', async () => {
    const store = await openStore();
    const run = new Run('r');
    await store.commit([run.next(1)]);
    const step = run.next(2, { updatedAt: 5 });
    await store.commit([{ ...step, tasks: [] }]);
    expect(inspect(store, 'SELECT count(*) AS n FROM commits WHERE rows IS NOT NULL')).toEqual({ n: 0 });
    expect(await store.getRun('r')).toMatchObject({ seq: 3, updatedAt: 5 });
    await store.commit([run.next(1, { updatedAt: 42 })]);
    expect(await store.getRun('r')).toMatchObject({ seq: 4, updatedAt: 42 });
    expect((await store.listRuns()).runs[0]).toMatchObject({ seq: 4, updatedAt: 42 });
  });

  it('keeps the rows of a commit without events, over those of the commit before it', async () => {
    const store = await openStore();
    const run = new Run('r');
    const first = run.next(0);
    await store.commit([{ ...first, tasks: [{ id: 't0', status: 'pending', attempt: 0 }, { id: 't1', status: 'pending', attempt: 0 }] }]);
    // Nothing in the log yet: the change joins the rows the run started with.
    await store.commit([{ ...run.next(0), tasks: [{ id: 't1', status: 'ready', attempt: 0 }] }]);
    const started = run.next(2, {}, 't0');
    const quiet = run.next(0, { updatedAt: 9 });
    // In one batch: the second commit's row lands on the first commit's last event, still buffered.
    await store.commit([started, { ...quiet, tasks: [{ id: 't0', status: 'completed', attempt: 1 }], seats: [] }]);
    expect(await store.getRun('r')).toMatchObject({
      seq: 2,
      updatedAt: 9,
      tasks: { t0: { status: 'completed' }, t1: { status: 'ready' } },
    });
    expect(inspect(store, 'SELECT count(*) AS n FROM commits WHERE rows IS NOT NULL')).toEqual({ n: 1 });
  });

  it('refuses a step another process appended first, naming the run (E_STORE_CONFLICT)', async () => {
    const mine = await openStore('shared.db');
    const theirs = await openStore('shared.db');
    const run = new Run('r');
    await mine.commit([run.next(1)]);
    const next = run.next(2);
    await theirs.commit([next]);
    // `mine` still believes the log ends at seq 1; the database refuses the repeated seq.
    await expect(mine.commit([{ ...next, events: next.events.map((event) => ({ ...event, type: 'task.started' as const })) }])).rejects.toMatchObject({
      code: 'E_STORE_CONFLICT',
      details: { runId: 'r', seq: 2, expectedSeq: 4 },
    });
    expect((await mine.readEvents('r')).map((event) => event.type)).toEqual(['task.progress', 'task.progress', 'task.progress']);
    // Having looked again, it continues from where the log is.
    await mine.commit([run.next(1)]);
    expect((await theirs.getRun('r'))?.seq).toBe(4);
  });

  it('persists header fields that change mid-run, with or without a restart in between', async () => {
    let store = await openStore();
    const run = new Run('r');
    await store.commit([run.next(1)]);
    await store.commit([run.next(1, { context: { tenant: 'b' }, conversationId: 'c1' })]);
    expect((await store.getRun('r'))?.context).toEqual({ tenant: 'b' });
    expect((await store.listRuns({ conversationId: 'c1' })).runs.map((summary) => summary.runId)).toEqual(['r']);

    await store.close();
    store = await openStore();
    await store.commit([run.next(1, { status: 'paused' })]);
    await store.commit([run.next(1, { status: 'completed', endedAt: 9, output: { done: true } })]);
    const state = await store.getRun('r');
    expect(state).toMatchObject({ status: 'completed', endedAt: 9, output: { done: true }, context: { tenant: 'b' }, conversationId: 'c1', seq: 4 });
    expect(await store.listUnfinishedRuns()).toEqual([]);
  });

  it('indexes the log once per commit: reads and prune find every event of commits of any size', async () => {
    const store = await openStore();
    const run = new Run('r');
    const other = new Run('o');
    // Commits of 1, 3, 1, 5 and 2 events, interleaved with another run's in the same batches.
    await store.commit([run.next(1), other.next(2)]);
    for (const size of [3, 1, 5, 2]) await store.commit([other.next(1), run.next(size)]);
    expect(inspect(store, "SELECT count(*) AS n FROM commits WHERE run_key = (SELECT id FROM runs WHERE run_id = 'r')")).toEqual({ n: 5 });
    const all = Array.from({ length: 12 }, (_, index) => index + 1);
    for (let after = 0; after <= 12; after += 1) {
      expect((await store.readEvents('r', after)).map((event) => event.seq)).toEqual(all.slice(after));
      for (const limit of [0, 1, 2, 4]) expect((await store.readEvents('r', after, limit)).map((event) => event.seq)).toEqual(all.slice(after, after + limit));
    }
    expect(await store.getRun('r')).toMatchObject({ seq: 12 });
    expect((await store.readEvents('o')).map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    await store.commit([run.next(1, { status: 'completed', endedAt: 10 })]);
    expect(await store.prune({ endedBefore: { completed: 11 } })).toBe(1);
    expect(await store.readEvents('r')).toEqual([]);
    expect(inspect(store, 'SELECT sum(span) AS n FROM commits')).toEqual({ n: 6 });
  });

  it("writes a completed task's output once, in its task.completed event, and reads it back into the task", async () => {
    let store = await openStore();
    const run = new Run('r');
    await store.commit([run.next(1)]);
    const output = { text: 'needle-'.repeat(50) };
    const step = run.next(2, {}, 't1');
    const completed = { ...step.events[1]!, type: 'task.completed' as const, data: { output } };
    // The engine folds the event into the task: the task holds the event's output object.
    await store.commit([{ ...step, events: [step.events[0]!, completed], tasks: [{ id: 't1', status: 'completed', attempt: 1, endedAt: 5, output }] }]);
    expect(inspect(store, "SELECT count(*) AS n FROM commits WHERE rows LIKE '%needle%'")).toEqual({ n: 0 });
    expect(inspect(store, "SELECT count(*) AS n FROM commits WHERE events LIKE '%needle%'")).toEqual({ n: 1 });
    expect((await store.getRun('r'))?.tasks.t1).toEqual({ id: 't1', status: 'completed', attempt: 1, endedAt: 5, output });
    // A commit without events adds its rows to that event's: the output stays.
    await store.commit([{ ...run.next(0, { updatedAt: 9 }), tasks: [{ id: 't2', status: 'ready', attempt: 0 }] }]);
    // A task whose output is not the event's keeps its own.
    const again = run.next(1, {}, 't3');
    await store.commit([{ ...again, events: [{ ...again.events[0]!, type: 'task.completed', data: { output: 'event' } }], tasks: [{ id: 't3', status: 'completed', attempt: 1, output: 'row' }] }]);
    await store.close();
    store = await openStore();
    expect((await store.getRun('r'))?.tasks).toMatchObject({ t1: { status: 'completed', output }, t2: { status: 'ready' }, t3: { output: 'row' } });
  });

  it('writes a step whose completed row says nothing but its events as the event and a start time, and reads the whole row back', async () => {
    let store = await openStore();
    const run = new Run('r');
    await store.commit([run.next(1)]);
    const step = (taskId: string, attempt: number, output: unknown, extra: Partial<TaskState> = {}): RunCommit => {
      const commit = run.next(2, {}, taskId);
      const started = { ...commit.events[0]!, type: 'task.started' as const, at: 20, attempt };
      const completed = { ...commit.events[1]!, type: 'task.completed' as const, at: 21, attempt, ...(output !== undefined ? { data: { output } } : {}) };
      const task: TaskState = { id: taskId, status: 'completed', attempt, startedAt: 20, endedAt: 21, ...(output !== undefined ? { output } : {}), ...extra };
      return { ...commit, events: [started, completed], tasks: [{ id: 'next', status: 'ready', attempt: 0 }, task] };
    };
    const output = { text: 'needle-'.repeat(20) };
    await store.commit([step('a', 2, output)]);
    // The task's row is not written: the commit's rows name the start time and the still-written other row.
    const written = inspect<{ rows: string; events: string }>(store, "SELECT rows, events FROM commits WHERE events LIKE '%\"task.completed\",0,\"a\"%'");
    expect(JSON.parse(written.rows)).toEqual({ ranFor: 1, tasks: [{ id: 'next', status: 'ready', attempt: 0 }], updatedAt: 1 });
    // Times are written back from the last event's (a column): 1 and 0 ms before it, not 13 digits each.
    expect(JSON.parse(written.events)).toEqual([
      ['task.started', 1, 'a', 2],
      ['task.completed', 0, 'a', 2, { output }],
    ]);
    // Without an output; then a commit without events adds its rows to that event's, which then holds them whole.
    await store.commit([step('b', 1, undefined)]);
    await store.commit([{ ...run.next(0, { updatedAt: 30 }), tasks: [{ id: 'later', status: 'ready', attempt: 0 }] }]);
    expect(inspect(store, "SELECT count(*) AS n FROM commits WHERE rows LIKE '%ranFor%'")).toEqual({ n: 1 });
    // With a field the event does not say: written whole, the output left in the event.
    await store.commit([step('c', 1, 'said', { handoff: { tone: 'dry' } })]);
    expect(inspect(store, "SELECT count(*) AS n FROM commits WHERE rows LIKE '%\"handoff\"%' AND rows LIKE '%outputInEvent%'")).toEqual({ n: 1 });
    const expected = {
      a: { id: 'a', status: 'completed', attempt: 2, startedAt: 20, endedAt: 21, output },
      b: { id: 'b', status: 'completed', attempt: 1, startedAt: 20, endedAt: 21 },
      c: { id: 'c', status: 'completed', attempt: 1, startedAt: 20, endedAt: 21, output: 'said', handoff: { tone: 'dry' } },
      later: { id: 'later', status: 'ready', attempt: 0 },
    };
    expect((await store.getRun('r'))?.tasks).toMatchObject(expected);
    await store.close();
    store = await openStore();
    const tasks = (await store.getRun('r'))!.tasks;
    expect({ a: tasks.a, b: tasks.b, c: tasks.c, later: tasks.later }).toEqual(expected);
  });

  it("writes a run's last step, completed with the run in one commit, as the event and a start time too", async () => {
    let store = await openStore();
    const run = new Run('r');
    await store.commit([run.next(1)]);
    const output = { text: 'needle-'.repeat(20) };
    const commit = run.next(3, { status: 'completed', output: { last: output }, endedAt: 23, updatedAt: 23 }, 'last');
    const [started, completed, runCompleted] = commit.events;
    await store.commit([
      {
        ...commit,
        events: [
          { ...started!, type: 'task.started', at: 20, attempt: 1 },
          { ...completed!, type: 'task.completed', at: 22, attempt: 1, data: { output } },
          { ...runCompleted!, type: 'run.completed', at: 23, taskId: undefined, attempt: undefined, data: { output: { last: output } } },
        ],
        tasks: [{ id: 'last', status: 'completed', attempt: 1, startedAt: 20, endedAt: 22, output }],
      },
    ]);
    // The task completed 1 ms before the commit's last event: its row is that event and how long it ran.
    expect(inspect(store, "SELECT rows FROM commits WHERE events LIKE '%run.completed%'")).toEqual({ rows: '{"ranFor":2}' });
    const expected = { id: 'last', status: 'completed', attempt: 1, startedAt: 20, endedAt: 22, output };
    expect((await store.getRun('r'))?.tasks.last).toEqual(expected);
    await store.close();
    store = await openStore();
    expect((await store.getRun('r'))?.tasks.last).toEqual(expected);
    expect((await store.getRun('r'))?.status).toBe('completed');
  });

  it('stores the tasks a run starts with by id while they were never attempted', async () => {
    const store = await openStore();
    const run = new Run('r');
    const first = run.next(1);
    const tasks = [
      { id: 'a', status: 'pending' as const, attempt: 0, startedAt: undefined, output: undefined },
      { id: 'b', status: 'pending' as const, attempt: 0, childRunId: 'child' },
      { id: 'c', status: 'ready' as const, attempt: 0 },
    ];
    await store.commit([{ ...first, tasks }]);
    expect(inspect(store, 'SELECT tasks FROM run_first_rows')).toEqual({
      tasks: JSON.stringify(['a', { id: 'b', status: 'pending', attempt: 0, childRunId: 'child' }, { id: 'c', status: 'ready', attempt: 0 }]),
    });
    expect((await store.getRun('r'))?.tasks).toEqual({
      a: { id: 'a', status: 'pending', attempt: 0 },
      b: { id: 'b', status: 'pending', attempt: 0, childRunId: 'child' },
      c: { id: 'c', status: 'ready', attempt: 0 },
    });
  });

  it('refuses a stale commit after another process wrote several commits of the run (E_STORE_CONFLICT)', async () => {
    const mine = await openStore('shared.db');
    const theirs = await openStore('shared.db');
    const run = new Run('r');
    // The same run as `mine` last saw it: at seq 1.
    const late = new Run('r');
    await mine.commit([run.next(1)]);
    late.next(1);
    await theirs.commit([run.next(3)]);
    await theirs.commit([run.next(1)]);
    await expect(mine.commit([late.next(1)])).rejects.toMatchObject({ code: 'E_STORE_CONFLICT', details: { runId: 'r', seq: 2, expectedSeq: 6 } });
    expect((await theirs.readEvents('r')).map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps the file bounded across create/prune cycles', async () => {
    const store = await openStore('soak.db');
    const sizes: number[] = [];
    const fileSize = (path: string): number => (existsSync(path) ? statSync(path).size : 0);
    for (let cycle = 0; cycle < 12; cycle += 1) {
      const runs = Array.from({ length: 100 }, (_, index) => new Run(`c${cycle}-r${index}`, cycle * 1000 + index));
      await store.commit(runs.map((run) => run.next(3)));
      for (let step = 0; step < 10; step += 1) await store.commit(runs.map((run) => run.next(2, {}, `t${step}`)));
      await store.commit(runs.map((run) => run.next(1, { status: 'completed', endedAt: cycle * 1000 + 500 })));
      await store.appendAudit(runs.map((run) => ({ at: cycle * 1000, actor: 'host', action: 'run.started', runId: run.header.runId })));
      expect(await store.prune({ endedBefore: { completed: cycle * 1000 + 600 } })).toBe(100);
      sizes.push(fileSize(store.path) + fileSize(`${store.path}-wal`));
    }
    expect(inspect(store, 'SELECT count(*) AS n FROM commits')).toEqual({ n: 0 });
    // Pruned pages went back to the file system instead of waiting on the free list.
    expect(inspect(store, 'PRAGMA freelist_count')).toEqual({ freelist_count: 0 });
    // Growth stops after the first cycles: the last size is no larger than the largest early one.
    const early = Math.max(...sizes.slice(0, 3));
    expect(sizes[sizes.length - 1]).toBeLessThanOrEqual(early);
  });

  it('reads and writes on after another process shrank the file it reads through a memory map', async () => {
    const mine = await openStore('shared.db');
    const theirs = await openStore('shared.db');
    const old = Array.from({ length: 200 }, (_, index) => new Run(`old-${index}`, index));
    await mine.commit(old.map((run) => run.next(1)));
    await mine.commit(old.map((run) => run.next(1, { status: 'completed', endedAt: 10 })));
    const kept = new Run('kept', 500);
    await mine.commit([kept.next(1)]);
    // In the file itself, not the WAL, and every page of it read through this connection's map.
    const side = new Database(mine.path);
    side.pragma('wal_checkpoint(TRUNCATE)');
    side.close();
    expect((await mine.listRuns({ limit: 500 })).runs).toHaveLength(201);
    for (const run of old) expect((await mine.getRun(run.header.runId))?.status).toBe('completed');
    const before = statSync(mine.path).size;
    expect(await theirs.prune({ endedBefore: { completed: 11 } })).toBe(200);
    expect(statSync(mine.path).size).toBeLessThan(before / 4);
    expect(await mine.getRun('old-7')).toBeUndefined();
    expect((await mine.listRuns({ limit: 500 })).runs.map((run) => run.runId)).toEqual(['kept']);
    await mine.commit([kept.next(2, {}, 't1')]);
    const fresh = Array.from({ length: 50 }, (_, index) => new Run(`new-${index}`, 1000 + index));
    await mine.commit(fresh.map((run) => run.next(1)));
    expect((await theirs.readEvents('kept')).map((event) => event.seq)).toEqual([1, 2, 3]);
    expect((await mine.listRuns({ limit: 500 })).runs).toHaveLength(51);
  });
});

describe('SqliteStore host lease', () => {
  const lease = (leaseId: string, heartbeatAt = 1): { leaseId: string; pid: number; hostname: string; startedAt: number; heartbeatAt: number; holder: string } => ({
    leaseId,
    pid: 42,
    hostname: 'box',
    startedAt: 1,
    heartbeatAt,
    holder: 'troupe serve',
  });

  it('swaps the lease only from the expected one, across connections to the same file, and keeps it over a reopen', async () => {
    const mine = await openStore();
    const theirs = await openStore();
    expect(await mine.readHostLease()).toBeUndefined();
    expect(await mine.swapHostLease(undefined, lease('a'))).toBe(true);
    // The other process expected no lease: refused, nothing changed.
    expect(await theirs.swapHostLease(undefined, lease('b'))).toBe(false);
    expect(await theirs.swapHostLease('stale-id', lease('b'))).toBe(false);
    expect(await theirs.readHostLease()).toEqual(lease('a'));
    expect(await mine.swapHostLease('a', lease('a', 5))).toBe(true);
    await mine.close();
    const reopened = await openStore();
    expect(await reopened.readHostLease()).toEqual(lease('a', 5));
    expect(await theirs.swapHostLease('a', undefined)).toBe(true);
    expect(await reopened.readHostLease()).toBeUndefined();
  });
});
