import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TroupeClient, createWatchView, type StreamState, type SubscriptionMessage, type StreamSubscription } from '@troupe/client';
import { isTroupeError } from '@troupe/sdk';
import { FakeRuns } from './server-fakeRuns.js';
import { RawPeer, startCuttableProxy, startTestServer, type TestServer } from './server-harness.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/** Reads a subscription until `until` says stop; returns everything read. */
async function collect(subscription: StreamSubscription, until: (message: SubscriptionMessage, all: SubscriptionMessage[]) => boolean): Promise<SubscriptionMessage[]> {
  const all: SubscriptionMessage[] = [];
  for await (const message of subscription) {
    all.push(message);
    if (until(message, all)) break;
  }
  return all;
}

const eventSeqs = (messages: readonly SubscriptionMessage[]): number[] => messages.flatMap((message) => (message.type === 'event' ? [message.seq] : []));

describe('@troupe/client against a real server', () => {
  let runs: FakeRuns;
  let server: TestServer;
  const clients: TroupeClient[] = [];
  const client = (options: Partial<ConstructorParameters<typeof TroupeClient>[0]> = {}): TroupeClient => {
    const created = new TroupeClient({ url: server.url, reconnect: { initialDelayMs: 10, maxDelayMs: 50 }, ...options });
    clients.push(created);
    return created;
  };

  beforeEach(async () => {
    runs = new FakeRuns();
    server = await startTestServer({ runs, report: () => ({ packs: [] }) });
  });
  afterEach(async () => {
    for (const created of clients.splice(0)) created.close();
    await server.close();
  });

  it('start → stream → human answer over the websocket → completion', async () => {
    const troupe = client();
    const run = await troupe.stream.start({ definitionId: 'review', input: { topic: 'otters' }, conversationId: 'c-1' });
    const subscription = await troupe.subscribe({ runId: run.runId, since: 0 });
    const seen: SubscriptionMessage[] = [];
    let answered = false;
    for await (const message of subscription) {
      seen.push(message);
      if (message.type === 'live') runs.finishDraft(run.runId, 'a draft about otters');
      if (message.type === 'event' && message.event.type === 'task.awaiting_input' && !answered) {
        answered = true;
        const after = await troupe.stream.answer(run.runId, 'approve', { approved: true, comment: 'ship it' });
        expect(after.status).toBe('completed');
      }
      if (message.type === 'WORKFLOW_UPDATE' && message.progress.status === 'completed') break;
    }
    const types = seen.flatMap((message) => (message.type === 'event' ? [message.event.type] : []));
    expect(types).toEqual(['run.created', 'run.started', 'task.started', 'task.completed', 'task.awaiting_input', 'task.answered', 'task.completed', 'run.completed']);
    expect(eventSeqs(seen)).toEqual(range(1, 8));
    const writer = seen.filter((message) => message.type === 'SEAT_UPDATE' && message.seat.roleId === 'writer').at(-1);
    expect(writer).toMatchObject({ seat: { status: 'done', lastOutputPreview: 'a draft about otters', personaId: 'ada' } });
    expect((await troupe.rest.getRun(run.runId)).status).toBe('completed');
  });

  it('reconnects after the connection is cut and delivers exactly the missed events', async () => {
    const proxy = await startCuttableProxy(server.url);
    const states: StreamState[] = [];
    const troupe = client({ url: proxy.url, onState: (state) => states.push(state) });
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    const subscription = await troupe.subscribe({ runId: run.runId, since: 0 });
    let cuts = 0;
    // Each (re)subscription ends with `live`: then events flow, the connection is cut mid-stream, and more
    // events are produced while the client is away.
    const received = await collect(subscription, (message) => {
      if (message.type === 'live' && cuts < 3) {
        runs.flood(run.runId, 100, 20);
        cuts += 1;
        proxy.cut();
        runs.flood(run.runId, 40, 20);
      }
      return cuts === 3 && message.type === 'event' && message.seq === runs.runs.get(run.runId)!.state.seq;
    });
    expect(eventSeqs(received)).toEqual(range(1, runs.runs.get(run.runId)!.state.seq));
    expect(states.filter((state) => state === 'reconnecting').length).toBeGreaterThanOrEqual(3);
    await proxy.close();
  });

  it('a new client resumes a killed one from its last seq with exactly the events it missed', async () => {
    const proxy = await startCuttableProxy(server.url);
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    runs.flood(run.runId, 30, 10);
    const first = client({ url: proxy.url, reconnect: false });
    const firstSubscription = await first.subscribe({ runId: run.runId, since: 0 });
    const before = await collect(firstSubscription, (message) => message.type === 'event' && message.seq === 20);
    proxy.cut(); // The "process" dies mid-stream.
    first.close();
    runs.flood(run.runId, 25, 10);
    const lastSeen = eventSeqs(before).at(-1)!;
    const second = client();
    const secondSubscription = await second.subscribe({ runId: run.runId, since: lastSeen });
    const after = await collect(secondSubscription, (message) => message.type === 'event' && message.seq === 58);
    expect([...eventSeqs(before), ...eventSeqs(after)]).toEqual(range(1, 58));
    await proxy.close();
  });

  it('50 concurrent clients all see the same ordered stream', async () => {
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    const subscriptions = await Promise.all(range(1, 50).map(() => client().subscribe({ runId: run.runId })));
    const total = 3 + 500;
    const readers = subscriptions.map((subscription) => collect(subscription, (message) => message.type === 'event' && message.seq === total));
    for (let batch = 0; batch < 10; batch += 1) {
      runs.flood(run.runId, 50, 50);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const streams = await Promise.all(readers);
    const reference = streams[0]!.filter((message) => message.type !== 'live');
    expect(eventSeqs(reference)).toEqual(range(4, total));
    for (const stream of streams) expect(stream.filter((message) => message.type !== 'live')).toEqual(reference);
  });

  it('REST helpers cover every route and throw coded errors', async () => {
    const troupe = client();
    expect((await troupe.rest.health()).status).toBe('ok');
    expect(await troupe.rest.packs()).toEqual({ packs: [] });
    expect((await troupe.rest.definitions()).map((definition) => definition.id)).toEqual(['review']);
    expect(await troupe.rest.whoami()).toEqual({ name: 'local', scopes: ['admin'] });
    const run = await troupe.rest.startRun({ definitionId: 'review', input: { topic: 'x' }, conversationId: 'c' });
    expect((await troupe.rest.listRuns({ conversationId: 'c', status: ['running'] })).runs.map((summary) => summary.runId)).toEqual([run.runId]);
    expect((await troupe.rest.readEvents(run.runId, { since: 1 })).events.map((event) => event.seq)).toEqual([2, 3]);
    const all: number[] = [];
    for await (const event of troupe.rest.allEvents(run.runId)) all.push(event.seq);
    expect(all).toEqual([1, 2, 3]);
    expect((await troupe.rest.updateTasks(run.runId, [{ taskId: 'draft', status: 'completed' }])).tasks.draft!.status).toBe('completed');
    runs.append(run.runId, 'task.awaiting_input', { taskId: 'approve', taskStatus: 'awaiting_input' });
    expect((await troupe.rest.answer(run.runId, 'approve', { approved: true })).status).toBe('completed');
    const error = await troupe.rest.cancel(run.runId).catch((caught: unknown) => caught);
    expect(isTroupeError(error, 'E_RUN_TERMINAL')).toBe(true);
    expect(error).toMatchObject({ details: { status: 409 } });
    expect((error as { hint: string }).hint).toContain('Start a new run');
    expect(await troupe.rest.emitEvent('nothing', { a: 1 })).toEqual({ event: 'nothing', runIds: [] });
    expect(await troupe.rest.metrics()).toContain('troupe_ws_clients');
    await expect(troupe.rest.getRun('ghost')).rejects.toMatchObject({ code: 'E_RUN_NOT_FOUND' });
  });

  it('renders a live watch view of runs and seats, as lines over a pipe and as a table on a TTY', async () => {
    const run = await runs.startWorkflow('review', { input: { topic: 'x' }, runId: 'watched' });
    const lines: string[] = [];
    const piped = createWatchView({ client: client(), runId: run.runId, output: { write: (text: string) => lines.push(text) } });
    const screens: string[] = [];
    const tty = createWatchView({ client: client(), output: { write: (text: string) => screens.push(text), isTTY: true, columns: 150 }, refreshMs: 10 });
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (lines.some((line) => line.includes('seat writer'))) resolve();
        else setImmediate(check);
      };
      check();
    });
    runs.finishDraft(run.runId, 'Otters hold hands\nwhile sleeping');
    runs.append(run.runId, 'seat.updated', { seat: { roleId: 'reviewer', status: 'waiting', taskId: 'approve' } });
    await runs.answerHumanTask(run.runId, 'approve', { approved: true });
    await piped.done; // A single-run watch ends with its run.
    const text = lines.join('');
    expect(text).toMatch(/watched seat writer \(ada\) done task draft "Otters hold hands while sleeping"/);
    expect(text).toMatch(/watched #9 run\.completed/);
    expect(text).toMatch(/watched review completed 100%/);
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (tty.model.runs.get('watched')?.status === 'completed') resolve();
        else setImmediate(check);
      };
      check();
    });
    tty.stop();
    await tty.done;
    const screen = screens.at(-1)!;
    expect(screen.startsWith('\u001b[H\u001b[J')).toBe(true);
    const table = screen.slice('\u001b[H\u001b[J'.length).split('\n');
    expect(table[0]).toMatch(/^RUN +WORKFLOW +STATUS +% +ROLE +PERSONA +SEAT +TASK +LAST OUTPUT$/);
    expect(table[1]).toMatch(/^watched +review +completed +100 +writer +ada +done +draft +Otters hold hands while sleeping$/);
    expect(table[2]).toMatch(/^ +reviewer +bob +waiting +approve$/);
  });

  it('gives up with E_UNAUTHORIZED when the server refuses the token', async () => {
    await server.close();
    server = await startTestServer({ runs, config: { tokens: [{ name: 'ops', token: 'ops-token-0123456789ab', scopes: ['read'] }] } });
    const wrong = client({ token: 'not-the-token-0123456789' });
    await expect(wrong.stream.connect()).rejects.toMatchObject({ code: 'E_UNAUTHORIZED' });
    expect(wrong.stream.state).toBe('closed');
    const right = client({ token: 'ops-token-0123456789ab' });
    expect((await right.stream.connect()).principal).toEqual({ name: 'ops', scopes: ['read'] });
    await expect(right.stream.start({ definitionId: 'review', input: { topic: 'x' } })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('creates no run when it cannot open the stream (stream.start connects before it asks)', async () => {
    const NoSocket = class {
      constructor() {
        throw new TypeError('WebSocket is not available here');
      }
    } as unknown as NonNullable<ConstructorParameters<typeof TroupeClient>[0]['WebSocket']>;
    const troupe = client({ WebSocket: NoSocket, reconnect: false });
    await expect(troupe.stream.start({ definitionId: 'review', input: { topic: 'x' } })).rejects.toThrow('WebSocket is not available here');
    expect((await troupe.rest.listRuns({})).runs).toEqual([]);
  });
});

describe('fuzzing client messages', () => {
  let runs: FakeRuns;
  let server: TestServer;

  beforeEach(async () => {
    runs = new FakeRuns();
    server = await startTestServer({ runs, config: { maxFrameBytes: 64 * 1024 } });
    await runs.startWorkflow('review', { input: { topic: 'x' }, runId: 'run-1', conversationId: 'c' });
  });
  afterEach(() => server.close());

  it('never crashes the server and answers every message with a reply or an error', async () => {
    const peer = await RawPeer.open(server.streamUrl);
    const types = fc.constantFrom('subscribe', 'unsubscribe', 'start', 'answer', 'cancel', 'ping', 'welcome', '', 'SUBSCRIBE');
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant('run-1'), fc.constant('c'), fc.constant('review'), fc.json());
    const shaped = fc.record(
      {
        type: types,
        id: fc.oneof(fc.string({ maxLength: 200 }), fc.integer()),
        runId: value,
        conversationId: value,
        definitionId: value,
        all: fc.oneof(fc.constant(true), value),
        since: fc.oneof(fc.nat(), fc.integer(), fc.dictionary(fc.string(), fc.integer()), value),
        seats: fc.oneof(fc.array(fc.string()), value),
        events: fc.oneof(fc.boolean(), value),
        subscriptionId: value,
        taskId: value,
        answer: fc.oneof(fc.record({ approved: fc.boolean() }), fc.record({ value: fc.json() }), value),
        input: fc.oneof(fc.record({ topic: fc.string() }), value),
        reason: value,
      },
      { requiredKeys: [] },
    );
    const frame = fc.oneof(
      shaped.map((message) => JSON.stringify(message)),
      fc.json(),
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(frame, async (text) => {
        sent += 1;
        const from = peer.messages.length;
        peer.sendRaw(text);
        // A ping after each frame proves the connection still works and the frame was handled.
        const id = `fuzz-${sent}`;
        peer.send({ type: 'ping', id });
        await peer.next((message) => message.type === 'pong' && message.id === id, from);
      }),
      { numRuns: 300 },
    );
    expect(peer.ws.readyState).toBe(peer.ws.OPEN);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('troupe_ws_outgoing_invalid_total 0');
    peer.close();
  });
});
