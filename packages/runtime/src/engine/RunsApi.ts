import type {
  ErrorInfo,
  HumanAnswer,
  JsonValue,
  RunEvent,
  RunFilter,
  RunPage,
  RunState,
  SeatSnapshot,
  TaskUpdate,
  WorkflowDefinition,
  WorkflowProgress,
} from '@troupe/sdk';

export interface StartWorkflowOptions {
  readonly input?: unknown;
  /** Semver range of the workflow definition version. */
  readonly versionRange?: string;
  /**
   * Caller-chosen id (idempotent starts); refused with E_RUN_EXISTS if taken. At most 200 letters, digits
   * and `. _ - : @ / + =`, starting with a letter or digit (E_RUN_ID_INVALID otherwise).
   */
  readonly runId?: string;
  readonly conversationId?: string;
  /** roleId → personaId, winning over the definition. */
  readonly roleAssignments?: Readonly<Record<string, string>>;
  readonly context?: Readonly<Record<string, JsonValue>>;
  /** Who started it, for the audit log. */
  readonly actor?: string;
}

/** What a subscriber receives for each persisted event, in seq order per run. */
export interface RunUpdate {
  readonly event: RunEvent;
  /** Progress after the event. */
  readonly progress: WorkflowProgress;
  /** The seat the event changed, if any. */
  readonly seat?: SeatSnapshot;
}

export type RunListener = (update: RunUpdate) => void;

/**
 * The engine's public surface, used by host apps, the CLI and the server.
 * Every method that changes a run resolves after the change is persisted.
 */
export interface RunsApi {
  startWorkflow(definitionId: string, options?: StartWorkflowOptions): Promise<RunState>;
  getRun(runId: string): Promise<RunState>;
  listRuns(filter?: RunFilter): Promise<RunPage>;
  /** Resolves when the run reaches a terminal state or waits for a human (status awaiting_input), with that state. */
  wait(runId: string, options?: { readonly untilTerminal?: boolean; readonly signal?: AbortSignal }): Promise<RunState>;
  cancel(runId: string, reason?: string, actor?: string): Promise<RunState>;
  answerHumanTask(runId: string, taskId: string, answer: HumanAnswer): Promise<RunState>;
  /**
   * Goes on with a paused run whose cause has gone away (its packs are
   * compatible again, its secrets are set), or takes over a stored run that
   * waits for a human; refuses with why it still cannot (E_SECRET_MISSING,
   * E_PACK_INCOMPATIBLE), changing nothing. Hosts also try this for every
   * paused run when they start.
   */
  resume(runId: string): Promise<RunState>;
  applyTaskUpdates(runId: string, updates: readonly TaskUpdate[], actor?: string): Promise<RunState>;
  readEvents(runId: string, afterSeq?: number, limit?: number): Promise<readonly RunEvent[]>;
  /**
   * The workflow definition a run was started with, as the store keeps it (it may no longer be
   * registered); undefined when the store has none. Optional: the server then looks among listDefinitions.
   */
  getDefinition?(runId: string): Promise<WorkflowDefinition | undefined>;
  /** Active workflow definitions (latest version per id unless all=true). */
  listDefinitions(): readonly WorkflowDefinition[];
  /**
   * Live updates of every run, after persistence, in seq order per run. A slow
   * listener never slows the engine: listeners are called synchronously and must
   * queue work themselves. Returns the unsubscribe function.
   */
  subscribe(listener: RunListener): () => void;
  /**
   * Whether the engine can write: not while its store refuses writes (retried
   * until it can) or after the store stopped it. `/healthz` answers 503 then.
   */
  health?(): EngineHealth;
}

/** `ok: false` carries the store's coded error (E_STORE_WRITE_FAILED, E_STORE_CORRUPT, ...). */
export type EngineHealth = { readonly ok: true } | { readonly ok: false; readonly error: ErrorInfo };
