// Engine overhead per task, in memory: no-op tool tasks in three shapes, each
// compared with plain `await` of the same function in the same process.
// Every round runs on a fresh engine and MemoryStore (a store that kept every
// earlier round would measure the garbage collector walking old runs).
import { HostSecrets, MemoryStore, WorkflowEngine } from '@troupe/runtime';
import { benchRegistry, noopTool, silent, runToCompletion } from './benchWorkflows.mjs';
import { lowerQuartile } from './benchTiming.mjs';

const registry = benchRegistry();

function createEngine() {
  return new WorkflowEngine({
    descriptors: registry,
    secrets: new HostSecrets({ env: {} }),
    store: new MemoryStore(),
    logger: silent,
    config: { maxConcurrentRuns: 256 },
  });
}

const ctx = { runId: 'r', taskId: 't', attempt: 1, idempotencyKey: 'r:t', signal: new AbortController().signal, secrets: {}, logger: silent };

// The baseline: the same tool function, awaited in the same order, input objects built alike.
async function baselineChain(length) {
  let value = null;
  for (let i = 0; i < length; i++) value = await noopTool.payload.execute({ input: null, upstream: { prev: value } }, ctx);
}

async function baselineFan(total) {
  await noopTool.payload.execute({}, ctx);
  await Promise.all(Array.from({ length: total - 2 }, () => noopTool.payload.execute({}, ctx)));
  await noopTool.payload.execute({}, ctx);
}

/** Wall and CPU time of one call, in µs. */
async function time(fn) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await fn();
  const wall = Number(process.hrtime.bigint() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: used.user + used.system };
}

async function shape(name, tasks, rounds, runEngine, runBaseline) {
  // Collect the previous shape's garbage once, then let warm-up rounds grow the heap back:
  // a forced full GC before every round shrinks the young generation and makes the next
  // round pay for scavenges a long-running host never sees.
  globalThis.gc?.();
  for (let i = 0; i < 5; i++) {
    await runEngine(createEngine());
    await runBaseline();
  }
  // Interleaved, so both sides see the same machine load.
  const engine = [];
  const baseline = [];
  for (let i = 0; i < rounds; i++) {
    const fresh = createEngine();
    engine.push(await time(() => runEngine(fresh)));
    baseline.push(await time(runBaseline));
  }
  const wall = lowerQuartile(engine.map((t) => t.wall));
  const cpu = lowerQuartile(engine.map((t) => t.cpu));
  const baseWall = lowerQuartile(baseline.map((t) => t.wall));
  return { name, tasks, perTask: wall / tasks, cpuPerTask: cpu / tasks, basePerTask: baseWall / tasks, ratio: wall / baseWall };
}

export default async function engineBench() {
  const rows = [
    await shape('chain-100', 100, 60, (engine) => runToCompletion(engine, 'chain-100', 1), () => baselineChain(100)),
    await shape('chain-1000', 1000, 30, (engine) => runToCompletion(engine, 'chain-1000', 1), () => baselineChain(1000)),
    await shape('fan-out-1000 (one join)', 1000, 30, (engine) => runToCompletion(engine, 'fan-1000', 1), () => baselineFan(1000)),
    await shape(
      '200 runs x chain-10',
      2000,
      30,
      (engine) => runToCompletion(engine, 'chain-10', 200),
      () => Promise.all(Array.from({ length: 200 }, () => baselineChain(10))),
    ),
  ];
  console.log(`engine benchmark, in memory (node ${process.version}); lower quartile of the rounds`);
  console.log('shape                      tasks   µs/task (wall)   µs/task (cpu)   plain await µs/task   ratio');
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(26)} ${String(row.tasks).padStart(5)}   ${row.perTask.toFixed(2).padStart(14)}   ${row.cpuPerTask.toFixed(2).padStart(13)}   ${row.basePerTask.toFixed(3).padStart(19)}   ${row.ratio.toFixed(0).padStart(5)}x`,
    );
  }
  const linear = rows[1].perTask / rows[0].perTask;
  console.log(`linearity: chain-1000 per task / chain-100 per task = ${linear.toFixed(2)} (target ≤ 1.5)`);
  const worst = Math.max(...rows.map((row) => row.perTask));
  console.log(`worst shape: ${worst.toFixed(2)} µs/task wall (target < 20)`);
}
