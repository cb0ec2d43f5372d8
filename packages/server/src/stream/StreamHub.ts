import { TERMINAL_RUN_STATUSES, type Logger, type RunState, type RunStatus, type SeatSnapshot, type WorkflowProgress } from '@troupe/sdk';
import { CLOSE_CODES } from '@troupe/client';
import type { WebSocket } from 'ws';
import type { Principal } from '../auth/Principal.js';
import type { ServerMetrics } from '../metrics/ServerMetrics.js';
import type { RunActions } from '../RunActions.js';
import type { RunUpdate as ServerRunUpdate } from '@troupe/runtime';
import type { Frame, FrameEncoder, RunRoute } from './Frame.js';
import { progressOfRun } from './progressOfRun.js';
import { StreamBudget } from './StreamBudget.js';
import { StreamConnection, type ConnectionHub, type RunSnapshot } from './StreamConnection.js';
import type { StreamLimits } from './StreamLimits.js';

const terminalStatuses = new Set<RunStatus>(TERMINAL_RUN_STATUSES);

/** What the hub knows of an active run: where its frames go and its latest telemetry. */
interface RunInfo {
  route: RunRoute | undefined;
  /** Updates waiting while the run's conversation is looked up. */
  held: ServerRunUpdate[] | undefined;
  progress: WorkflowProgress | undefined;
  /** Fingerprint of the last progress sent, so unchanged progress is not sent again. */
  progressKey: string;
  readonly seats: Map<string, SeatSnapshot>;
}

/**
 * Fans engine updates out to websocket connections. One engine listener
 * queues updates; a drain (next macrotask, so the engine never waits on
 * sockets) serialises each update once and hands the shared frames to the
 * connections whose subscriptions select the run, found through an index by
 * run, definition and conversation.
 */
export class StreamHub implements ConnectionHub {
  private readonly connections = new Set<StreamConnection>();
  /** Open connections per principal name, for maxConnectionsPerToken. */
  private readonly perPrincipal = new Map<string, number>();
  readonly budget: StreamBudget;
  private readonly index_ = new Map<string, Set<StreamConnection>>();
  private readonly runInfo = new Map<string, RunInfo>();
  private incoming: ServerRunUpdate[] = [];
  private drainScheduled = false;
  private stamp = 0;
  private unsubscribe: (() => void) | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly actions: RunActions,
    readonly limits: StreamLimits,
    readonly encoder: FrameEncoder,
    readonly metrics: ServerMetrics,
    readonly logger: Logger,
  ) {
    this.budget = new StreamBudget(limits.maxTotalBufferedBytes);
  }

  start(): void {
    this.unsubscribe = this.actions.runs.subscribe((update) => {
      this.incoming.push(update);
      if (!this.drainScheduled) {
        this.drainScheduled = true;
        if (this.limits.batchWindowMs > 0) setTimeout(this.drain, this.limits.batchWindowMs);
        else setImmediate(this.drain);
      }
    });
    if (this.limits.heartbeatMs > 0) {
      this.heartbeatTimer = setInterval(() => {
        for (const connection of this.connections) connection.heartbeat();
      }, this.limits.heartbeatMs);
      this.heartbeatTimer.unref();
    }
  }

  /** Closes every connection with `code` and stops listening to the engine. */
  stop(code: number = CLOSE_CODES.GOING_AWAY, reason = 'server shutting down'): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    for (const connection of [...this.connections]) connection.close(code, reason);
  }

  /**
   * Takes an upgraded socket, or closes it at once with 4029
   * (E_STREAM_CONNECTION_LIMIT) when the server already holds
   * `maxConnections`, or its principal `maxConnectionsPerToken`.
   */
  accept(ws: WebSocket, principal: Principal): StreamConnection | undefined {
    const own = this.perPrincipal.get(principal.name) ?? 0;
    if (this.connections.size >= this.limits.maxConnections || own >= this.limits.maxConnectionsPerToken) {
      this.metrics.wsConnectionsRefused += 1;
      ws.close(CLOSE_CODES.TOO_MANY_CONNECTIONS, 'E_STREAM_CONNECTION_LIMIT');
      setTimeout(() => ws.terminate(), 2000).unref();
      return undefined;
    }
    const connection = new StreamConnection(ws, principal, this);
    this.connections.add(connection);
    this.perPrincipal.set(principal.name, own + 1);
    this.metrics.wsConnections += 1;
    connection.start();
    return connection;
  }

  remove(connection: StreamConnection): void {
    if (!this.connections.delete(connection)) return;
    const left = (this.perPrincipal.get(connection.principal.name) ?? 1) - 1;
    if (left > 0) this.perPrincipal.set(connection.principal.name, left);
    else this.perPrincipal.delete(connection.principal.name);
  }

  index(connection: StreamConnection, key: string): void {
    let set = this.index_.get(key);
    if (!set) {
      set = new Set();
      this.index_.set(key, set);
    }
    set.add(connection);
  }

  unindex(connection: StreamConnection, key: string): void {
    const set = this.index_.get(key);
    if (!set) return;
    set.delete(connection);
    if (set.size === 0) this.index_.delete(key);
  }

  /**
   * The current telemetry of a run: the stored state read when the
   * subscription began, overlaid with what the hub has seen live since (newer
   * by seq), so the snapshot matches the live stream at this moment.
   */
  snapshot(state: RunState): RunSnapshot {
    const info = this.runInfo.get(state.runId);
    const stored = progressOfRun(state);
    const live = info?.route !== undefined ? info.progress : undefined;
    const progress = live && live.seq >= stored.seq ? live : stored;
    const seats = new Map<string, SeatSnapshot>();
    for (const seat of Object.values(state.seats)) seats.set(seat.roleId, seat);
    if (info?.route !== undefined) {
      for (const seat of info.seats.values()) {
        const previous = seats.get(seat.roleId);
        if (!previous || previous.seq <= seat.seq) seats.set(seat.roleId, seat);
      }
    }
    return {
      route: info?.route ?? { runId: state.runId, definitionId: state.pin.definitionId, ...(state.conversationId !== undefined ? { conversationId: state.conversationId } : {}) },
      progress,
      seats: [...seats.values()],
    };
  }

  gauges(): {
    clients: number;
    subscriptions: number;
    queuedBytes: number;
    bufferedBytes: number;
    tasksByStatus: Record<string, number>;
    readyTasks: number;
  } {
    let subscriptions = 0;
    let queuedBytes = 0;
    let bufferedBytes = 0;
    for (const connection of this.connections) {
      subscriptions += connection.subscriptionCount;
      queuedBytes += connection.queue.bytes;
      bufferedBytes += connection.bufferedAmount;
    }
    const tasksByStatus: Record<string, number> = {};
    for (const info of this.runInfo.values()) {
      for (const [status, count] of Object.entries(info.progress?.counts ?? {})) tasksByStatus[status] = (tasksByStatus[status] ?? 0) + (count ?? 0);
    }
    return { clients: this.connections.size, subscriptions, queuedBytes, bufferedBytes, tasksByStatus, readyTasks: tasksByStatus.ready ?? 0 };
  }

  private readonly drain = (): void => {
    this.drainScheduled = false;
    const updates = this.incoming;
    this.incoming = [];
    for (const update of updates) {
      try {
        this.accept_(update);
      } catch (error) {
        this.logger.error({ err: error, runId: update.event.runId }, 'stream fan-out failed');
      }
    }
  };

  private accept_(update: ServerRunUpdate): void {
    this.metrics.runEvents += 1;
    const runId = update.event.runId;
    let info = this.runInfo.get(runId);
    if (!info) {
      info = { route: undefined, held: undefined, progress: undefined, progressKey: '', seats: new Map() };
      this.runInfo.set(runId, info);
      const { conversationId } = update.progress;
      if (conversationId !== undefined) {
        info.route = { runId, definitionId: update.progress.definitionId, conversationId };
      } else {
        // Engines that do not put conversationId on progress: look it up once, holding the run's updates meanwhile.
        info.held = [];
        this.resolveRoute(runId, info, update.progress.definitionId);
      }
    }
    if (info.held) {
      info.held.push(update);
      return;
    }
    this.fanOut(info, update);
  }

  private resolveRoute(runId: string, info: RunInfo, definitionId: string): void {
    this.actions.runs.getRun(runId).then(
      (state) => this.release(info, { runId, definitionId, ...(state.conversationId !== undefined ? { conversationId: state.conversationId } : {}) }),
      () => this.release(info, { runId, definitionId }),
    );
  }

  private release(info: RunInfo, route: RunRoute): void {
    info.route = route;
    const held = info.held ?? [];
    info.held = undefined;
    for (const update of held) this.fanOut(info, update);
  }

  private fanOut(info: RunInfo, update: ServerRunUpdate): void {
    const route = info.route!;
    const { event, progress, seat } = update;
    info.progress = progress;
    if (seat) info.seats.set(seat.roleId, seat);
    const key = progressKey(progress);
    const progressChanged = key !== info.progressKey;
    info.progressKey = key;
    const terminal = terminalStatuses.has(progress.status) && (event.type === 'run.completed' || event.type === 'run.failed' || event.type === 'run.cancelled');
    if (terminal) {
      this.metrics.countRunEnded(progress.status);
      this.runInfo.delete(route.runId);
    }

    // Frames are built lazily, once, and only if some connection takes them.
    let eventFrame: Frame | undefined;
    let progressFrame: Frame | undefined;
    let seatFrame: Frame | undefined;
    const encoder = this.encoder;
    const buildEvent = (): Frame => (eventFrame ??= encoder.event(route, event));
    const buildProgress = progressChanged ? (): Frame => (progressFrame ??= encoder.progress(route, progress)) : undefined;
    const seatRef = seat ? { roleId: seat.roleId, frame: (): Frame => (seatFrame ??= encoder.seat(route, seat)) } : undefined;

    const stamp = ++this.stamp;
    const visit = (set: Set<StreamConnection> | undefined): void => {
      if (!set) return;
      for (const connection of set) {
        if (connection.stamp === stamp) continue;
        connection.stamp = stamp;
        connection.deliver(route, buildEvent, buildProgress, seatRef);
      }
    };
    visit(this.index_.get(`r\u0000${route.runId}`));
    visit(this.index_.get(`d\u0000${route.definitionId}`));
    if (route.conversationId !== undefined) visit(this.index_.get(`c\u0000${route.conversationId}`));
    visit(this.index_.get('*'));
  }
}

function progressKey(progress: WorkflowProgress): string {
  let key = `${progress.status}|${progress.percent}|${progress.total}|${progress.currentTaskIds.join(',')}|`;
  for (const status in progress.counts) key += `${status}=${progress.counts[status as keyof typeof progress.counts]},`;
  // A forEach or loop moves on without any task changing status.
  if (progress.instances) for (const taskId in progress.instances) key += `|${taskId}:${progress.instances[taskId]!.completed}`;
  return key;
}
