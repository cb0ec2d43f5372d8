// Cost per task through the public path a host app uses: createHost with the
// default config (policies, audit, logging silent), an inline pack registered
// with host.register, tools that read `upstream` and return data, and
// host.engine.startWorkflow + wait. Memory and the SQLite default, side by
// side with, measured in the same rounds:
//   - plain `await` of the same tool functions in the same order;
//   - the internal engine bench (a hand-built WorkflowEngine, no-op tools);
//   - for SQLite, the physical floor: one single-row WAL transaction of
//     better-sqlite3 on the same file system (synchronous NORMAL, as the store);
//   - SQLite with `engine.durability: "batched"` (dependants start before the
//     commit; steps are committed together), the opt-in mode.
// Steady state: the lower quartile of the measured rounds on one long-lived
// host after 3 warm-ups. 1 warm-up: a fresh process per shape (what a
// short-lived CLI process sees), the round after one warm-up run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { HostSecrets, MemoryStore, WorkflowEngine, createHost } from '@troupe/runtime';
import { defineInlinePack, defineTool } from '@troupe/sdk';
import { benchRegistry, chain, fanOut, runToCompletion, silent } from './benchWorkflows.mjs';
import { lowerQuartile, timeUs as time } from './benchTiming.mjs';

const here = fileURLToPath(import.meta.url);

// ── the workload: tools that read upstream and return data ─────────────────
function step(input) {
  const upstream = input?.upstream ?? {};
  let sum = 1;
  for (const value of Object.values(upstream)) sum += typeof value?.n === 'number' ? value.n : 0;
  return { n: sum % 1000, ok: true };
}
const stepTool = defineTool({ id: 'step', execute: (input) => step(input) });

const benchPack = defineInlinePack({
  id: 'bench',
  version: '1.0.0',
  descriptors: [stepTool, chain('chain-10', 10, 'step'), chain('chain-100', 100, 'step'), chain('chain-1000', 1000, 'step'), fanOut('fan-1000', 1000, 'step')],
});

const SHAPES = [
  { name: 'chain-100', workflow: 'chain-100', runs: 1, tasks: 100, rounds: 40 },
  { name: 'chain-1000', workflow: 'chain-1000', runs: 1, tasks: 1000, rounds: 12 },
  { name: 'fan-out-1000', workflow: 'fan-1000', runs: 1, tasks: 1000, rounds: 12 },
  { name: '200 runs x chain-10', workflow: 'chain-10', runs: 200, tasks: 2000, rounds: 12 },
];

// ── baselines ──────────────────────────────────────────────────────────────
async function plainAwait(shape) {
  const run = async () => {
    if (shape.workflow === 'fan-1000') {
      const root = await stepTool.payload.execute({ input: null, upstream: {} });
      const branches = await Promise.all(Array.from({ length: 998 }, () => stepTool.payload.execute({ input: null, upstream: { root } })));
      const upstream = {};
      branches.forEach((value, i) => (upstream[`b${i}`] = value));
      await stepTool.payload.execute({ input: null, upstream });
      return;
    }
    const length = shape.tasks / shape.runs;
    let prev;
    for (let i = 0; i < length; i++) prev = await stepTool.payload.execute({ input: null, upstream: prev ? { prev } : {} });
  };
  if (shape.runs === 1) return run();
  await Promise.all(Array.from({ length: shape.runs }, run));
}

const internalRegistry = benchRegistry();
const internalSecrets = new HostSecrets({ env: {} });
function internalEngine() {
  return new WorkflowEngine({ descriptors: internalRegistry, secrets: internalSecrets, store: new MemoryStore(), logger: silent, config: { maxConcurrentRuns: 256 } });
}

/** µs of one single-row WAL transaction (INSERT of ~300 bytes), better-sqlite3, synchronous NORMAL. */
function sqliteFloor(dir) {
  const db = new Database(join(dir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (run TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (run, seq))');
  const insert = db.prepare('INSERT INTO t (run, seq, body) VALUES (?, ?, ?)');
  const txn = db.transaction((seq) => insert.run('run-1', seq, `{"type":"task.completed","taskId":"t${seq}","output":{"n":${seq},"ok":true},"at":${Date.now()}}`.padEnd(300, ' ')));
  let seq = 0;
  for (let i = 0; i < 2000; i++) txn(seq++);
  const samples = [];
  for (let round = 0; round < 15; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) txn(seq++);
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / 1000);
  }
  db.close();
  return lowerQuartile(samples);
}

// ── the public path ────────────────────────────────────────────────────────
async function openHost(storeKind, dir, index) {
  const config =
    storeKind === 'memory'
      ? { store: 'memory' }
      : { store: `sqlite:${join(dir, `host-${index}-${storeKind}.db`)}`, ...(storeKind === 'sqlite-batched' ? { engine: { durability: 'batched' } } : {}) };
  const host = createHost({ config, cwd: dir });
  host.register(benchPack);
  const report = await host.start();
  if (report.packs.some((pack) => pack.status !== 'active')) throw new Error(`bench pack not active: ${JSON.stringify(report.packs)}`);
  return host;
}

/** Runs the shape to completion on a runs API: `host.engine`, or the internal bench's WorkflowEngine. */
function runShape(runs, shape) {
  return runToCompletion(runs, shape.workflow, shape.runs);
}

async function measureShape(shape, dir, hostIndex) {
  const memoryHost = await openHost('memory', dir, hostIndex);
  const sqliteHost = await openHost('sqlite', dir, hostIndex);
  // Undefined on a build without the option (the bench also runs against older commits for before/after tables).
  const batchedHost = await openHost('sqlite-batched', dir, hostIndex).catch(() => undefined);
  globalThis.gc?.();
  const samples = { memory: [], sqlite: [], batched: [], await: [], internal: [] };
  for (let i = 0; i < shape.rounds + 3; i++) {
    // Interleaved, so every side sees the same machine load; 3 warm-ups.
    const memory = await time(() => runShape(memoryHost.engine, shape));
    const sqlite = await time(() => runShape(sqliteHost.engine, shape));
    const batched = batchedHost ? await time(() => runShape(batchedHost.engine, shape)) : NaN;
    const awaited = await time(() => plainAwait(shape));
    const engine = internalEngine();
    const internal = await time(() => runShape(engine, shape));
    await engine.close();
    if (i < 3) continue;
    samples.memory.push(memory);
    samples.sqlite.push(sqlite);
    samples.batched.push(batched);
    samples.await.push(awaited);
    samples.internal.push(internal);
  }
  await memoryHost.stop();
  await sqliteHost.stop();
  await batchedHost?.stop();
  const per = (values) => lowerQuartile(values) / shape.tasks;
  return { memory: per(samples.memory), sqlite: per(samples.sqlite), batched: per(samples.batched), await: per(samples.await), internal: per(samples.internal) };
}

/** In a fresh process: the round right after one warm-up run, per store. */
async function oneWarmUp(shapeName, storeKind) {
  const shape = SHAPES.find((s) => s.name === shapeName);
  const dir = mkdtempSync(join(tmpdir(), 'troupe-public-api-1w-'));
  try {
    const host = await openHost(storeKind, dir, 0);
    await runShape(host.engine, shape);
    const elapsed = await time(() => runShape(host.engine, shape));
    await host.stop();
    return elapsed / shape.tasks;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function oneWarmUpInChild(shapeName, storeKind) {
  const out = execFileSync(process.execPath, [here, '--one-warm-up', shapeName, storeKind], { encoding: 'utf8' });
  return Number(out.trim().split('\n').at(-1));
}

export default async function publicApiBench() {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-public-api-bench-'));
  try {
    const floor = sqliteFloor(dir);
    const rows = [];
    for (const [index, shape] of SHAPES.entries()) {
      const steady = await measureShape(shape, dir, index);
      rows.push({ shape, steady, firstMemory: oneWarmUpInChild(shape.name, 'memory'), firstSqlite: oneWarmUpInChild(shape.name, 'sqlite') });
    }
    console.log(`public-api benchmark (node ${process.version}): createHost + inline pack + startWorkflow/wait, upstream-reading tools`);
    console.log(`steady state: lower quartile after 3 warm-ups; 1 warm-up: fresh process, the run after one warm-up run`);
    console.log(`durable floor: one single-row WAL transaction of better-sqlite3 here = ${floor.toFixed(2)} µs`);
    console.log('shape                 memory µs/task  ×await  ×internal  1-warm-up | sqlite µs/task  ×floor  store µs/task  1-warm-up | batched µs/task  store µs/task');
    for (const { shape, steady, firstMemory, firstSqlite } of rows) {
      const perStep = shape.workflow.startsWith('chain') && shape.runs === 1 ? steady.sqlite / floor : NaN;
      console.log(
        [
          shape.name.padEnd(20),
          steady.memory.toFixed(2).padStart(15),
          (steady.memory / steady.await).toFixed(0).padStart(6) + '×',
          (steady.memory / steady.internal).toFixed(2).padStart(9) + '×',
          firstMemory.toFixed(2).padStart(10),
          '|',
          steady.sqlite.toFixed(2).padStart(14),
          (Number.isNaN(perStep) ? '—' : perStep.toFixed(2) + '×').padStart(7),
          (steady.sqlite - steady.memory).toFixed(2).padStart(13),
          firstSqlite.toFixed(2).padStart(10),
          '|',
          steady.batched.toFixed(2).padStart(15),
          (steady.batched - steady.memory).toFixed(2).padStart(14),
        ].join(' '),
      );
    }
    const chain100 = rows[0].steady.memory;
    const chain1000 = rows[1].steady.memory;
    console.log(`linearity (memory): chain-100 per task / chain-1000 per task = ${(chain100 / chain1000).toFixed(2)} (target ≤ 1.5)`);
    console.log(`worst memory shape: ${Math.max(...rows.map((r) => r.steady.memory)).toFixed(2)} µs/task (target ≤ 10)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--one-warm-up') {
  console.log(String(await oneWarmUp(process.argv[3], process.argv[4])));
}
