import type { HumanAnswer, RunEvent, RunState, SeatSnapshot, WorkflowProgress } from '@troupe/sdk';
import type { PrincipalInfo } from './principal.js';
import type { StartRunRequest } from './restTypes.js';

/**
 * The `troupe.v1` websocket protocol: JSON text frames, each one message or,
 * from the server, a JSON array of messages sent together (in order).
 * The JSON Schemas in protocolSchemas.ts describe exactly these types; the
 * server validates every message it receives and every message it builds.
 */
export const STREAM_PROTOCOL = 'troupe.v1';

/**
 * Browsers cannot set headers on a websocket handshake, so a token may travel
 * as a second offered subprotocol, `troupe.bearer.<base64url(token)>`. The
 * server never selects it (it answers `troupe.v1`).
 */
export const BEARER_PROTOCOL_PREFIX = 'troupe.bearer.';

/** The websocket path on the server. */
export const STREAM_PATH = '/v1/stream';

/** Close codes the server uses; 4xxx are Troupe's own. */
export const CLOSE_CODES = {
  /** Normal closure (either side closed on purpose). */
  NORMAL: 1000,
  /** The server is shutting down; reconnect later. */
  GOING_AWAY: 1001,
  /** A frame was larger than the server's maxFrameBytes. */
  FRAME_TOO_LARGE: 1009,
  /** The server hit an unexpected error on this connection. */
  INTERNAL_ERROR: 1011,
  /** The client stayed behind the stream too long (E_STREAM_TOO_SLOW); reconnect with `since` to catch up. */
  TOO_SLOW: 4008,
  /** The server holds its maximum of connections, in all or for this token (E_STREAM_CONNECTION_LIMIT); close others or retry later. */
  TOO_MANY_CONNECTIONS: 4029,
} as const;

// ── client → server ───────────────────────────────────────────────────────

/**
 * Subscribe to one run, a conversation, a workflow definition or everything
 * the token may read. Exactly one of runId / conversationId / definitionId /
 * all. `since` replays the stored events after that seq, then goes live.
 */
export interface SubscribeMessage {
  readonly type: 'subscribe';
  /** Echoed on the reply (`subscribed` or `error`). */
  readonly id?: string;
  readonly runId?: string;
  readonly conversationId?: string;
  readonly definitionId?: string;
  readonly all?: true;
  /**
   * With runId: the last seq the client has (0 = from the start). With the
   * other selectors: last seq per run id, for runs the client already knows.
   */
  readonly since?: number | Readonly<Record<string, number>>;
  /** Only SEAT_UPDATE messages of these role ids (default: every seat). */
  readonly seats?: readonly string[];
  /** `false`: telemetry only (WORKFLOW_UPDATE and SEAT_UPDATE), no `event` messages. Default true. */
  readonly events?: boolean;
}

export interface UnsubscribeMessage {
  readonly type: 'unsubscribe';
  readonly id?: string;
  readonly subscriptionId: string;
}

export interface StartMessage extends StartRunRequest {
  readonly type: 'start';
  readonly id?: string;
}

export interface AnswerMessage {
  readonly type: 'answer';
  readonly id?: string;
  readonly runId: string;
  readonly taskId: string;
  readonly answer: HumanAnswer;
}

export interface CancelMessage {
  readonly type: 'cancel';
  readonly id?: string;
  readonly runId: string;
  readonly reason?: string;
}

export interface PingMessage {
  readonly type: 'ping';
  readonly id?: string;
}

export type ClientMessage = SubscribeMessage | UnsubscribeMessage | StartMessage | AnswerMessage | CancelMessage | PingMessage;

// ── server → client ───────────────────────────────────────────────────────

export interface WelcomeMessage {
  readonly type: 'welcome';
  readonly protocol: typeof STREAM_PROTOCOL;
  readonly principal: PrincipalInfo;
  /** The server pings this often; a peer that misses a ping interval is closed. */
  readonly heartbeatMs: number;
  readonly maxFrameBytes: number;
}

export interface SubscribedMessage {
  readonly type: 'subscribed';
  readonly id?: string;
  readonly subscriptionId: string;
}

/** The replay of a subscription is complete; what follows is live. */
export interface LiveMessage {
  readonly type: 'live';
  readonly subscriptionId: string;
  /** Seq reached per replayed run at the switch to live. */
  readonly runs: Readonly<Record<string, number>>;
}

export interface UnsubscribedMessage {
  readonly type: 'unsubscribed';
  readonly id?: string;
  readonly subscriptionId: string;
}

/** The reply to start, answer and cancel: the run after the change. */
export interface ResultMessage {
  readonly type: 'result';
  readonly id?: string;
  readonly run: RunState;
}

export interface PongMessage {
  readonly type: 'pong';
  readonly id?: string;
}

/** Fields every run-scoped message carries, so clients can route without lookups. */
export interface RunScoped {
  readonly runId: string;
  readonly seq: number;
  readonly definitionId: string;
  readonly conversationId?: string;
}

/** One entry of the run's event log. */
export interface EventMessage extends RunScoped {
  readonly type: 'event';
  readonly event: RunEvent;
}

export interface WorkflowUpdateMessage extends RunScoped {
  readonly type: 'WORKFLOW_UPDATE';
  /** Set on the state sent after a subscription's replay and after a gap. */
  readonly snapshot?: true;
  readonly progress: WorkflowProgress;
}

/**
 * The seat's current state. In a snapshot (`snapshot: true`: after a
 * subscription's replay and after a gap) `seat.history` is the seat's whole
 * bounded history. A live update sends `history: []`: the update is itself the
 * newest history entry (its seq, status, taskId and lastOutputPreview; `at` is
 * that of the event with the same seq), so history is not re-sent every time.
 */
export interface SeatUpdateMessage extends RunScoped {
  readonly type: 'SEAT_UPDATE';
  readonly snapshot?: true;
  readonly seat: SeatSnapshot;
}

/**
 * Events fromSeq..toSeq (inclusive) of the run were not sent because the
 * client fell behind. The WORKFLOW_UPDATE and SEAT_UPDATE messages that follow
 * are the current snapshot; read the skipped events with `since: fromSeq - 1`
 * (or GET /v1/runs/:id/events?since=…) if you need them.
 */
export interface GapMessage extends RunScoped {
  readonly type: 'gap';
  readonly fromSeq: number;
  readonly toSeq: number;
}

export interface ErrorMessage {
  readonly type: 'error';
  /** The id of the message that caused it, when it had one. */
  readonly id?: string;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** Set when the error concerns one run of a multi-run subscription. */
  readonly runId?: string;
}

export type RunMessage = EventMessage | WorkflowUpdateMessage | SeatUpdateMessage | GapMessage;

export type ServerMessage =
  | WelcomeMessage
  | SubscribedMessage
  | LiveMessage
  | UnsubscribedMessage
  | ResultMessage
  | PongMessage
  | RunMessage
  | ErrorMessage;

export function isRunMessage(message: ServerMessage): message is RunMessage {
  return message.type === 'event' || message.type === 'WORKFLOW_UPDATE' || message.type === 'SEAT_UPDATE' || message.type === 'gap';
}
