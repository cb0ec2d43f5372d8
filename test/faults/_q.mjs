import { createSqliteStore } from '@troupe/store-sqlite';
const store = createSqliteStore({ path: process.argv[2] });
await store.open();
const page = await store.listRuns({ limit: 500 });
const r = await store.getRun(page.runs[0].runId);
console.log(page.runs.length, JSON.stringify(r.tasks).slice(0, 600));
const ev = await store.readEvents(page.runs[0].runId);
console.log(ev.map(e => e.type + ':' + (e.taskId ?? '')).join(' '));
