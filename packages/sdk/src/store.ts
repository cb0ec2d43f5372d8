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
  /**
   * Audit entries about what this commit records (e.g. `run.started`),
   * written in the same transaction: both land or neither does, even when
   * the process is killed in between. The engine sets it only for a store
   * whose `auditInCommit` is true; other stores get them by `appendAudit`
   * after the commit.
   */
  readonly audit?: readonly AuditEntry[];
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
 * The exclusive host lease of a store: which process drives its runs. One host
 * per store: a host that runs workflows takes the lease when it starts, renews
 * it (`heartbeatAt`) while it runs and removes it when it stops; a second
 * driver is refused (E_STORE_LOCKED) while the lease is live. Whether a lease
 * is stale is decided by the host runtime, not by the store.
 */
export interface HostLeaseRecord {
  /** Random id of this holding; the compare-and-swap key. */
  readonly leaseId: string;
  readonly pid: number;
  /** `os.hostname()` of the holder. */
  readonly hostname: string;
  /** Epoch ms when the holder took the lease. */
  readonly startedAt: number;
  /** Epoch ms of the holder's latest renewal. */
  readonly heartbeatAt: number;
  /** What holds it, for the refusal message, e.g. `troupe serve` or `troupe run hello`. */
  readonly holder: string;
}

/**
 * Where runs live. Every implementation has the same semantics: a commit is
 * atomic (all of it or nothing) and durable when the returned promise
 * resolves; the engine announces a transition only after that.
 */
export interface WorkflowStore {
  /** e.g. `memory`, `sqlite`, `postgres`. */
  readonly kind: string;
  /**
   * True when `commit` writes each `RunCommit.audit` in the commit's own
   * transaction. A store without it (or false) is given audit entries by
   * `appendAudit` after the commit they describe.
   */
  readonly auditInCommit?: boolean;
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
  /** The stored host lease, live or stale; undefined when none is stored. */
  readHostLease(): Promise<HostLeaseRecord | undefined>;
  /**
   * Atomic compare-and-swap of the host lease: stores `next` (removes the
   * lease when `next` is undefined) only if the stored lease's `leaseId` is
   * `expectedLeaseId` (undefined: only if no lease is stored). Resolves true
   * when it swapped, false when the stored lease was another one. Two
   * processes racing for the same expected lease: exactly one gets true.
   */
  swapHostLease(expectedLeaseId: string | undefined, next: HostLeaseRecord | undefined): Promise<boolean>;
}
