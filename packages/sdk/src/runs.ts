import type { ErrorInfo } from './errors/TroupeError.js';

/**
 * Runs as seen by hosts, stores and inspector clients. A run is an append-only
 * event log with a gap-free per-run `seq`; RunState is the fold of that log.
 */
export type RunStatus = 'queued' | 'running' | 'awaiting_input' | 'paused' | 'completed' | 'failed' | 'cancelled';
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

export type TaskStatus =
  | 'pending'
  | 'ready'
  | 'running'
  | 'retry_wait'
  | 'awaiting_input'
  | 'completed'
  | 'failed'
  | 'skipped'
  | 'cancelled';
export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'skipped', 'cancelled'];

export type SeatStatus = 'idle' | 'working' | 'waiting' | 'done' | 'failed';

export interface TaskState {
  readonly id: string;
  readonly status: TaskStatus;
  /** Attempts started so far. */
  readonly attempt: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly output?: unknown;
  readonly error?: ErrorInfo;
  /** When status is retry_wait: epoch ms of the next attempt. */
  readonly nextAttemptAt?: number;
  /** Set on human tasks: who answered. */
  readonly answeredBy?: string;
  /** Child run id of a sub-workflow task. */
  readonly childRunId?: string;
  readonly compensated?: boolean;
  /** Driven from outside the engine (applyTaskUpdates marked it running): never executed by the engine. */
  readonly external?: boolean;
  /** What a completed gmi task hands to its dependants besides its output (its `handoff` setting). */
  readonly handoff?: Readonly<Record<string, unknown>>;
  /** The elements (forEach) or rounds (loop) of a dynamic task recorded so far, by instance index. */
  readonly instances?: readonly TaskInstanceState[];
  /** For a dynamic task: its kind and how far it got (also in the run's progress). */
  readonly dynamic?: DynamicTaskProgress;
}

/** One element of a forEach task, or one round of a loop task. */
export interface TaskInstanceState {
  readonly index: number;
  readonly status: 'running' | 'retry_wait' | 'completed' | 'failed';
  /** Attempts of this instance so far. */
  readonly attempt: number;
  readonly output?: unknown;
  readonly error?: ErrorInfo;
  /** The child run of a loop round over a sub-workflow. */
  readonly childRunId?: string;
}

/** Which element of a forEach task, or which round of a loop task, an input was built for. */
export interface TaskInputInstance {
  readonly kind: 'forEach' | 'loop';
  readonly index: number;
  /** Elements of the forEach; rounds of the loop recorded so far. */
  readonly total: number;
}

/** A task's input rebuilt from a stored run (GET /v1/runs/:id/tasks/:taskId/input; `taskInputOf` in @troupe/runtime). */
export interface TaskInputOf {
  readonly taskId: string;
  readonly input: unknown;
  readonly instance?: TaskInputInstance;
}

export interface SeatHistoryEntry {
  readonly seq: number;
  readonly at: number;
  readonly taskId?: string;
  readonly status: SeatStatus;
  readonly preview?: string;
}

/** Model usage summed over calls: tokens, cost (when priced) and the number of calls. */
export interface UsageTotals {
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Sum of the calls' costs in US dollars; absent when no call was priced. */
  readonly costUsd?: number;
}

/** What one role (an agency seat) is doing. */
export interface SeatSnapshot {
  readonly roleId: string;
  readonly personaId: string;
  readonly status: SeatStatus;
  readonly taskId?: string;
  readonly attempt?: number;
  /** Bounded (a few hundred characters) preview of the latest output or streamed tokens. */
  readonly lastOutputPreview?: string;
  /** Bounded, newest last. */
  readonly history: readonly SeatHistoryEntry[];
  readonly seq: number;
  /** Model usage of the seat's calls in this run; absent until one is recorded. */
  readonly usage?: UsageTotals;
}

/** Pinning: what a run started with; it keeps running on exactly this. */
export interface RunPin {
  readonly definitionId: string;
  readonly definitionVersion: string;
  /** sha256 of the canonical JSON of the definition. */
  readonly definitionHash: string;
  /** Pack id → version of every pack the run's definition and executors came from. */
  readonly packVersions: Readonly<Record<string, string>>;
}

export interface RunState {
  readonly runId: string;
  readonly pin: RunPin;
  readonly status: RunStatus;
  readonly input: unknown;
  readonly output?: unknown;
  readonly error?: ErrorInfo;
  readonly conversationId?: string;
  readonly parentRunId?: string;
  readonly parentTaskId?: string;
  readonly roleAssignments: Readonly<Record<string, string>>;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly endedAt?: number;
  /** Seq of the latest event folded into this state. */
  readonly seq: number;
  readonly tasks: Readonly<Record<string, TaskState>>;
  readonly seats: Readonly<Record<string, SeatSnapshot>>;
  /** Model usage of every call of the run (its seats'); absent until one is recorded. */
  readonly usage?: UsageTotals;
}

export type RunEventType =
  | 'run.created'
  | 'run.started'
  | 'run.paused'
  | 'run.resumed'
  | 'run.completed'
  | 'run.failed'
  | 'run.cancelled'
  | 'task.ready'
  | 'task.started'
  | 'task.progress'
  | 'task.completed'
  | 'task.failed'
  | 'task.retry_scheduled'
  | 'task.skipped'
  | 'task.cancelled'
  | 'task.awaiting_input'
  | 'task.answered'
  | 'task.compensated'
  | 'task.instance_started'
  | 'task.instance_completed'
  | 'task.instance_retry_scheduled'
  | 'task.instance_failed'
  | 'guardrail.decision'
  | 'seat.updated'
  /** One model call of a gmi task: `data` is `{ roleId, inputTokens, outputTokens, costUsd?, model? }`. */
  | 'model.usage';

/** One entry of a run's event log. `seq` starts at 1 and has no gaps. */
export interface RunEvent {
  readonly runId: string;
  readonly seq: number;
  readonly type: RunEventType;
  /** Epoch ms. */
  readonly at: number;
  readonly taskId?: string;
  readonly attempt?: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Progress summary sent as WORKFLOW_UPDATE. */
export interface WorkflowProgress {
  readonly runId: string;
  readonly definitionId: string;
  /** The run's conversation, so stream hubs can route by conversation without a lookup. */
  readonly conversationId?: string;
  readonly status: RunStatus;
  readonly seq: number;
  readonly counts: Readonly<Partial<Record<TaskStatus, number>>>;
  readonly total: number;
  /** 0–100: ended tasks over all tasks. */
  readonly percent: number;
  readonly currentTaskIds: readonly string[];
  /** Dynamic tasks (forEach, loop) that have started instances: how far each got. */
  readonly instances?: Readonly<Record<string, DynamicTaskProgress>>;
}

export interface DynamicTaskProgress {
  readonly kind: 'forEach' | 'loop';
  readonly completed: number;
  /** forEach: the number of elements; loop: maxRounds. */
  readonly total: number;
}

export interface RunFilter {
  readonly status?: RunStatus | readonly RunStatus[];
  readonly definitionId?: string;
  readonly conversationId?: string;
  /** Opaque cursor from the previous page. */
  readonly cursor?: string;
  /** Default 50, at most 500. */
  readonly limit?: number;
  /** By createdAt then runId: `asc` (default, oldest first) or `desc` (newest first). */
  readonly order?: 'asc' | 'desc';
}

export interface RunSummary {
  readonly runId: string;
  readonly definitionId: string;
  readonly definitionVersion: string;
  readonly status: RunStatus;
  readonly conversationId?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly endedAt?: number;
  readonly seq: number;
}

export interface RunPage {
  readonly runs: readonly RunSummary[];
  readonly nextCursor?: string;
}

/** An answer to a human task. */
export type HumanAnswer =
  | { readonly approved: boolean; readonly comment?: string; readonly actor?: string }
  | { readonly value: unknown; readonly actor?: string };

/** An update applied to a task from outside the engine. */
export interface TaskUpdate {
  readonly taskId: string;
  readonly status: 'running' | 'completed' | 'failed';
  readonly output?: unknown;
  readonly error?: { readonly code?: string; readonly message: string };
}
