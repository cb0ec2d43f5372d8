import type { RunEvent, RunFilter, RunPage, RunState, SeatSnapshot, TaskState } from './runs.js';
import type { WorkflowDefinition } from './workflow.js';

/**
 * The run-level fields of a RunState, without the task and seat maps, which a
 * commit carries as deltas.
 */
export type RunHeader = Omit<RunState, 'tasks' | 'seats'>;

/**
 * One run's share of a commit: the new events plus the rows they changed.
 * The engine never sends the whole run state per step: only the header (small)
 * and the tasks and seats that changed.
 */
export interface RunCommit {
  readonly runId: string;
  /** Present on a run's first commit: the definition snapshot is stored once, here. */
  readonly created?: { readonly definition: WorkflowDefinition };
  /** New events, consecutive `seq`, continuing the run's log. */
  readonly events: readonly RunEvent[];
  readonly header: RunHeader;
  readonly tasks: readonly TaskState[];
  readonly seats: readonly SeatSnapshot[];
}

export interface AuditEntry {
  readonly at: number;
  /** Who: `host`, a pack id, a token name, `system`. */
  readonly actor: string;
  /** e.g. `guardrail.decision`, `task.approved`, `secret.accessed`, `pack.activated`, `run.started`. */
  readonly action: string;
  readonly runId?: string;
  readonly taskId?: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface AuditFilter {
  readonly runId?: string;
  readonly action?: string;
  readonly limit?: number;
}

/** Persistent state of one trigger, so a restart never fires it twice. */
export interface TriggerState {
  /** `<workflowId>#<triggerId>` */
  readonly key: string;
  /** Epoch ms of the latest fire that was handled. */
  readonly lastFiredAt?: number;
  /** Epoch ms of the next planned fire. */
  readonly nextFireAt?: number;
  /**
   * Epoch ms of a fire recorded as handled whose run may not have started yet
   * (the process can die in between); the scheduler starts it again with the
   * same run id at the next start, which the engine refuses if it exists.
   */
  readonly pendingFireAt?: number;
}

export interface PrunePolicy {
  /** Runs in these terminal statuses that ended before the epoch ms are deleted with their events. */
  readonly endedBefore: Readonly<Partial<Record<'completed' | 'failed' | 'cancelled', number>>>;
  /**
   * Audit entries at or after this epoch ms are kept; older ones are deleted.
   * Audit entries of pruned runs are always deleted with them.
   */
  readonly auditBefore?: number;
}

/**
 * Where runs live. Every implementation has the same semantics: a commit is
 * atomic (all of it or nothing) and durable when the returned promise
 * resolves; the engine announces a transition only after that.
 */
export interface WorkflowStore {
  /** e.g. `memory`, `sqlite`, `postgres`. */
  readonly kind: string;
  /** Opens the store and runs migrations. Idempotent. */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Atomically applies the commits of several runs (group commit). */
  commit(batch: readonly RunCommit[]): Promise<void>;
  getRun(runId: string): Promise<RunState | undefined>;
  getDefinition(runId: string): Promise<WorkflowDefinition | undefined>;
  listRuns(filter?: RunFilter): Promise<RunPage>;
  /** Events with seq > afterSeq, in order. */
  readEvents(runId: string, afterSeq?: number, limit?: number): Promise<readonly RunEvent[]>;
  /** Runs whose status is not terminal (for recovery at start). */
  listUnfinishedRuns(): Promise<readonly RunState[]>;
  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
  listAudit(filter?: AuditFilter): Promise<readonly AuditEntry[]>;
  getTriggerState(key: string): Promise<TriggerState | undefined>;
  saveTriggerState(state: TriggerState): Promise<void>;
  /** Deletes old terminal runs; returns how many runs were removed. */
  prune(policy: PrunePolicy): Promise<number>;
}
