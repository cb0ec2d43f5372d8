// Store micro-benchmark: commits of typical engine batches into the SQLite
// store, with the in-memory store measured in the same run as the baseline.
// Run after `pnpm build`: node test/bench/store-sqlite.bench.mjs
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';

const definition = {
  id: 'bench',
  version: '1.0.0',
  roles: [{ roleId: 'worker', personaId: 'p' }],
  tasks: Array.from({ length: 10 }, (_, index) => ({
    id: `t${index}`,
    executor: { type: 'tool', toolId: 'noop' },
    ...(index > 0 ? { dependsOn: [`t${index - 1}`] } : {}),
  })),
};

/** Drives one run the way the engine does: header spread per commit, consecutive seqs, changed rows only. */
class RunDriver {
  constructor(runId, createdAt) {
    this.created = false;
    this.header = {
      runId,
      pin: { definitionId: 'bench', definitionVersion: '1.0.0', definitionHash: 'sha256:bench', packVersions: { '@troupe/pack-bench': '1.0.0' } },
      status: 'running',
      input: { topic: 'benchmark', n: 1 },
      roleAssignments: { worker: 'p' },
      createdAt,
      updatedAt: createdAt,
      seq: 0,
    };
  }

  commit(types, tasks, seats = [], change) {
    const from = this.header.seq;
    const at = this.header.updatedAt + 1;
    const events = types.map(([type, taskId], index) => ({
      runId: this.header.runId,
      seq: from + index + 1,
      type,
      at,
      ...(taskId !== undefined ? { taskId, attempt: 1 } : {}),
    }));
    this.header = { ...this.header, ...change, updatedAt: at, seq: from + types.length };
    const commit = {
      runId: this.header.runId,
      ...(this.created ? {} : { created: { definition } }),
      events,
      header: this.header,
      tasks,
      seats,
    };
    this.created = true;
    return commit;
  }
}

function seat(taskId, status, seq) {
  return { roleId: 'worker', personaId: 'p', status, taskId, attempt: 1, lastOutputPreview: 'ok', history: [{ seq, at: seq, taskId, status }], seq };
}

/** Shape 1: one run, each commit 3 events + 1 task row + 1 seat row. */
function* singleRun(commits) {
  const run = new RunDriver('single', 1);
  for (let index = 0; index < commits; index += 1) {
    const taskId = `t${index % 10}`;
    yield [run.commit([['task.started', taskId], ['task.progress', taskId], ['task.completed', taskId]], [{ id: taskId, status: 'completed', attempt: 1, output: { n: index } }], [seat(taskId, 'done', run.header.seq + 3)])];
  }
}

/** Shape 2: 50 runs per batch (group commit), each with 2 events + 1 task row. */
function* fiftyRuns(batches) {
  const runs = Array.from({ length: 50 }, (_, index) => new RunDriver(`many-${index}`, 1 + index));
  for (let index = 0; index < batches; index += 1) {
    const taskId = `t${index % 10}`;
    yield runs.map((run) => run.commit([['task.started', taskId], ['task.completed', taskId]], [{ id: taskId, status: 'completed', attempt: 1, output: { n: index } }]));
  }
}

/** Shape 3: 200 runs of a 10-task chain from start to completion, all runs' transitions of a tick in one batch. */
function* chainRuns(runCount) {
  const runs = Array.from({ length: runCount }, (_, index) => new RunDriver(`chain-${index}`, 1 + index));
  yield runs.map((run) => run.commit([['run.created'], ['run.started'], ['task.ready', 't0']], [{ id: 't0', status: 'ready', attempt: 0 }]));
  for (let task = 0; task < 10; task += 1) {
    const taskId = `t${task}`;
    yield runs.map((run) => run.commit([['task.started', taskId]], [{ id: taskId, status: 'running', attempt: 1, startedAt: 2 }], [seat(taskId, 'working', run.header.seq + 1)]));
    yield runs.map((run) => {
      const done = { id: taskId, status: 'completed', attempt: 1, startedAt: 2, endedAt: 3, output: { ok: true, task } };
      if (task === 9) return run.commit([['task.completed', taskId], ['run.completed']], [done], [seat(taskId, 'done', run.header.seq + 1)], { status: 'completed', endedAt: 4, output: { ok: true } });
      const next = `t${task + 1}`;
      return run.commit([['task.completed', taskId], ['task.ready', next]], [done, { id: next, status: 'ready', attempt: 0 }], [seat(taskId, 'done', run.header.seq + 1)]);
    });
  }
}

function fileSize(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Builds the batches first (not timed), then times only store.commit. */
async function measure(makeStore, batches, path) {
  const store = makeStore();
  await store.open();
  let commits = 0;
  let events = 0;
  for (const batch of batches) {
    commits += batch.length;
    for (const commit of batch) events += commit.events.length;
  }
  globalThis.gc?.();
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  for (const batch of batches) await store.commit(batch);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await store.close();
  // Closing checkpoints the WAL into the main file: its size is what the data costs.
  const bytes = path ? fileSize(path) + fileSize(`${path}-wal`) : 0;
  return { seconds, cpuSeconds, transactions: batches.length, commits, events, bytes };
}

const shapes = [
  { name: '1 run x 3 events', build: () => [...singleRun(10_000)] },
  { name: '50 runs x 2 events', build: () => [...fiftyRuns(1_000)] },
  { name: '200 runs x 10-task chain', tasks: 2_000, build: () => [...chainRuns(200)] },
];
/** The machine is shared: every figure is the best of this many runs. */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

const folder = mkdtempSync(join(tmpdir(), 'troupe-store-bench-'));
const format = (value, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
let files = 0;

async function best(makeStore, build, onDisk) {
  let result;
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    const path = onDisk ? join(folder, `db-${(files += 1)}.db`) : undefined;
    const measured = await measure(() => makeStore(path), build(), path);
    if (!result || measured.seconds < result.seconds) result = measured;
  }
  return result;
}

try {
  // Warm up both stores' code paths (JIT) on a small run of every shape.
  for (const build of [() => [...singleRun(500)], () => [...fiftyRuns(50)], () => [...chainRuns(20)]]) {
    await measure(() => new MemoryStore(), build());
    const warm = join(folder, 'warm.db');
    await measure(() => createSqliteStore({ path: warm }), build(), warm);
    rmSync(warm, { force: true });
  }

  const rows = [];
  for (const shape of shapes) {
    const memory = await best(() => new MemoryStore(), shape.build, false);
    const row = (store, result) => ({
      shape: shape.name,
      store,
      'commits/s': format(result.commits / result.seconds),
      'events/s': format(result.events / result.seconds),
      'µs/event': format((result.seconds / result.events) * 1e6, 2),
      'cpu µs/event': format((result.cpuSeconds / result.events) * 1e6, 2),
      'µs/task': shape.tasks ? format((result.seconds / shape.tasks) * 1e6, 1) : '',
      'bytes/event': result.bytes ? format(result.bytes / result.events) : '',
      'bytes/task': shape.tasks && result.bytes ? format(result.bytes / shape.tasks) : '',
      'x memory': format(result.seconds / result.events / (memory.seconds / memory.events), 1),
    });
    rows.push(row('memory (baseline)', memory));
    for (const synchronous of ['NORMAL', 'FULL']) {
      rows.push(row(`sqlite ${synchronous}`, await best((path) => createSqliteStore({ path, synchronous }), shape.build, true)));
    }
  }
  console.log(`store commit benchmark, node ${process.version}, best of ${REPEATS}; "x memory" = SQLite time per event / MemoryStore time per event in this run`);
  console.table(rows);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
