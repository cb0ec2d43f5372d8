// A real host process for the dynamic kill -9 test (forEach and loop runs), like durableHost.mjs:
// a Troupe host on a SQLite file with dynamic-pack, which resumes the store's unfinished runs at start,
// starts any of the `runs` runs (fan-0, chat-1, fan-2, …) that do not exist yet,
// and exits 0 once every one of them has ended. Progress goes to stdout as
// markers the test waits on: `recovered`, then one `effect` per tool call, then `done`.
//
//   node dynamicHost.mjs <db file> <side-effect file> <runs>
import { fileURLToPath } from 'node:url';
import { createHost, provide, Services } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';

const [database, sideEffects, count] = process.argv.slice(2);
const pack = fileURLToPath(new URL('./dynamic-pack', import.meta.url));
const host = createHost({
  config: { packs: [{ use: pack, options: { sideEffects } }], engine: { maxConcurrentRuns: 64 } },
  logLevel: 'warn',
  logDestination: 2,
  services: [provide(Services.store, createSqliteStore({ path: database }))],
});
await host.start();
process.stdout.write('recovered\n');

const ITEMS = Array.from({ length: 12 }, (_, index) => `item-${index}`);
const runIds = Array.from({ length: Number(count) }, (_, index) => `${index % 2 === 0 ? 'fan' : 'chat'}-${index}`);
await Promise.all(
  runIds.map((runId) =>
    host.engine.startWorkflow(runId.startsWith('fan') ? 'fan' : 'chat', { runId, input: { items: ITEMS } }).catch((error) => {
      // Started by an earlier process (which the engine refuses to start twice): it was resumed at start.
      if (error.code !== 'E_RUN_EXISTS') throw error;
    }),
  ),
);
const ended = await Promise.all(runIds.map((runId) => host.engine.wait(runId, { untilTerminal: true })));
process.stdout.write(`done ${ended.filter((run) => run.status === 'completed').length}\n`);
await host.stop();
