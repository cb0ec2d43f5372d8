import type { RawData, WebSocket } from 'ws';
import { describeThrown, isTroupeError, TroupeError, TERMINAL_RUN_STATUSES, type Logger, type RunState, type RunStatus, type SeatSnapshot, type WorkflowProgress } from '@troupe/sdk';
import { CLOSE_CODES, STREAM_PROTOCOL, type ClientMessage, type ServerMessage, type SubscribeMessage } from '@troupe/client';
import type { Principal } from '../auth/Principal.js';
import { errorBody } from '../http/HttpExchange.js';
import { checkJsonNesting } from '../validation/checkJsonNesting.js';
import { checkClientMessage } from './clientMessageValidator.js';
import type { ServerMetrics } from '../metrics/ServerMetrics.js';
import type { RunActions } from '../RunActions.js';
import type { Frame, FrameEncoder, RunRoute } from './Frame.js';
import { SendQueue } from './SendQueue.js';
import type { StreamBudget } from './StreamBudget.js';
import type { StreamLimits } from './StreamLimits.js';
import { Subscription, type SubscriptionSelector } from './Subscription.js';

const terminalStatuses = new Set<RunStatus>(TERMINAL_RUN_STATUSES);

/** A run as a subscription's snapshot shows it: where its frames go, its progress and its seats. */
export interface RunSnapshot {
  readonly route: RunRoute;
  readonly progress: WorkflowProgress;
  readonly seats: readonly SeatSnapshot[];
}

/** What a connection needs of the hub that accepted it (the StreamHub). */
export interface ConnectionHub {
  readonly actions: RunActions;
  readonly limits: StreamLimits;
  readonly encoder: FrameEncoder;
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
  /** What all connections together may hold for their clients. */
  readonly budget: StreamBudget;
  /** The connection now selects runs under `key` (a run, definition or conversation). */
  index(connection: StreamConnection, key: string): void;
  unindex(connection: StreamConnection, key: string): void;
  remove(connection: StreamConnection): void;
  snapshot(state: RunState): RunSnapshot;
}

/** Live events of a run that arrive while the run is being replayed from the store. */
interface ReplayBuffer {
  frames: Frame[];
  /** Set when the buffer overflowed and was dropped: the replay must read the store again. */
  overflowed: boolean;
}

/** Per run and connection: the highest event seq sent (dedupe at the replay seam) and any replay in progress. */
interface RunCursor {
  sentSeq: number;
  replay: ReplayBuffer | undefined;
}

/**
 * One websocket client: its subscriptions, per-run cursors and bounded send
 * queue. Subscribe requests are handled one after the other, so replays of
 * one connection never interleave.
 */
export class StreamConnection {
  /** The hub's fan-out stamp, so a connection reached through several index keys gets each update once. */
  stamp = 0;
  /** Cleared by each heartbeat, set by a pong or any message. */
  alive = true;
  readonly queue: SendQueue;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly keyCounts = new Map<string, number>();
  private readonly cursors = new Map<string, RunCursor>();
  private nextSubscriptionId = 1;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly principal: Principal,
    private readonly hub: ConnectionHub,
  ) {
    this.queue = new SendQueue(ws, hub.limits, hub.encoder, hub.metrics, () => this.closeTooSlow(), hub.budget);
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  start(): void {
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on('pong', () => {
      this.alive = true;
    });
    this.ws.on('close', () => this.dispose());
    this.ws.on('error', (error: Error & { code?: string }) => {
      // ws closes the socket itself after an error (1009 for oversized frames).
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.hub.metrics.wsFramesTooLarge += 1;
      this.hub.logger.debug({ err: error.message, code: error.code }, 'websocket error');
    });
    this.send({
      type: 'welcome',
      protocol: STREAM_PROTOCOL,
      principal: this.principal.toInfo(),
      heartbeatMs: this.hub.limits.heartbeatMs,
      maxFrameBytes: this.hub.limits.maxFrameBytes,
    });
  }

  /** Heartbeat tick: a peer that did not answer the previous ping is terminated. */
  heartbeat(): void {
    if (this.closed) return;
    if (!this.alive) {
      this.hub.metrics.wsClosedDead += 1;
      this.ws.terminate();
      this.dispose();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  /** Called by the hub for every live update of a run some subscription of this connection may select. */
  deliver(route: RunRoute, event: () => Frame, progress: (() => Frame) | undefined, seat: { roleId: string; frame: () => Frame } | undefined): void {
    let wantsEvents = false;
    let wantsSeat = false;
    let matched = false;
    for (const subscription of this.subscriptions.values()) {
      if (!subscription.matches(route, this.principal)) continue;
      matched = true;
      if (subscription.events) wantsEvents = true;
      if (seat && subscription.wantsSeat(seat.roleId)) wantsSeat = true;
    }
    if (!matched) return;
    let cursor = this.cursors.get(route.runId);
    if (!cursor) {
      cursor = { sentSeq: 0, replay: undefined };
      this.cursors.set(route.runId, cursor);
    }
    const eventFrame = event();
    if (cursor.replay) {
      // Telemetry is covered by the snapshot that ends the replay; events wait for the seam.
      if (wantsEvents) {
        const buffer = cursor.replay;
        if (buffer.frames.length >= this.hub.limits.replayBufferFrames) {
          buffer.frames = [];
          buffer.overflowed = true;
        }
        buffer.frames.push(eventFrame);
      }
      return;
    }
    if (wantsEvents && eventFrame.seq > cursor.sentSeq) {
      cursor.sentSeq = eventFrame.seq;
      this.queue.push(eventFrame);
    }
    if (progress) this.queue.push(progress());
    if (wantsSeat) this.queue.push(seat!.frame());
    if (eventFrame.terminal) this.cursors.delete(route.runId);
  }

  /** Sends a close frame; a peer that does not complete the handshake soon is cut (not after ws's 30 s). */
  close(code: number, reason: string, graceMs = 2000): void {
    if (this.closed) return;
    const ws = this.ws;
    ws.close(code, reason);
    this.dispose();
    setTimeout(() => ws.terminate(), graceMs).unref();
  }

  private closeTooSlow(): void {
    if (this.closed) return;
    this.hub.metrics.wsClosedSlow += 1;
    // The close frame waits behind unread data (bounded by the high-water mark): give the client time to read it,
    // unless all connections together hold too much, when its unread bytes must go soon.
    this.close(CLOSE_CODES.TOO_SLOW, 'E_STREAM_TOO_SLOW', this.hub.budget.over ? 1000 : Math.max(5000, this.hub.limits.slowClientTimeoutMs));
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of this.subscriptions.values()) subscription.active = false;
    for (const key of this.keyCounts.keys()) this.hub.unindex(this, key);
    this.subscriptions.clear();
    this.keyCounts.clear();
    this.cursors.clear();
    this.queue.close();
    this.hub.remove(this);
  }

  private send(message: ServerMessage): void {
    this.queue.push(this.hub.encoder.control(message));
  }

  private sendError(id: string | undefined, error: unknown, runId?: string): void {
    const info = errorBody(error);
    this.send({
      type: 'error',
      ...(id !== undefined ? { id } : {}),
      code: info.code,
      message: info.message,
      ...(info.hint !== undefined ? { hint: info.hint } : {}),
      ...(runId !== undefined ? { runId } : {}),
    });
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.alive = true;
    if (this.closed) return;
    if (isBinary) {
      this.hub.metrics.wsFramesInvalid += 1;
      this.sendError(undefined, new TroupeError('E_FRAME_INVALID', { problems: ['binary frames are not accepted; send JSON text'] }));
      return;
    }
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
    let parsed: unknown;
    try {
      checkJsonNesting(text, 'frame');
      parsed = JSON.parse(text);
    } catch (error) {
      this.hub.metrics.wsFramesInvalid += 1;
      this.sendError(undefined, isTroupeError(error) ? error : new TroupeError('E_FRAME_INVALID', { problems: [`not JSON: ${describeThrown(error)}`] }));
      return;
    }
    const check = checkClientMessage(parsed);
    if (!check.ok) {
      this.hub.metrics.wsFramesInvalid += 1;
      const rawId = (parsed as { id?: unknown } | null)?.id;
      const id = typeof rawId === 'string' && rawId.length <= 128 ? rawId : undefined;
      this.sendError(id, new TroupeError('E_FRAME_INVALID', { problems: [...check.problems] }));
      return;
    }
    this.dispatch(check.message);
  }

  private dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'ping':
        this.send({ type: 'pong', ...(message.id !== undefined ? { id: message.id } : {}) });
        return;
      case 'subscribe':
        this.enqueue(() => this.subscribe(message), message.id);
        return;
      case 'unsubscribe':
        this.enqueue(async () => this.unsubscribe(message.subscriptionId, message.id), message.id);
        return;
      case 'start':
        this.act(message.id, () => {
          const { type: _type, id: _id, ...request } = message;
          return this.hub.actions.start(this.principal, request);
        });
        return;
      case 'answer':
        this.act(message.id, () => this.hub.actions.answer(this.principal, message.runId, message.taskId, message.answer));
        return;
      case 'cancel':
        this.act(message.id, () => this.hub.actions.cancel(this.principal, message.runId, message.reason));
        return;
    }
  }

  /** Subscription changes run in order, each after the previous replay. */
  private enqueue(task: () => Promise<void>, id: string | undefined): void {
    this.chain = this.chain.then(task).catch((error: unknown) => {
      if (!this.closed) this.sendError(id, error);
    });
  }

  private act(id: string | undefined, action: () => Promise<RunState>): void {
    action().then(
      (run) => {
        if (!this.closed) this.send({ type: 'result', ...(id !== undefined ? { id } : {}), run });
      },
      (error: unknown) => {
        if (!this.closed) this.sendError(id, error);
      },
    );
  }

  private async subscribe(message: SubscribeMessage): Promise<void> {
    if (this.closed) return;
    this.principal.require('read', 'subscribe');
    if (this.subscriptions.size >= this.hub.limits.maxSubscriptions) {
      throw new TroupeError('E_REQUEST_INVALID', { problems: [`at most ${this.hub.limits.maxSubscriptions} subscriptions per connection; unsubscribe first`] });
    }
    const selector: SubscriptionSelector =
      message.runId !== undefined
        ? { kind: 'run', value: message.runId }
        : message.conversationId !== undefined
          ? { kind: 'conversation', value: message.conversationId }
          : message.definitionId !== undefined
            ? { kind: 'definition', value: message.definitionId }
            : { kind: 'all' };
    let runState: RunState | undefined;
    if (selector.kind === 'run') runState = await this.hub.actions.getRun(this.principal, selector.value, 'subscribe to this run');
    if (selector.kind === 'conversation') this.principal.requireConversation(selector.value, 'subscribe to this conversation');
    if (this.closed) return;

    const subscription = new Subscription(
      `s${this.nextSubscriptionId++}`,
      selector,
      message.seats ? new Set(message.seats) : undefined,
      message.events ?? true,
    );
    // Which runs to replay, marked before the subscription goes live so no live event slips past the seam.
    const replays: [runId: string, since: number | undefined][] =
      selector.kind === 'run'
        ? [[selector.value, typeof message.since === 'number' ? message.since : undefined]]
        : Object.entries(typeof message.since === 'object' ? message.since : {});
    for (const [runId] of replays) this.beginReplay(runId);
    this.subscriptions.set(subscription.id, subscription);
    this.index(subscription.key, +1);
    this.send({ type: 'subscribed', ...(message.id !== undefined ? { id: message.id } : {}), subscriptionId: subscription.id });

    const reached: Record<string, number> = {};
    for (const [runId, since] of replays) {
      let state = runState;
      if (state === undefined) {
        try {
          state = await this.hub.actions.getRun(this.principal, runId, 'subscribe to this run');
        } catch (error) {
          this.endReplay(runId);
          if (!this.closed) this.sendError(message.id, error, runId);
          continue;
        }
      }
      const route = routeOf(state);
      if (!subscription.matches(route, this.principal)) {
        // Outside this subscription (another definition or conversation): nothing to replay.
        this.endReplay(runId);
        continue;
      }
      let seq: number | undefined;
      try {
        seq = await this.replay(subscription, route, since, state);
      } catch (error) {
        // A failed store read must not leave the run buffering forever.
        this.endReplay(runId);
        if (!this.closed) this.sendError(message.id, error, runId);
        continue;
      }
      if (seq !== undefined) reached[runId] = seq;
    }
    if (!this.closed && subscription.active) this.send({ type: 'live', subscriptionId: subscription.id, runs: reached });
  }

  private unsubscribe(subscriptionId: string, id: string | undefined): void {
    const subscription = this.subscriptions.get(subscriptionId);
    if (!subscription) throw new TroupeError('E_REQUEST_INVALID', { problems: [`/subscriptionId: no subscription ${subscriptionId} on this connection`] });
    subscription.active = false;
    this.subscriptions.delete(subscriptionId);
    this.index(subscription.key, -1);
    if (this.subscriptions.size === 0) this.cursors.clear();
    else if (subscription.selector.kind === 'run' && !this.keyCounts.has(subscription.key) && !this.hasMultiRunSubscription()) {
      this.cursors.delete(subscription.selector.value);
    }
    this.send({ type: 'unsubscribed', ...(id !== undefined ? { id } : {}), subscriptionId });
  }

  /** Whether a subscription other than `subscription` already selects this run (and so wants its live events). */
  private othersMatch(subscription: Subscription, route: RunRoute): boolean {
    for (const other of this.subscriptions.values()) if (other !== subscription && other.matches(route, this.principal)) return true;
    return false;
  }

  private hasMultiRunSubscription(): boolean {
    for (const subscription of this.subscriptions.values()) if (subscription.selector.kind !== 'run') return true;
    return false;
  }

  private index(key: string, delta: 1 | -1): void {
    const count = (this.keyCounts.get(key) ?? 0) + delta;
    if (count > 0) {
      if (delta > 0 && count === 1) this.hub.index(this, key);
      this.keyCounts.set(key, count);
    } else {
      this.keyCounts.delete(key);
      this.hub.unindex(this, key);
    }
  }

  private beginReplay(runId: string): void {
    let cursor = this.cursors.get(runId);
    if (!cursor) {
      cursor = { sentSeq: 0, replay: undefined };
      this.cursors.set(runId, cursor);
    }
    cursor.replay ??= { frames: [], overflowed: false };
  }

  /** Abandons a replay: events other subscriptions buffered meanwhile still go out, in order. */
  private endReplay(runId: string): void {
    const cursor = this.cursors.get(runId);
    if (!cursor?.replay) return;
    const frames = cursor.replay.frames;
    cursor.replay = undefined;
    for (const frame of frames) {
      if (frame.seq > cursor.sentSeq) {
        cursor.sentSeq = frame.seq;
        this.queue.push(frame);
      }
    }
  }

  /**
   * Sends the stored events after `since`, then the live events buffered
   * meanwhile (deduplicated by seq, so nothing is missing or doubled at the
   * seam), then a snapshot (WORKFLOW_UPDATE and SEAT_UPDATEs), and switches
   * the run to live. Returns the seq reached, or undefined if the connection
   * or subscription went away.
   */
  private async replay(subscription: Subscription, route: RunRoute, since: number | undefined, state: RunState): Promise<number | undefined> {
    const cursor = this.cursors.get(route.runId);
    const buffer = cursor?.replay;
    if (!cursor || !buffer) return undefined;
    const { encoder, limits, actions } = this.hub;
    let after = cursor.sentSeq;
    if (since === undefined && !this.othersMatch(subscription, route)) {
      // Starts with the snapshot: events it already covers that the hub announces late are not news.
      after = Math.max(after, state.seq);
    }
    if (since !== undefined && subscription.events) {
      // A since beyond the log (a client's bad bookkeeping) must not swallow the next live events.
      after = Math.min(since, state.seq);
      for (;;) {
        buffer.overflowed = false;
        for (;;) {
          if (this.closed || !subscription.active) {
            this.endReplay(route.runId);
            return undefined;
          }
          const page = await actions.runs.readEvents(route.runId, after, limits.replayPageSize);
          if (this.closed) return undefined;
          for (const event of page) {
            if (event.seq <= after) continue;
            this.queue.push(encoder.event(route, event));
            after = event.seq;
          }
          if (page.length < limits.replayPageSize) break;
          await this.queue.writable();
        }
        // Live events were dropped while reading: they are stored, so read again from where we are.
        if (!buffer.overflowed) break;
      }
    }
    // The seam: everything announced since the replay began is in the buffer or was read above.
    cursor.replay = undefined;
    cursor.sentSeq = Math.max(cursor.sentSeq, after);
    for (const frame of buffer.frames) {
      if (frame.seq > cursor.sentSeq) {
        cursor.sentSeq = frame.seq;
        this.queue.push(frame);
      }
    }
    const snapshot = this.hub.snapshot(state);
    this.queue.push(encoder.progress(snapshot.route, snapshot.progress, true));
    for (const seat of snapshot.seats) if (subscription.wantsSeat(seat.roleId)) this.queue.push(encoder.seat(snapshot.route, seat, true));
    if (terminalStatuses.has(snapshot.progress.status)) this.cursors.delete(route.runId);
    return Math.max(cursor.sentSeq, snapshot.progress.seq);
  }
}

export function routeOf(state: RunState): RunRoute {
  return state.conversationId === undefined
    ? { runId: state.runId, definitionId: state.pin.definitionId }
    : { runId: state.runId, definitionId: state.pin.definitionId, conversationId: state.conversationId };
}
