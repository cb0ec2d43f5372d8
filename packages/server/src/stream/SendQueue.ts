import type { WebSocket } from 'ws';
import type { ServerMetrics } from '../metrics/ServerMetrics.js';
import type { Frame, FrameEncoder, RunRoute } from './Frame.js';
import type { StreamBudget } from './StreamBudget.js';
import type { StreamLimits } from './StreamLimits.js';

const SEND_OPTIONS = { binary: false } as const;
const BATCH_OPEN = Buffer.from('[');
const BATCH_COMMA = Buffer.from(',');
const BATCH_CLOSE = Buffer.from(']');
/** Messages queued in the same tick go out as one websocket frame holding a JSON array, up to this size. */
const MAX_BATCH_BYTES = 64 * 1024;

/** What a connection accumulates while its client is behind: per run, a gap and the latest snapshot. */
interface BehindRun {
  route: RunRoute;
  fromSeq: number;
  toSeq: number;
  progress: Frame | undefined;
  seats: Map<string, Frame>;
}

/**
 * The bounded outgoing side of one websocket connection.
 *
 * Messages queued in one tick are sent together, as one websocket frame
 * holding a JSON array (a single message goes out as itself). Frames are handed to the socket while it holds less than
 * `sendHighWaterBytes`; the rest waits here. When more than `maxQueuedBytes`
 * wait, the client is *behind*: queued and further frames are folded into, per
 * run, a gap (the skipped event seqs) plus the latest WORKFLOW_UPDATE and the
 * latest SEAT_UPDATE per seat. Once the socket drains, those go out as
 * `gap` + snapshot and normal streaming resumes. Memory per connection is thus
 * bounded by the two byte limits plus one snapshot per run and seat. A client
 * that stays behind longer than `slowClientTimeoutMs` is closed with 4008.
 *
 * All queues share one StreamBudget: while the bytes every connection holds
 * (queued plus handed to its socket and not yet written) exceed
 * `maxTotalBufferedBytes`, a queue hands its socket at most `pressureBytes`
 * and falls behind past `pressureBytes` queued, so many slow clients together
 * hold a bounded total.
 */
export class SendQueue {
  private frames: Frame[] = [];
  private head = 0;
  private queuedBytes = 0;
  /** Stopped at the socket's high-water mark; the next write callback resumes. */
  private waiting = false;
  /** A flush is scheduled for the end of this tick. */
  private scheduled = false;
  private behindRuns: Map<string, BehindRun> | undefined;
  private behindControl: Frame[] = [];
  private slowTimer: NodeJS.Timeout | undefined;
  private writableWaiters: (() => void)[] = [];
  private closed = false;
  /** Bytes handed to the socket whose write callback has not come yet. */
  private inFlight = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly limits: StreamLimits,
    private readonly encoder: FrameEncoder,
    private readonly metrics: ServerMetrics,
    private readonly onTooSlow: () => void,
    private readonly budget: StreamBudget,
  ) {}

  get bytes(): number {
    return this.queuedBytes;
  }

  get isBehind(): boolean {
    return this.behindRuns !== undefined;
  }

  push(frame: Frame): void {
    if (this.closed) return;
    if (this.behindRuns) {
      this.absorb(frame);
      return;
    }
    this.frames.push(frame);
    this.queuedBytes += frame.data.length;
    this.budget.add(frame.data.length);
    if (this.queuedBytes > this.queueLimit()) {
      // A burst in one tick is not a slow client: try the socket first.
      if (!this.waiting) this.pump();
      if (this.queuedBytes > this.queueLimit()) {
        this.fallBehind();
        return;
      }
    }
    this.metrics.noteQueuedBytes(this.queuedBytes);
    if (!this.scheduled && !this.waiting) {
      // Everything pushed in this tick (a fan-out drain, a replay page) leaves in as few frames as possible.
      this.scheduled = true;
      process.nextTick(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    if (!this.waiting && !this.closed) this.pump();
  };

  /** Resolves when a replay may push more: not behind and the queue at most half full (or closed). */
  writable(): Promise<void> {
    if (this.closed || (!this.behindRuns && this.queuedBytes <= this.limits.maxQueuedBytes / 2)) return Promise.resolve();
    return new Promise((resolve) => {
      this.writableWaiters.push(resolve);
      this.armSlowTimer();
    });
  }

  close(): void {
    this.closed = true;
    // Written or not, nothing of this connection counts against the budget any more.
    this.budget.release(this.queuedBytes + this.inFlight);
    this.inFlight = 0;
    this.frames = [];
    this.head = 0;
    this.queuedBytes = 0;
    this.behindRuns = undefined;
    this.behindControl = [];
    if (this.slowTimer) clearTimeout(this.slowTimer);
    this.slowTimer = undefined;
    this.releaseWriters();
  }

  /** What may wait here before the client counts as behind: less while all connections together are over budget. */
  private queueLimit(): number {
    return this.budget.over ? Math.min(this.limits.maxQueuedBytes, this.limits.pressureBytes) : this.limits.maxQueuedBytes;
  }

  /** Whether the socket holds enough: its high-water mark, or `pressureBytes` while over budget. */
  private socketFull(): boolean {
    // bufferedAmount is what the kernel did not take: a client that reads keeps it near 0 even under pressure.
    const unsent = this.ws.bufferedAmount;
    return unsent >= this.limits.sendHighWaterBytes || (this.budget.over && unsent >= this.limits.pressureBytes);
  }

  /** Write callback of every payload handed to the socket: release its bytes, resume when the socket has drained enough. */
  private written(bytes: number, error?: Error): void {
    if (this.closed) return;
    this.inFlight -= bytes;
    this.budget.release(bytes);
    if (error) return;
    if (!this.waiting) return;
    if (this.ws.bufferedAmount >= this.limits.sendHighWaterBytes / 2) return;
    if (this.budget.over && this.ws.bufferedAmount >= this.limits.pressureBytes / 2) return;
    this.waiting = false;
    if (this.behindRuns) this.catchUp();
    else this.pump();
  };

  private pump(): void {
    const ws = this.ws;
    if (ws.readyState !== ws.OPEN) return;
    const frames = this.frames;
    while (this.head < frames.length) {
      if (this.socketFull()) {
        this.waiting = true;
        break;
      }
      const first = frames[this.head]!;
      let end = this.head + 1;
      let bytes = first.data.length;
      while (end < frames.length && bytes + frames[end]!.data.length < MAX_BATCH_BYTES) {
        bytes += frames[end]!.data.length + 1;
        end += 1;
      }
      let payload: Buffer;
      if (end === this.head + 1) {
        payload = first.data;
      } else {
        const parts: Buffer[] = [BATCH_OPEN];
        for (let index = this.head; index < end; index += 1) {
          if (index > this.head) parts.push(BATCH_COMMA);
          parts.push(frames[index]!.data);
        }
        parts.push(BATCH_CLOSE);
        payload = Buffer.concat(parts, bytes + 2);
      }
      let dequeued = 0;
      for (let index = this.head; index < end; index += 1) {
        dequeued += frames[index]!.data.length;
        frames[index] = undefined as unknown as Frame;
      }
      this.queuedBytes -= dequeued;
      const size = payload.length;
      this.inFlight += size;
      this.budget.release(dequeued);
      this.budget.add(size);
      this.metrics.wsFramesSent += end - this.head;
      this.head = end;
      ws.send(payload, SEND_OPTIONS, (error) => this.written(size, error));
    }
    if (this.head === frames.length) {
      this.frames = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > frames.length) {
      this.frames = frames.slice(this.head);
      this.head = 0;
    }
    if (!this.waiting && this.writableWaiters.length > 0 && this.queuedBytes <= this.limits.maxQueuedBytes / 2) this.releaseWriters();
  }

  private fallBehind(): void {
    this.behindRuns = new Map();
    const queued = this.frames;
    const start = this.head;
    this.frames = [];
    this.head = 0;
    this.budget.release(this.queuedBytes);
    this.queuedBytes = 0;
    for (let index = start; index < queued.length; index += 1) this.absorb(queued[index]!);
    this.armSlowTimer();
    // The socket is full, so its next write callback will come; if it is already empty, catch up now.
    if (!this.waiting) this.catchUp();
  }

  private absorb(frame: Frame): void {
    const runs = this.behindRuns!;
    if (frame.kind === 'control' || frame.route === undefined) {
      // Replies must not be lost; their number is bounded by what the client sends.
      this.behindControl.push(frame);
      if (this.behindControl.length > 1000) this.onTooSlow();
      return;
    }
    let run = runs.get(frame.route.runId);
    if (!run) {
      if (runs.size >= this.limits.maxBehindRuns) {
        this.onTooSlow();
        return;
      }
      run = { route: frame.route, fromSeq: 0, toSeq: 0, progress: undefined, seats: new Map() };
      runs.set(frame.route.runId, run);
    }
    switch (frame.kind) {
      case 'event':
        if (run.fromSeq === 0) run.fromSeq = frame.seq;
        run.toSeq = Math.max(run.toSeq, frame.seq);
        this.metrics.wsFramesDropped += 1;
        break;
      case 'gap':
        run.fromSeq = run.fromSeq === 0 ? frame.fromSeq! : Math.min(run.fromSeq, frame.fromSeq!);
        run.toSeq = Math.max(run.toSeq, frame.seq);
        break;
      case 'progress':
        if (run.progress) this.metrics.wsFramesCoalesced += 1;
        if (!run.progress || run.progress.seq <= frame.seq) run.progress = frame;
        break;
      case 'seat': {
        const previous = run.seats.get(frame.roleId!);
        if (previous) this.metrics.wsFramesCoalesced += 1;
        if (!previous || previous.seq <= frame.seq) run.seats.set(frame.roleId!, frame);
        break;
      }
    }
  }

  /** The socket drained: send the control replies, then per run the gap and the snapshot, then resume. */
  private catchUp(): void {
    const runs = this.behindRuns;
    if (!runs) return;
    this.behindRuns = undefined;
    if (this.slowTimer) clearTimeout(this.slowTimer);
    this.slowTimer = undefined;
    const control = this.behindControl;
    this.behindControl = [];
    for (const frame of control) this.frames.push(frame);
    for (const run of runs.values()) {
      if (run.fromSeq > 0) {
        this.frames.push(this.encoder.gap(run.route, run.fromSeq, run.toSeq));
        this.metrics.wsGaps += 1;
      }
      if (run.progress) this.frames.push(this.encoder.progress(run.route, run.progress.progress!, true));
      for (const seat of run.seats.values()) this.frames.push(this.encoder.seat(run.route, seat.seat!, true));
    }
    let added = 0;
    for (let index = this.head; index < this.frames.length; index += 1) added += this.frames[index]!.data.length;
    this.queuedBytes += added;
    this.budget.add(added);
    this.pump();
  }

  private armSlowTimer(): void {
    if (this.slowTimer || this.closed) return;
    this.slowTimer = setTimeout(() => {
      this.slowTimer = undefined;
      if (this.behindRuns || this.writableWaiters.length > 0) this.onTooSlow();
    }, this.limits.slowClientTimeoutMs);
    this.slowTimer.unref();
  }

  private releaseWriters(): void {
    const waiters = this.writableWaiters;
    this.writableWaiters = [];
    if (!this.behindRuns && this.slowTimer) {
      clearTimeout(this.slowTimer);
      this.slowTimer = undefined;
    }
    for (const resolve of waiters) resolve();
  }
}
