// Memory held for websocket clients that never read: N clients subscribe to a
// run, stop reading (their sockets paused), and the run floods events with a
// 2 KB seat preview each. Reports the server process's RSS before the clients
// connect, its peak during the flood, and what the server itself accounts for
// (queued + handed-to-socket bytes), plus how many clients it closed as too
// slow. Run once with the defaults and once with the total stream buffer
// budget lifted (the behaviour before it existed), in the same process.
//   node --expose-gc test/bench/ws-slow-clients.bench.mjs   (after `pnpm build`)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { createServer } from '@troupe/server';
import { STREAM_PROTOCOL } from '@troupe/client';

const CLIENTS = Number(process.env.CLIENTS ?? 100);
const EVENTS = Number(process.env.EVENTS ?? 10000);
const PREVIEW_BYTES = 2000;

/** The smallest runs API the stream needs: one run, events appended and announced. */
function fakeRuns() {
  const listeners = new Set();
  const events = [];
  const seat = { roleId: 'writer', personaId: 'ada', status: 'idle', history: [], seq: 0 };
  let state = {
    runId: 'flood',
    pin: { definitionId: 'flood', definitionVersion: '1.0.0', definitionHash: 'sha256:fake', packVersions: {} },
    status: 'running',
    input: {},
    roleAssignments: {},
    createdAt: Date.now(),
    updatedAt: Date.now(),
    seq: 0,
    tasks: { draft: { id: 'draft', status: 'running', attempt: 1 } },
    seats: { writer: seat },
  };
  const progress = () => ({ runId: 'flood', definitionId: 'flood', status: 'running', seq: state.seq, counts: { running: 1 }, total: 1, percent: 0, currentTaskIds: ['draft'] });
  return {
    append(preview) {
      const seq = state.seq + 1;
      const event = { runId: 'flood', seq, type: 'task.progress', at: Date.now(), taskId: 'draft' };
      events.push(event);
      const nextSeat = { ...seat, status: 'working', taskId: 'draft', lastOutputPreview: preview, seq };
      state = { ...state, seq, updatedAt: event.at, seats: { writer: nextSeat } };
      for (const listener of listeners) listener({ event, progress: progress(), seat: nextSeat });
    },
    async startWorkflow() {
      throw new Error('not used');
    },
    async getRun() {
      return state;
    },
    async listRuns() {
      return { runs: [] };
    },
    async cancel() {
      return state;
    },
    async answerHumanTask() {
      return state;
    },
    async applyTaskUpdates() {
      return state;
    },
    async readEvents(_runId, after = 0, limit = 1000) {
      return events.slice(after, after + limit);
    },
    listDefinitions() {
      return [];
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const rss = () => process.memoryUsage().rss / 1024 / 1024;

async function round(label, limits) {
  globalThis.gc?.();
  await sleep(50);
  const runs = fakeRuns();
  const server = createServer({ runs, validateOutgoing: false, limits: { heartbeatMs: 0, ...limits } });
  const address = await server.listen(0);
  globalThis.gc?.();
  const before = rss();
  const liveOf = () => {
    const usage = process.memoryUsage();
    return (usage.heapUsed + usage.arrayBuffers) / 1024 / 1024;
  };
  const liveBefore = liveOf();
  const clients = [];
  for (let index = 0; index < CLIENTS; index += 1) {
    const ws = new WebSocket(address.streamUrl, [STREAM_PROTOCOL]);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'subscribe', id: 's', runId: 'flood' }));
    clients.push(ws);
  }
  await sleep(200);
  // From now on no client reads: the kernel buffers fill, then the server holds the rest.
  for (const ws of clients) ws._socket.pause();
  let peak = rss();
  let peakHeld = 0;
  const filler = 'x'.repeat(PREVIEW_BYTES);
  for (let index = 0; index < EVENTS; index += 1) {
    runs.append(`${index} ${filler}`);
    if (index % 50 === 49) {
      await sleep(5);
      peak = Math.max(peak, rss());
      const text = await (await fetch(`${address.url}/metrics`)).text();
      const queued = Number(/^troupe_ws_send_queue_bytes (\d+)/m.exec(text)?.[1] ?? 0);
      const buffered = Number(/^troupe_ws_buffered_bytes (\d+)/m.exec(text)?.[1] ?? 0);
      peakHeld = Math.max(peakHeld, queued + buffered);
    }
  }
  await sleep(500);
  peak = Math.max(peak, rss());
  // What stays held while the clients still do not read: garbage collected, buffers not.
  globalThis.gc?.();
  await sleep(100);
  globalThis.gc?.();
  const held = rss();
  const live = liveOf();
  const closedSlow = server.metrics.wsClosedSlow;
  for (const ws of clients) ws.terminate();
  await server.close();
  console.log(
    `${label.padEnd(34)} rss before ${before.toFixed(0).padStart(4)} MB  peak ${peak.toFixed(0).padStart(4)} MB  (+${(peak - before).toFixed(0)} MB)  held after gc ${held.toFixed(0).padStart(4)} MB (+${(held - before).toFixed(0)} MB)  live heap+buffers ${liveBefore.toFixed(0)} -> ${live.toFixed(0)} MB  server-held peak ${(peakHeld / 1024 / 1024).toFixed(1)} MB`,
  );
  return { before, peak, held, liveBefore, live, closedSlow };
}

/** Each round in its own process, so one round's freed-but-kept heap does not colour the next. */
function inChild(name) {
  const output = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), name], { encoding: 'utf8', env: process.env });
  process.stdout.write(output);
  return JSON.parse(output.trim().split('\n').at(-1));
}

const ROUNDS = {
  unbounded: ['no total budget (as before)', { maxTotalBufferedBytes: Number.MAX_SAFE_INTEGER }],
  bounded: ['default limits', {}],
};

export default async function bench() {
  console.log(`${CLIENTS} never-reading clients, ${EVENTS} events of ${PREVIEW_BYTES} B`);
  const unbounded = inChild('unbounded');
  const bounded = inChild('bounded');
  console.log(`peak growth ratio bounded/unbounded: ${((bounded.peak - bounded.before) / Math.max(1, unbounded.peak - unbounded.before)).toFixed(2)}`);
  console.log(`live heap+buffers growth ratio bounded/unbounded: ${((bounded.live - bounded.liveBefore) / Math.max(1, unbounded.live - unbounded.liveBefore)).toFixed(2)}`);
  console.log(`held growth ratio bounded/unbounded: ${((bounded.held - bounded.before) / Math.max(1, unbounded.held - unbounded.before)).toFixed(2)}`);
}

const child = process.argv[2];
if (child && ROUNDS[child]) {
  const [label, limits] = ROUNDS[child];
  const result = await round(label, limits);
  console.log(JSON.stringify(result));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bench();
}
