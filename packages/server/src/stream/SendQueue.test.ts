import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { RunEvent, SeatSnapshot, WorkflowProgress } from '@troupe/sdk';
import { ServerMetrics } from '../metrics/ServerMetrics.js';
import { FrameEncoder, type RunRoute } from './Frame.js';
import { SendQueue } from './SendQueue.js';
import { StreamBudget } from './StreamBudget.js';
import { DEFAULT_STREAM_LIMITS } from './StreamLimits.js';

/** A socket whose unsent bytes only go away when the test flushes them. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: Record<string, unknown>[] = [];
  writes = 0;
  private readonly pending: { bytes: number; callback: (error?: Error) => void }[] = [];

  send(data: Buffer, _options: unknown, callback: (error?: Error) => void): void {
    this.writes += 1;
    const parsed = JSON.parse(data.toString('utf8')) as Record<string, unknown> | Record<string, unknown>[];
    this.sent.push(...(Array.isArray(parsed) ? parsed : [parsed]));
    this.bufferedAmount += data.length;
    this.pending.push({ bytes: data.length, callback });
  }

  /** The peer read everything. */
  flush(): void {
    for (const write of this.pending.splice(0)) {
      this.bufferedAmount -= write.bytes;
      write.callback();
    }
  }
}

const tick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));
const route: RunRoute = { runId: 'r', definitionId: 'd' };
const encoder = new FrameEncoder(true, (message, problems) => {
  throw new Error(`invalid ${message.type}: ${problems.join('; ')}`);
});
const event = (seq: number): RunEvent => ({ runId: 'r', seq, type: 'task.progress', at: 0, data: { pad: 'x'.repeat(100) } });
const progress = (seq: number): WorkflowProgress => ({ runId: 'r', definitionId: 'd', status: 'running', seq, counts: { running: 1 }, total: 1, percent: 0, currentTaskIds: ['t'] });
const seat = (roleId: string, seq: number): SeatSnapshot => ({ roleId, personaId: 'p', status: 'working', history: [], seq, lastOutputPreview: `at ${seq}` });

describe('SendQueue', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const setup = (onTooSlow = vi.fn(), budget = new StreamBudget(DEFAULT_STREAM_LIMITS.maxTotalBufferedBytes)) => {
    const socket = new FakeSocket();
    const metrics = new ServerMetrics();
    const limits = { ...DEFAULT_STREAM_LIMITS, sendHighWaterBytes: 1000, maxQueuedBytes: 3000, slowClientTimeoutMs: 1000, pressureBytes: 300 };
    const queue = new SendQueue(socket as unknown as WebSocket, limits, encoder, metrics, onTooSlow, budget);
    return { socket, metrics, queue, onTooSlow, budget };
  };

  it('accounts what it holds in the shared budget and shrinks to pressureBytes while the budget is over', async () => {
    const budget = new StreamBudget(1500);
    const { socket, queue } = setup(vi.fn(), budget);
    for (let seq = 1; seq <= 5; seq += 1) queue.push(encoder.event(route, event(seq)));
    await tick();
    // Handed to the socket, not written yet: still held.
    expect(budget.held).toBe(socket.bufferedAmount);
    socket.flush();
    expect(budget.held).toBe(0);
    // Another connection holds the whole budget: this one falls behind past pressureBytes, not maxQueuedBytes.
    budget.add(2000);
    for (let seq = 6; seq <= 20; seq += 1) queue.push(encoder.event(route, event(seq)));
    expect(queue.isBehind).toBe(true);
    expect(queue.bytes).toBeLessThanOrEqual(300);
    queue.close();
    expect(budget.held).toBe(2000);
  });

  it('sends what one tick queued as one batch, in order, and holds later ticks while the socket is full', async () => {
    const { socket, queue } = setup();
    for (let seq = 1; seq <= 12; seq += 1) queue.push(encoder.event(route, event(seq)));
    expect(socket.writes).toBe(0);
    await tick();
    expect([socket.writes, socket.sent.length]).toEqual([1, 12]);
    for (let seq = 13; seq <= 15; seq += 1) queue.push(encoder.event(route, event(seq)));
    await tick();
    expect(socket.sent.length).toBe(12);
    expect(queue.bytes).toBeGreaterThan(0);
    socket.flush();
    expect(socket.sent.map((message) => message.seq)).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
    expect(queue.bytes).toBe(0);
  });

  it('falls behind past maxQueuedBytes: events become a gap, telemetry the latest snapshot, replies are kept', () => {
    const { socket, queue, metrics } = setup();
    let seq = 0;
    while (!queue.isBehind) queue.push(encoder.event(route, event(++seq)));
    const delivered = socket.sent.length;
    queue.push(encoder.control({ type: 'pong', id: 'p1' }));
    for (let index = 0; index < 50; index += 1) {
      seq += 1;
      queue.push(encoder.event(route, event(seq)));
      queue.push(encoder.progress(route, progress(seq)));
      queue.push(encoder.seat(route, seat(index % 2 === 0 ? 'writer' : 'reviewer', seq)));
    }
    expect(queue.bytes).toBe(0);
    expect(socket.sent.length).toBe(delivered);
    socket.flush();
    const after = socket.sent.slice(delivered);
    expect(after.map((message) => message.type)).toEqual(['pong', 'gap', 'WORKFLOW_UPDATE', 'SEAT_UPDATE', 'SEAT_UPDATE']);
    expect(after[1]).toMatchObject({ fromSeq: delivered + 1, toSeq: seq });
    expect(after[2]).toMatchObject({ seq });
    expect(after.slice(3).map((message) => (message.seat as SeatSnapshot).seq).sort()).toEqual([seq - 1, seq]);
    expect(metrics.wsFramesDropped).toBe(seq - delivered);
    expect(metrics.wsFramesCoalesced).toBe(49 + 48);
    expect(metrics.wsGaps).toBe(1);
    expect(queue.isBehind).toBe(false);
  });

  it('reports a client still behind after slowClientTimeoutMs', () => {
    vi.useFakeTimers();
    const { queue, onTooSlow } = setup();
    let seq = 0;
    while (!queue.isBehind) queue.push(encoder.event(route, event(++seq)));
    vi.advanceTimersByTime(999);
    expect(onTooSlow).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onTooSlow).toHaveBeenCalledOnce();
  });

  it('lets a replay wait until the queue has room', async () => {
    const { socket, queue } = setup();
    let seq = 0;
    queue.push(encoder.event(route, event(++seq)));
    while (socket.bufferedAmount < 1000) queue.push(encoder.event(route, event(++seq)));
    await tick();
    while (queue.bytes <= 1600) queue.push(encoder.event(route, event(++seq)));
    let ready = false;
    const waiting = queue.writable().then(() => {
      ready = true;
    });
    await tick();
    expect(ready).toBe(false);
    socket.flush();
    await waiting;
    expect(ready).toBe(true);
    expect(queue.isBehind).toBe(false);
  });
});
