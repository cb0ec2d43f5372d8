// A real host process for the kill -9 test: a Troupe host on a SQLite file
// with the fixture pack, which resumes the store's unfinished runs at start,
// starts any of the `runs` runs (run-0 … run-<n-1>) that do not exist yet,
// and exits 0 once every one of them has ended. Progress goes to stdout as
// markers the test waits on: `recovered`, then one `effect` per tool call, then `done`.
//
//   node durableHost.mjs <db file> <side-effect file> <runs> [strict|batched]
import { fileURLToPath } from 'node:url';
import { createHost, provide, Services } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';

const [database, sideEffects, count, durability = 'strict'] = process.argv.slice(2);
const pack = fileURLToPath(new URL('./fixture-pack', import.meta.url));
const host = createHost({
  config: { packs: [{ use: pack, options: { sideEffects } }], engine: { maxConcurrentRuns: 64, durability } },
  logLevel: 'warn',
  logDestination: 2,
  services: [provide(Services.store, createSqliteStore({ path: database }))],
});
await host.start();
process.stdout.write('recovered\n');

const runIds = Array.from({ length: Number(count) }, (_, index) => `run-${index}`);
await Promise.all(
  runIds.map((runId) =>
    host.engine.startWorkflow('durable', { runId, input: { key: runId } }).catch((error) => {
      // Started by an earlier process (which the engine refuses to start twice): it was resumed at start.
      if (error.code !== 'E_RUN_EXISTS') throw error;
    }),
  ),
);
const ended = await Promise.all(runIds.map((runId) => host.engine.wait(runId, { untilTerminal: true })));
process.stdout.write(`done ${ended.filter((run) => run.status === 'completed').length}\n`);
await host.stop();
