import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorMessage, EventMessage, LiveMessage, ResultMessage, SeatUpdateMessage, ServerMessage, SubscribedMessage, WelcomeMessage } from '@troupe/client';
import { BEARER_PROTOCOL_PREFIX, CLOSE_CODES, STREAM_PROTOCOL } from '@troupe/client';
import { TroupeError } from '@troupe/sdk';
import { FakeRuns } from './server-fakeRuns.js';
import { RawPeer, startTestServer, waitForMetric, type TestServer } from './server-harness.js';

const isEvent = (runId: string) => (message: ServerMessage): message is EventMessage => message.type === 'event' && message.runId === runId;
const eventsOf = (peer: RawPeer, runId: string): number[] => peer.messages.filter(isEvent(runId)).map((message) => message.seq);
const reaches = (seq: number) => (message: ServerMessage): boolean => (message.type === 'event' && message.seq === seq) || (message.type === 'gap' && message.toSeq >= seq);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('websocket stream', () => {
  let runs: FakeRuns;
  let server: TestServer;

  beforeEach(async () => {
    runs = new FakeRuns();
    server = await startTestServer({ runs });
  });
  afterEach(() => server.close());

  it('welcomes with the protocol, the principal and the limits', async () => {
    const peer = await RawPeer.open(server.streamUrl);
    expect(peer.ws.protocol).toBe(STREAM_PROTOCOL);
    const welcome = peer.messages[0] as WelcomeMessage;
    expect(welcome).toMatchObject({ type: 'welcome', protocol: 'troupe.v1', principal: { name: 'local', scopes: ['admin'] } });
    expect(welcome.maxFrameBytes).toBe(1024 * 1024);
    peer.close();
  });

  it('refuses a handshake on another path (404) or without the troupe.v1 subprotocol (400)', async () => {
    expect(await RawPeer.refusedStatus(server.streamUrl.replace('/v1/stream', '/v1/other'))).toBe(404);
    expect(await RawPeer.refusedStatus(server.streamUrl, { protocols: ['chat'] })).toBe(400);
    expect(await RawPeer.refusedStatus(server.streamUrl, { headers: { origin: 'https://evil.example' } })).toBe(403);
  });

  it('replays exactly the events after since, then continues live', async () => {
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    runs.flood(run.runId, 20, 10);
    const peer = await RawPeer.open(server.streamUrl);
    const subscribed = await peer.request<SubscribedMessage>({ type: 'subscribe', runId: run.runId, since: 7 });
    expect(subscribed.type).toBe('subscribed');
    const live = await peer.next<LiveMessage>((message) => message.type === 'live');
    expect(live.runs).toEqual({ [run.runId]: 23 });
    expect(eventsOf(peer, run.runId)).toEqual(range(8, 23));
    // The snapshot after the replay: progress and every seat.
    const afterLive = peer.messages.indexOf(live);
    const snapshot = peer.messages.slice(0, afterLive).filter((message) => message.type === 'WORKFLOW_UPDATE' || message.type === 'SEAT_UPDATE');
    expect(snapshot.map((message) => message.type)).toEqual(['WORKFLOW_UPDATE', 'SEAT_UPDATE', 'SEAT_UPDATE']);
    runs.flood(run.runId, 3, 10);
    await peer.next(isEvent(run.runId), peer.messages.length);
    await peer.next((message) => isEvent(run.runId)(message) && message.seq === 26);
    expect(eventsOf(peer, run.runId)).toEqual(range(8, 26));
    peer.close();
  });

  it('treats a since beyond the log as "up to date" and still delivers what comes next', async () => {
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    const peer = await RawPeer.open(server.streamUrl);
    await peer.request({ type: 'subscribe', runId: run.runId, since: 999 });
    expect((await peer.next<LiveMessage>((message) => message.type === 'live')).runs).toEqual({ [run.runId]: 3 });
    runs.flood(run.runId, 2, 1);
    await peer.next((message) => isEvent(run.runId)(message) && message.seq === 5);
    expect(eventsOf(peer, run.runId)).toEqual([4, 5]);
    peer.close();
  });

  it('reports a failed store read during a replay and keeps the run live', async () => {
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    runs.readDelay = async () => {
      throw new TroupeError('E_STORE_UNAVAILABLE', { store: 'memory', reason: 'disk on fire' });
    };
    const peer = await RawPeer.open(server.streamUrl);
    const subscribed = await peer.request<SubscribedMessage>({ type: 'subscribe', runId: run.runId, since: 0 });
    expect(subscribed.type).toBe('subscribed');
    expect(await peer.next<ErrorMessage>((message) => message.type === 'error')).toMatchObject({ code: 'E_STORE_UNAVAILABLE', runId: run.runId });
    runs.readDelay = undefined;
    runs.flood(run.runId, 1, 1);
    await peer.next((message) => isEvent(run.runId)(message) && message.seq === 4);
    peer.close();
  });

  it('has no gap and no duplicate at the replay seam while events keep coming', async () => {
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    runs.flood(run.runId, 1200, 10);
    // Every store read lets the engine append more events before it returns.
    let reads = 0;
    runs.readDelay = async () => {
      reads += 1;
      await new Promise((resolve) => setImmediate(resolve));
      if (reads < 6) runs.flood(run.runId, 150, 10);
    };
    const peer = await RawPeer.open(server.streamUrl);
    peer.send({ type: 'subscribe', runId: run.runId, since: 0 });
    runs.flood(run.runId, 50, 10);
    await peer.next((message) => message.type === 'live');
    runs.readDelay = undefined;
    runs.flood(run.runId, 10, 10);
    const last = runs.runs.get(run.runId)!.state.seq;
    await peer.next((message) => isEvent(run.runId)(message) && message.seq === last);
    expect(eventsOf(peer, run.runId)).toEqual(range(1, last));
    expect(reads).toBeGreaterThan(3);
    peer.close();
  });

  it('subscribes by conversation, definition and all; filters seats and events', async () => {
    const inA = await runs.startWorkflow('review', { input: { topic: 'x' }, conversationId: 'a' });
    const inB = await runs.startWorkflow('review', { input: { topic: 'y' }, conversationId: 'b' });
    const peer = await RawPeer.open(server.streamUrl);
    await peer.request({ type: 'subscribe', conversationId: 'a', id: 'conv' });
    const seatsOnly = await RawPeer.open(server.streamUrl);
    await seatsOnly.request({ type: 'subscribe', definitionId: 'review', seats: ['reviewer'], events: false });
    const everything = await RawPeer.open(server.streamUrl);
    await everything.request({ type: 'subscribe', all: true });

    runs.finishDraft(inB.runId);
    runs.finishDraft(inA.runId);
    runs.append(inA.runId, 'seat.updated', { seat: { roleId: 'reviewer', status: 'working', taskId: 'approve', preview: 'looking' } });
    await peer.next((message) => message.type === 'SEAT_UPDATE' && message.seat.roleId === 'reviewer');
    await seatsOnly.next((message) => message.type === 'SEAT_UPDATE' && message.seat.roleId === 'reviewer');
    await everything.next((message) => message.type === 'SEAT_UPDATE' && message.seat.roleId === 'reviewer');

    expect(new Set(peer.messages.filter((message) => 'runId' in message).map((message) => (message as EventMessage).runId))).toEqual(new Set([inA.runId]));
    expect(seatsOnly.messages.some((message) => message.type === 'event')).toBe(false);
    expect(seatsOnly.messages.filter((message): message is SeatUpdateMessage => message.type === 'SEAT_UPDATE').map((message) => message.seat.roleId)).toEqual(['reviewer']);
    expect(seatsOnly.messages.some((message) => message.type === 'WORKFLOW_UPDATE')).toBe(true);
    expect(new Set(everything.messages.filter((message) => message.type === 'event').map((message) => (message as EventMessage).runId))).toEqual(new Set([inA.runId, inB.runId]));
    // Frames carry routing fields.
    const routed = peer.messages.find(isEvent(inA.runId))!;
    expect(routed).toMatchObject({ definitionId: 'review', conversationId: 'a' });
    for (const p of [peer, seatsOnly, everything]) p.close();
  });

  it('unsubscribe stops delivery', async () => {
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    const peer = await RawPeer.open(server.streamUrl);
    const subscribed = await peer.request<SubscribedMessage>({ type: 'subscribe', runId: run.runId });
    runs.flood(run.runId, 1, 1);
    await peer.next(isEvent(run.runId));
    const unsubscribed = await peer.request({ type: 'unsubscribe', subscriptionId: subscribed.subscriptionId });
    expect(unsubscribed.type).toBe('unsubscribed');
    runs.flood(run.runId, 5, 1);
    const pong = await peer.request({ type: 'ping' });
    expect(pong.type).toBe('pong');
    expect(eventsOf(peer, run.runId)).toEqual([4]);
    const again = await peer.request<ErrorMessage>({ type: 'unsubscribe', subscriptionId: subscribed.subscriptionId });
    expect(again).toMatchObject({ type: 'error', code: 'E_REQUEST_INVALID' });
    peer.close();
  });

  it('a run subscription without since starts at its snapshot, even when the hub announces earlier events late', async () => {
    server.close();
    // A long batch window holds the start's events in the hub until after the subscription is live.
    server = await startTestServer({ runs, limits: { batchWindowMs: 300 } });
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    const peer = await RawPeer.open(server.streamUrl);
    await peer.request({ type: 'subscribe', runId: run.runId });
    await peer.next((message) => message.type === 'live');
    runs.flood(run.runId, 1, 1);
    await peer.next(isEvent(run.runId));
    expect(eventsOf(peer, run.runId)).toEqual([4]);
    peer.close();
  });

  it('start, answer and cancel over the websocket reply with the run or a coded error', async () => {
    const peer = await RawPeer.open(server.streamUrl);
    const started = await peer.request<ResultMessage>({ type: 'start', definitionId: 'review', input: { topic: 'ws' }, runId: 'ws-1' });
    expect(started).toMatchObject({ type: 'result', run: { runId: 'ws-1', status: 'running' } });
    const notAwaiting = await peer.request<ErrorMessage>({ type: 'answer', runId: 'ws-1', taskId: 'approve', answer: { approved: true } });
    expect(notAwaiting).toMatchObject({ type: 'error', code: 'E_TASK_NOT_AWAITING' });
    expect(notAwaiting.hint).toBeTruthy();
    const missing = await peer.request<ErrorMessage>({ type: 'cancel', runId: 'ghost' });
    expect(missing.code).toBe('E_RUN_NOT_FOUND');
    const badInput = await peer.request<ErrorMessage>({ type: 'start', definitionId: 'review', input: { topic: 1 } });
    expect(badInput.code).toBe('E_INPUT_INVALID');
    const cancelled = await peer.request<ResultMessage>({ type: 'cancel', runId: 'ws-1', reason: 'test' });
    expect(cancelled.run.status).toBe('cancelled');
    const missingRun = await peer.request<ErrorMessage>({ type: 'subscribe', runId: 'ghost' });
    expect(missingRun.code).toBe('E_RUN_NOT_FOUND');
    peer.close();
  });

  it('answers malformed, invalid and binary frames with E_FRAME_INVALID and keeps serving', async () => {
    const peer = await RawPeer.open(server.streamUrl);
    peer.sendRaw('{not json');
    expect(await peer.next<ErrorMessage>((message) => message.type === 'error')).toMatchObject({ code: 'E_FRAME_INVALID' });
    const unknownType = await peer.request<ErrorMessage>({ type: 'explode' } as never);
    expect(unknownType.code).toBe('E_FRAME_INVALID');
    expect(unknownType.message).toContain('/type');
    const twoSelectors = await peer.request<ErrorMessage>({ type: 'subscribe', runId: 'a', all: true });
    expect(twoSelectors.message).toContain('exactly one of');
    const wrongSince = await peer.request<ErrorMessage>({ type: 'subscribe', all: true, since: 3 });
    expect(wrongSince.message).toContain('since');
    const extra = await peer.request<ErrorMessage>({ type: 'ping', colour: 'red' } as never);
    expect(extra.message).toContain('colour');
    const from = peer.messages.length;
    peer.sendRaw(Buffer.from([1, 2, 3]), true);
    expect(await peer.next<ErrorMessage>((message) => message.type === 'error', from)).toMatchObject({ code: 'E_FRAME_INVALID' });
    peer.sendRaw('[1,2]');
    peer.sendRaw('null');
    expect((await peer.request({ type: 'ping' })).type).toBe('pong');
    peer.close();
  });

  it('closes a connection that sends an oversized frame with 1009, and keeps serving others', async () => {
    await server.close();
    server = await startTestServer({ runs, config: { maxFrameBytes: 4096 } });
    const peer = await RawPeer.open(server.streamUrl);
    const bystander = await RawPeer.open(server.streamUrl);
    peer.sendRaw(JSON.stringify({ type: 'ping', id: 'x'.repeat(10_000) }));
    expect((await peer.closed).code).toBe(CLOSE_CODES.FRAME_TOO_LARGE);
    expect((await bystander.request({ type: 'ping' })).type).toBe('pong');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('troupe_ws_closed_total{reason="frame_too_large"} 1');
    bystander.close();
  });

  it('terminates a peer that stops answering pings', async () => {
    await server.close();
    server = await startTestServer({ runs, limits: { heartbeatMs: 50 } });
    const healthy = await RawPeer.open(server.streamUrl);
    const dead = await RawPeer.open(server.streamUrl);
    // A paused socket reads nothing, so it never sees the pings nor answers them.
    (dead.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // The paused peer cannot observe its own end; the server's metrics can.
    await waitForMetric(server.url, 'troupe_ws_closed_total{reason="dead"} 1');
    expect((await healthy.request({ type: 'ping' })).type).toBe('pong');
    healthy.close();
    dead.ws.terminate();
  });
});

describe('websocket auth', () => {
  let runs: FakeRuns;
  let server: TestServer;
  const reader = 'reader-token-0123456789';
  const answerer = 'answerer-token-0123456789';
  const convA = 'conversation-a-token-0123';

  beforeEach(async () => {
    runs = new FakeRuns();
    server = await startTestServer({
      runs,
      config: {
        tokens: [
          { name: 'reader', token: reader, scopes: ['read'] },
          { name: 'answerer', token: answerer, scopes: ['answer'] },
          { name: 'conv-a', token: convA, scopes: ['read', 'answer'], conversationIds: ['a'] },
        ],
      },
    });
    await runs.startWorkflow('review', { input: { topic: 'a' }, conversationId: 'a', runId: 'in-a' });
    await runs.startWorkflow('review', { input: { topic: 'b' }, conversationId: 'b', runId: 'in-b' });
  });
  afterEach(() => server.close());

  it('refuses the upgrade with 401 without a valid token', async () => {
    expect(await RawPeer.refusedStatus(server.streamUrl)).toBe(401);
    expect(await RawPeer.refusedStatus(server.streamUrl, { token: 'wrong-token-0123456789' })).toBe(401);
  });

  it('accepts the token as a header or as a troupe.bearer subprotocol, and never selects the latter', async () => {
    const viaHeader = await RawPeer.open(server.streamUrl, { token: reader });
    expect((viaHeader.messages[0] as WelcomeMessage).principal.name).toBe('reader');
    const encoded = Buffer.from(reader, 'utf8').toString('base64url');
    const viaProtocol = await RawPeer.open(server.streamUrl, { protocols: [STREAM_PROTOCOL, BEARER_PROTOCOL_PREFIX + encoded] });
    expect(viaProtocol.ws.protocol).toBe(STREAM_PROTOCOL);
    viaHeader.close();
    viaProtocol.close();
  });

  it('answers actions and subscriptions outside the token scope with E_FORBIDDEN', async () => {
    const readOnly = await RawPeer.open(server.streamUrl, { token: reader });
    const start = await readOnly.request<ErrorMessage>({ type: 'start', definitionId: 'review', input: { topic: 'x' } });
    expect(start.code).toBe('E_FORBIDDEN');
    expect((await readOnly.request<ErrorMessage>({ type: 'answer', runId: 'in-a', taskId: 'approve', answer: { approved: true } })).code).toBe('E_FORBIDDEN');
    expect((await readOnly.request<ErrorMessage>({ type: 'cancel', runId: 'in-a' })).code).toBe('E_FORBIDDEN');
    const answerOnly = await RawPeer.open(server.streamUrl, { token: answerer });
    expect((await answerOnly.request<ErrorMessage>({ type: 'subscribe', all: true })).code).toBe('E_FORBIDDEN');

    const restricted = await RawPeer.open(server.streamUrl, { token: convA });
    expect((await restricted.request<ErrorMessage>({ type: 'subscribe', runId: 'in-b' })).code).toBe('E_FORBIDDEN');
    expect((await restricted.request<ErrorMessage>({ type: 'subscribe', conversationId: 'b' })).code).toBe('E_FORBIDDEN');
    // `all` is allowed but only ever carries the token's conversations.
    await restricted.request({ type: 'subscribe', all: true });
    runs.finishDraft('in-b');
    runs.finishDraft('in-a');
    await restricted.next((message) => message.type === 'event' && message.runId === 'in-a' && message.event.type === 'task.awaiting_input');
    expect(restricted.messages.some((message) => 'runId' in message && (message as EventMessage).runId === 'in-b')).toBe(false);
    for (const peer of [readOnly, answerOnly, restricted]) peer.close();
  });
});

describe('bounded memory for slow clients', () => {
  let runs: FakeRuns;
  let server: TestServer;
  const limits = { sendHighWaterBytes: 64 * 1024, maxQueuedBytes: 256 * 1024, slowClientTimeoutMs: 60_000 };

  beforeEach(async () => {
    runs = new FakeRuns();
    server = await startTestServer({ runs, limits });
  });
  afterEach(() => server.close());

  const pause = (peer: RawPeer) => (peer.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;

  it('coalesces for a paused client: bounded queue, then a gap and a consistent snapshot', async () => {
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    const slow = await RawPeer.open(server.streamUrl);
    const fast = await RawPeer.open(server.streamUrl);
    await slow.request({ type: 'subscribe', runId: run.runId });
    await fast.request({ type: 'subscribe', runId: run.runId });
    pause(slow).pause();
    // ~40 MB of telemetry in batches, far beyond what the socket buffers and the queue may hold.
    for (let batch = 0; batch < 40; batch += 1) {
      runs.flood(run.runId, 1000, 400);
      await new Promise((resolve) => setImmediate(resolve));
    }
    runs.append(run.runId, 'seat.updated', { seat: { roleId: 'reviewer', status: 'working', taskId: 'approve', preview: 'final' } });
    const last = runs.runs.get(run.runId)!.state.seq;
    // Even the reading client may fall behind in this flood: it has caught up when it saw `last` or a gap through it.
    await fast.next(reaches(last));
    const metricsText = await (await fetch(`${server.url}/metrics`)).text();
    const queueMax = Number(/troupe_ws_send_queue_bytes_max (\d+)/.exec(metricsText)![1]);
    expect(queueMax).toBeLessThanOrEqual(limits.maxQueuedBytes + 2048);
    expect(Number(/troupe_ws_frames_dropped_total (\d+)/.exec(metricsText)![1])).toBeGreaterThan(1000);
    expect(Number(/troupe_ws_frames_coalesced_total (\d+)/.exec(metricsText)![1])).toBeGreaterThan(1000);

    pause(slow).resume();
    const caughtUp = await slow.next(reaches(last));
    await slow.next((message) => message.type === 'SEAT_UPDATE' && message.seat.roleId === 'reviewer', slow.messages.indexOf(caughtUp));
    // Every seq is either delivered once, in order, or inside an announced gap; nothing else.
    let expected = slow.messages.find(isEvent(run.runId))!.seq;
    let gaps = 0;
    for (const message of slow.messages) {
      if (message.type === 'event') {
        expect(message.seq).toBe(expected);
        expected += 1;
      } else if (message.type === 'gap') {
        expect(message.fromSeq).toBe(expected);
        expected = message.toSeq + 1;
        gaps += 1;
      }
    }
    expect(expected).toBe(last + 1);
    expect(gaps).toBeGreaterThan(0);
    // What the client folds from gaps and snapshots is the run's current state.
    const state = await runs.getRun(run.runId);
    const seats = new Map<string, SeatUpdateMessage['seat']>();
    for (const message of slow.messages) if (message.type === 'SEAT_UPDATE') seats.set(message.seat.roleId, message.seat);
    expect(Object.fromEntries(seats)).toEqual({ writer: state.seats.writer, reviewer: state.seats.reviewer });
    const lastGap = slow.messages.filter((message) => message.type === 'gap').at(-1) as unknown as { fromSeq: number; toSeq: number };
    // Live again afterwards.
    runs.flood(run.runId, 2, 10);
    await slow.next((message) => isEvent(run.runId)(message) && message.seq === last + 2);
    // The skipped events are in the store: re-reading with since fills a gap exactly.
    const size = Math.min(10_000, lastGap.toSeq - lastGap.fromSeq + 1);
    const refill = (await (await fetch(`${server.url}/v1/runs/${run.runId}/events?since=${lastGap.fromSeq - 1}&limit=${size}`)).json()) as { events: { seq: number }[] };
    expect(refill.events.map((event) => event.seq)).toEqual(range(lastGap.fromSeq, lastGap.fromSeq + size - 1));
    slow.close();
    fast.close();
  });

  it('closes a client that stays behind with 4008', async () => {
    await server.close();
    server = await startTestServer({ runs, limits: { ...limits, slowClientTimeoutMs: 200 } });
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    const slow = await RawPeer.open(server.streamUrl);
    await slow.request({ type: 'subscribe', runId: run.runId });
    pause(slow).pause();
    for (let batch = 0; batch < 20; batch += 1) {
      runs.flood(run.runId, 1000, 400);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The server gives up on it: the metric moves, and once the client reads again it sees the close code.
    await waitForMetric(server.url, 'troupe_ws_closed_total{reason="slow"} 1');
    pause(slow).resume();
    const closed = await slow.closed;
    expect(closed).toEqual({ code: CLOSE_CODES.TOO_SLOW, reason: 'E_STREAM_TOO_SLOW' });
  });
});
