// Scale-out: the engine on PostgreSQL dispatching its tool tasks through
// BullMQ (Redis) to 1, 2 and 4 `troupe worker` processes on this machine,
// next to the embedded default (SQLite file, tasks run in the host's own
// process) doing the same work in the same run. Shapes: 1,000 runs of a
// chain of 10 no-op tool tasks (256 runs at once), and one fan-out of 1,000.
// Prints runs/s (chains), wall µs per task, the coordinator's CPU µs per task
// (its share of the work: engine, store commits, queue), and the ratio of
// wall time to SQLite. PostgreSQL runs with its default durability (fsync
// on, a commit is on disk when it is acknowledged); one round per figure.
// As `troupe serve --queue` does, the coordinator publishes every run update
// on Redis pub/sub for the deployment's other servers (the row "no telemetry"
// leaves that out, to show its cost).
//
//   node test/bench/scaleout.bench.mjs [runs=1000]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HostSecrets, WorkflowEngine } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';
import { BullmqTaskDispatcher, createPostgresStore, RedisRunTelemetry } from '@troupe/store-postgres';
import { startPostgresServer, startRedisServer } from '@troupe/testing';
import { benchRegistry, silent } from './benchWorkflows.mjs';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/troupe.js', import.meta.url));
const PACK = fileURLToPath(new URL('./scaleout-pack', import.meta.url));
const RUNS = Number(process.argv[2] ?? process.env.SCALEOUT_RUNS ?? 1000);
/** Worker processes, and whether the coordinator publishes its telemetry. */
const SETUPS = [
  { count: 1, telemetry: false },
  { count: 1, telemetry: true },
  { count: 2, telemetry: true },
  { count: 4, telemetry: true },
];
const registry = benchRegistry();
const secrets = new HostSecrets({ env: {} });

async function measure(engine, work) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await work(engine);
  const wall = Number(process.hrtime.bigint() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: used.user + used.system };
}

async function chains(engine) {
  const started = await Promise.all(Array.from({ length: RUNS }, () => engine.startWorkflow('chain-10')));
  const done = await Promise.all(started.map((run) => engine.wait(run.runId)));
  if (done.some((run) => run.status !== 'completed')) throw new Error('a chain did not complete');
}

async function fan(engine) {
  const run = await engine.startWorkflow('fan-1000');
  if ((await engine.wait(run.runId)).status !== 'completed') throw new Error('the fan-out did not complete');
}

function startWorker(config, redisUrl, storeUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'worker', '--config', config, '--queue', redisUrl, '--store', storeUrl, '--concurrency', '64'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      if (chunk.includes('worker ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
}

export default async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-scaleout-bench-'));
  const [postgres, redis] = await Promise.all([startPostgresServer({ fastUnsafe: false }), startRedisServer()]);
  const config = join(dir, 'troupe.config.json');
  writeFileSync(config, JSON.stringify({ packs: [{ use: PACK }], log: { level: 'error' } }));
  const rows = [];
  let schemas = 0;
  try {
    // The embedded default, same work.
    const sqlite = {};
    for (const [name, work] of [['chains', chains], ['fan', fan]]) {
      const store = createSqliteStore({ path: join(dir, `${name}.db`) });
      await store.open();
      const engine = new WorkflowEngine({ descriptors: registry, secrets, store, logger: silent, config: { maxConcurrentRuns: 256 } });
      globalThis.gc?.();
      sqlite[name] = await measure(engine, work);
      await engine.close?.();
      await store.close();
    }
    rows.push({ setup: 'SQLite, in-process tasks', ...sqlite });
    for (const { count, telemetry } of SETUPS) {
      const schema = `bench_${schemas++}`;
      const storeUrl = `${postgres.url}?schema=${schema}`;
      const store = createPostgresStore({ url: storeUrl, maxConnections: 20 });
      await store.open();
      const live = await Promise.all(Array.from({ length: count }, () => startWorker(config, redis.url, storeUrl)));
      const dispatcher = new BullmqTaskDispatcher({ url: redis.url });
      await dispatcher.start();
      const publisher = telemetry ? new RedisRunTelemetry({ url: redis.url }) : undefined;
      await publisher?.startPublishing();
      const result = {};
      for (const [name, work] of [['chains', chains], ['fan', fan]]) {
        const engine = new WorkflowEngine({ descriptors: registry, secrets, store, logger: silent, config: { maxConcurrentRuns: 256 }, dispatcher });
        if (publisher) engine.subscribe((update) => publisher.publish(update));
        globalThis.gc?.();
        result[name] = await measure(engine, work);
        await engine.close?.();
      }
      rows.push({ setup: `PostgreSQL + BullMQ, ${count} worker${count > 1 ? 's' : ''}${telemetry ? '' : ', no telemetry'}`, ...result });
      await publisher?.close();
      await dispatcher.close();
      for (const worker of live) worker.kill('SIGTERM');
      await Promise.all(live.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
      await store.close();
    }
  } finally {
    await Promise.all([postgres.destroy(), redis.destroy()]);
    rmSync(dir, { recursive: true, force: true });
  }
  const base = rows[0];
  const chainTasks = RUNS * 10;
  console.log(`chain-10 × ${RUNS} runs (${chainTasks} tasks) and fan-out-1000 (1,000 tasks); ratio = wall time / SQLite's`);
  console.log('setup                                        | chains runs/s | µs/task wall | coord CPU µs/task | ratio | fan µs/task wall | coord CPU µs/task | ratio');
  for (const row of rows) {
    console.log(
      [
        row.setup.padEnd(44),
        (RUNS / (row.chains.wall / 1e6)).toFixed(0).padStart(13),
        (row.chains.wall / chainTasks).toFixed(1).padStart(12),
        (row.chains.cpu / chainTasks).toFixed(1).padStart(17),
        `${(row.chains.wall / base.chains.wall).toFixed(1)}×`.padStart(5),
        (row.fan.wall / 1000).toFixed(1).padStart(16),
        (row.fan.cpu / 1000).toFixed(1).padStart(17),
        `${(row.fan.wall / base.fan.wall).toFixed(1)}×`.padStart(5),
      ].join(' | '),
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
