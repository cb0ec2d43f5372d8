// Web inspector: time to first render of a run page, in headless Chromium,
// for a run with 2,000 tasks and 20,000 events, against a baseline run ten
// times smaller measured in the same process; and the size of what the browser
// downloads first (index.html + its script and style), gzipped.
//
// The server is the real @troupe/server (the built inspector at /, the REST
// API and the websocket replay) over an in-memory runs API that holds the
// prepared runs, so the figures are the inspector's and the stream's, not the
// engine's. Per size it reports, as medians of a few page loads:
//   header  — navigation start → the run header and task graph are drawn
//   live    — navigation start → every event replayed, folded and rendered
//   click   — selecting a task in the graph of the live page → its detail shown
//   find    — "Find task" with the id of the last task (far outside the view of
//             the windowed graph) → that task drawn, selected and focused
//
//   node test/bench/inspector.bench.mjs      (after `pnpm build`; needs Chromium, see .ci/run)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createServer } from '@troupe/server';
import { inspectorAssetsDir } from '@troupe/inspector';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.TROUPE_CHROMIUM ?? '/usr/bin/chromium';
const LOADS = 3;
const SIZES = [
  { name: 'baseline', tasks: 200, eventsPerTask: 10 },
  { name: 'large', tasks: 2000, eventsPerTask: 10 },
];
const WIDTH = 50; // tasks per layer of the graph

/** A completed run: layers of WIDTH tasks, each depending on two tasks of the layer before. */
function makeRun(runId, taskCount, eventsPerTask) {
  const tasks = [];
  for (let index = 0; index < taskCount; index += 1) {
    const layer = Math.floor(index / WIDTH);
    const dependsOn = layer === 0 ? [] : [(layer - 1) * WIDTH + (index % WIDTH), (layer - 1) * WIDTH + ((index + 1) % WIDTH)].map((dep) => `t${dep}`);
    tasks.push({ id: `t${index}`, dependsOn, executor: { type: 'gmi', roleId: `role${index % 4}` } });
  }
  const definition = { id: `bench-${taskCount}`, version: '1.0.0', roles: [0, 1, 2, 3].map((n) => ({ id: `role${n}`, personaId: 'bench' })), tasks };
  const events = [];
  let at = Date.now() - 60_000;
  const push = (type, taskId, data) => events.push({ runId, seq: events.length + 1, type, at: (at += 1), ...(taskId ? { taskId, attempt: 1 } : {}), ...(data ? { data } : {}) });
  push('run.created', undefined, { definitionId: definition.id });
  push('run.started');
  const taskStates = {};
  for (const task of tasks) {
    push('task.ready', task.id);
    push('task.started', task.id);
    for (let chunk = 0; chunk < eventsPerTask - 3; chunk += 1) push('task.progress', task.id, { chunk: `token ${chunk} of ${task.id}` });
    push('task.completed', task.id, { output: { text: `output of ${task.id}`, n: Number(task.id.slice(1)) } });
    taskStates[task.id] = { id: task.id, status: 'completed', attempt: 1, startedAt: at - 5, endedAt: at, output: { text: `output of ${task.id}` } };
  }
  push('run.completed', undefined, { output: { done: true } });
  const seats = {};
  for (const role of definition.roles) seats[role.id] = { roleId: role.id, personaId: 'bench', status: 'done', history: [], seq: events.length, lastOutputPreview: 'done' };
  const state = {
    runId,
    pin: { definitionId: definition.id, definitionVersion: '1.0.0', definitionHash: 'bench', packVersions: {} },
    status: 'completed',
    input: { size: taskCount },
    output: { done: true },
    roleAssignments: {},
    createdAt: events[0].at,
    updatedAt: at,
    endedAt: at,
    seq: events.length,
    tasks: taskStates,
    seats,
  };
  return { state, events, definition };
}

/** The part of the engine's runs API the server reads, over prepared runs. */
function preparedRuns(runs) {
  const byId = new Map(runs.map((run) => [run.state.runId, run]));
  const find = (runId) => {
    const run = byId.get(runId);
    if (!run) throw Object.assign(new Error(`no run ${runId}`), { code: 'E_RUN_NOT_FOUND' });
    return run;
  };
  const summary = ({ state }) => ({ runId: state.runId, definitionId: state.pin.definitionId, definitionVersion: '1.0.0', status: state.status, createdAt: state.createdAt, updatedAt: state.updatedAt, seq: state.seq });
  return {
    startWorkflow: () => Promise.reject(new Error('read-only benchmark')),
    getRun: async (runId) => find(runId).state,
    listRuns: async () => ({ runs: runs.map(summary) }),
    cancel: () => Promise.reject(new Error('read-only benchmark')),
    answerHumanTask: () => Promise.reject(new Error('read-only benchmark')),
    applyTaskUpdates: () => Promise.reject(new Error('read-only benchmark')),
    readEvents: async (runId, afterSeq = 0, limit = 1000) => find(runId).events.slice(afterSeq, afterSeq + limit),
    getDefinition: async (runId) => find(runId).definition,
    listDefinitions: () => runs.map((run) => run.definition),
    subscribe: () => () => {},
  };
}

function bundleSize() {
  const html = readFileSync(join(inspectorAssetsDir, 'index.html'), 'utf8');
  const files = ['index.html', ...[...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((match) => match[1])];
  let raw = 0;
  let gzipped = 0;
  for (const file of files) {
    const bytes = readFileSync(join(inspectorAssetsDir, file));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  const all = readdirSync(join(inspectorAssetsDir, 'assets')).length;
  return { files: files.length, all, raw, gzipped };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(browser, baseUrl, runId, expectedEvents, taskCount) {
  const header = [];
  const live = [];
  const click = [];
  const finds = [];
  for (let load = 0; load < LOADS; load += 1) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/runs/${runId}`, { waitUntil: 'commit' });
    await page.waitForSelector('main[data-run-id] svg.graph g.node', { timeout: 120_000 });
    header.push(await page.evaluate(() => performance.now()));
    await page.waitForFunction(
      (count) => document.querySelector('main[data-live="true"]') && document.querySelector('[data-testid="event-count"]')?.getAttribute('data-count') === String(count),
      expectedEvents,
      { timeout: 120_000, polling: 'raf' },
    );
    live.push(await page.evaluate(() => performance.now()));
    const clicked = await page.evaluate(async () => {
      const node = document.querySelector('svg.graph g.node[data-task="t7"]');
      const start = performance.now();
      node.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      while (!document.querySelector('[data-task-detail="t7"]')) await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now() - start;
    });
    click.push(clicked);
    const last = `t${taskCount - 1}`;
    await page.getByLabel('Find task').fill(last);
    const found = await page.evaluate(async (id) => {
      const start = performance.now();
      document.querySelector('form.graph-tools').requestSubmit();
      while (document.activeElement?.getAttribute('data-task') !== id) await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now() - start;
    }, last);
    finds.push(found);
    await page.close();
  }
  return { header: median(header), live: median(live), click: median(click), find: median(finds) };
}

export default async function inspectorBench() {
  const runs = SIZES.map((size) => ({ size, run: makeRun(`bench-${size.tasks}`, size.tasks, size.eventsPerTask) }));
  const server = createServer({ runs: preparedRuns(runs.map(({ run }) => run)) });
  const address = await server.listen(0, '127.0.0.1');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const bundle = bundleSize();
    console.log(`initial download: ${bundle.files} files, ${(bundle.raw / 1024).toFixed(1)} KB raw, ${(bundle.gzipped / 1024).toFixed(1)} KB gzipped (budget 150 KB gzipped)`);
    // Warm-up load (browser caches, JIT), not reported.
    await measure(browser, address.url, runs[0].run.state.runId, runs[0].run.events.length, runs[0].size.tasks);
    const results = [];
    for (const { size, run } of runs) results.push({ size, events: run.events.length, ...(await measure(browser, address.url, run.state.runId, run.events.length, size.tasks)) });
    const [base] = results;
    console.log('run                       tasks  events   header ms  live ms   click ms   find ms   header×  live×');
    for (const result of results) {
      console.log(
        `${result.size.name.padEnd(24)} ${String(result.size.tasks).padStart(6)} ${String(result.events).padStart(7)} ${result.header.toFixed(0).padStart(10)} ${result.live.toFixed(0).padStart(8)} ${result.click.toFixed(1).padStart(10)} ${result.find.toFixed(1).padStart(9)} ${(result.header / base.header).toFixed(2).padStart(8)} ${(result.live / base.live).toFixed(2).padStart(6)}`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await inspectorBench();
