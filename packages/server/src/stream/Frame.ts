import type { RunEvent, SeatSnapshot, WorkflowProgress } from '@troupe/sdk';
import type { ServerMessage } from '@troupe/client';
import { checkServerMessage } from './serverMessageValidator.js';

/** What a run-scoped message needs to be routed: its run, definition and conversation. */
export interface RunRoute {
  readonly runId: string;
  readonly definitionId: string;
  readonly conversationId?: string;
}

export type FrameKind = 'event' | 'progress' | 'seat' | 'gap' | 'control';

/**
 * One outgoing message, serialised once and shared by every connection that
 * sends it. The metadata lets a connection that falls behind fold frames into
 * per-run gaps and snapshots without parsing them again.
 */
export interface Frame {
  readonly kind: FrameKind;
  readonly data: Buffer;
  /** Run-scoped frames only. */
  readonly route?: RunRoute;
  /** The run's seq (0 for control frames). */
  readonly seq: number;
  /** Seat frames: the role. */
  readonly roleId?: string;
  /** Event frames: the event ended the run. */
  readonly terminal?: boolean;
  /** Gap frames: first skipped seq. */
  readonly fromSeq?: number;
  /** Progress and seat frames keep what they carry, so a client that fell behind gets a full snapshot built from it. */
  readonly progress?: WorkflowProgress;
  readonly seat?: SeatSnapshot;
}

const TERMINAL_EVENTS = new Set(['run.completed', 'run.failed', 'run.cancelled']);

/**
 * Builds frames, checking every message against the protocol schema first
 * (once per message, not per recipient). A message that fails the check is a
 * server bug: it is reported and still sent, since dropping it would lose state.
 */
export class FrameEncoder {
  constructor(
    private readonly validate: boolean,
    private readonly onInvalid: (message: ServerMessage, problems: readonly string[]) => void,
  ) {}

  encode(message: ServerMessage): Buffer {
    if (this.validate) {
      const problems = checkServerMessage(message);
      if (problems.length > 0) this.onInvalid(message, problems);
    }
    return Buffer.from(JSON.stringify(message), 'utf8');
  }

  control(message: ServerMessage): Frame {
    return { kind: 'control', data: this.encode(message), seq: 0 };
  }

  event(route: RunRoute, event: RunEvent): Frame {
    const data = this.encode({ type: 'event', ...routeFields(route), seq: event.seq, event });
    return { kind: 'event', data, route, seq: event.seq, terminal: TERMINAL_EVENTS.has(event.type) };
  }

  /** WORKFLOW_UPDATE; `snapshot` marks the state sent after a replay or a gap. */
  progress(route: RunRoute, progress: WorkflowProgress, snapshot = false): Frame {
    const data = this.encode({ type: 'WORKFLOW_UPDATE', ...routeFields(route), seq: progress.seq, ...(snapshot ? { snapshot: true as const } : {}), progress });
    return { kind: 'progress', data, route, seq: progress.seq, progress };
  }

  /**
   * SEAT_UPDATE. A snapshot carries the seat's whole bounded history; a live
   * update none: it is itself the newest history entry (its seq, status, task
   * and preview; `at` is its event's), so the history is not re-sent with
   * every update.
   */
  seat(route: RunRoute, seat: SeatSnapshot, snapshot = false): Frame {
    const wire = snapshot || seat.history.length === 0 ? seat : { ...seat, history: [] };
    const data = this.encode({ type: 'SEAT_UPDATE', ...routeFields(route), seq: seat.seq, ...(snapshot ? { snapshot: true as const } : {}), seat: wire });
    return { kind: 'seat', data, route, seq: seat.seq, roleId: seat.roleId, seat };
  }

  gap(route: RunRoute, fromSeq: number, toSeq: number): Frame {
    const data = this.encode({ type: 'gap', ...routeFields(route), seq: toSeq, fromSeq, toSeq });
    return { kind: 'gap', data, route, seq: toSeq, fromSeq };
  }
}

function routeFields(route: RunRoute): { runId: string; definitionId: string; conversationId?: string } {
  return route.conversationId === undefined
    ? { runId: route.runId, definitionId: route.definitionId }
    : { runId: route.runId, definitionId: route.definitionId, conversationId: route.conversationId };
}
