// Engine overhead per task, durable: the shapes of engine.bench.mjs (no-op
// tool tasks) on a SqliteStore in a temporary file (WAL, synchronous NORMAL,
// the embedded default), next to the same engine on a MemoryStore measured
// in the same rounds. Prints µs per task for both, the ratio, and the bytes
// of database each task leaves behind (file size after close, minus an empty
// database's). Each round gets a fresh engine and a fresh store; opening the
// database (migrations) is outside the timed part.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostSecrets, MemoryStore, WorkflowEngine } from '@troupe/runtime';
import { benchRegistry, silent, runToCompletion } from './benchWorkflows.mjs';
import { lowerQuartile, timeUs as time } from './benchTiming.mjs';
import { createSqliteStore } from '@troupe/store-sqlite';

const registry = benchRegistry();
const secrets = new HostSecrets({ env: {} });

const dir = mkdtempSync(join(tmpdir(), 'troupe-engine-sqlite-bench-'));
let files = 0;

function engineOn(store) {
  return new WorkflowEngine({ descriptors: registry, secrets, store, logger: silent, config: { maxConcurrentRuns: 256 } });
}

async function openSqlite() {
  const path = join(dir, `round-${files++}.db`);
  const store = createSqliteStore({ path });
  await store.open();
  return { store, path };
}

/** Bytes of a database file after close (the WAL is checkpointed into it and removed). */
function bytesOf(path) {
  return statSync(path).size;
}

async function shape(name, tasks, rounds, id, runs, emptyBytes) {
  globalThis.gc?.();
  const memory = [];
  const sqlite = [];
  const bytes = [];
  for (let i = 0; i < rounds + 3; i++) {
    // Interleaved, so both stores see the same machine load; the first rounds warm up.
    const inMemory = engineOn(new MemoryStore());
    const memoryTime = await time(() => runToCompletion(inMemory, id, runs));
    await inMemory.close();
    const { store, path } = await openSqlite();
    const durable = engineOn(store);
    const sqliteTime = await time(() => runToCompletion(durable, id, runs));
    await durable.close();
    await store.close();
    const size = bytesOf(path);
    rmSync(path, { force: true });
    if (i < 3) continue;
    memory.push(memoryTime);
    sqlite.push(sqliteTime);
    bytes.push(size - emptyBytes);
  }
  const memoryPerTask = lowerQuartile(memory) / tasks;
  const sqlitePerTask = lowerQuartile(sqlite) / tasks;
  return { name, tasks, memoryPerTask, sqlitePerTask, ratio: sqlitePerTask / memoryPerTask, bytesPerTask: lowerQuartile(bytes) / tasks };
}

export default async function engineSqliteBench() {
  const empty = await openSqlite();
  await empty.store.close();
  const emptyBytes = bytesOf(empty.path);
  try {
    const rows = [
      await shape('chain-100', 100, 30, 'chain-100', 1, emptyBytes),
      await shape('chain-1000', 1000, 15, 'chain-1000', 1, emptyBytes),
      await shape('fan-out-1000 (one join)', 1000, 15, 'fan-1000', 1, emptyBytes),
      await shape('200 runs x chain-10', 2000, 15, 'chain-10', 200, emptyBytes),
    ];
    console.log(`engine benchmark on SQLite (WAL, synchronous NORMAL, temp file) vs in memory, same rounds (node ${process.version}); lower quartile`);
    console.log(`empty database: ${emptyBytes} bytes (subtracted below)`);
    console.log('shape                      tasks   memory µs/task   sqlite µs/task   sqlite/memory   db bytes/task');
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(26)} ${String(row.tasks).padStart(5)}   ${row.memoryPerTask.toFixed(2).padStart(14)}   ${row.sqlitePerTask.toFixed(2).padStart(14)}   ${row.ratio.toFixed(2).padStart(12)}x   ${row.bytesPerTask.toFixed(0).padStart(13)}`,
      );
    }
    const worst = Math.max(...rows.map((row) => row.sqlitePerTask));
    const worstRatio = Math.max(...rows.map((row) => row.ratio));
    console.log(`worst shape on SQLite: ${worst.toFixed(2)} µs/task (target < 60), ${worstRatio.toFixed(2)}x the in-memory engine (target ≤ 3)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
