import type {
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

/**
 * The part of the engine's `RunsApi` (@troupe/runtime) the server uses,
 * written structurally so any RunsApi — the embedded engine, a remote one, a
 * test double — can be served.
 */
export interface ServerRunsApi {
  startWorkflow(definitionId: string, options?: ServerStartOptions): Promise<RunState>;
  getRun(runId: string): Promise<RunState>;
  listRuns(filter?: RunFilter): Promise<RunPage>;
  cancel(runId: string, reason?: string, actor?: string): Promise<RunState>;
  answerHumanTask(runId: string, taskId: string, answer: HumanAnswer): Promise<RunState>;
  applyTaskUpdates(runId: string, updates: readonly TaskUpdate[], actor?: string): Promise<RunState>;
  readEvents(runId: string, afterSeq?: number, limit?: number): Promise<readonly RunEvent[]>;
  listDefinitions(): readonly WorkflowDefinition[];
  /** Live updates after persistence, in seq order per run; returns the unsubscribe function. */
  subscribe(listener: (update: ServerRunUpdate) => void): () => void;
}

export interface ServerStartOptions {
  readonly input?: unknown;
  readonly versionRange?: string;
  readonly runId?: string;
  readonly conversationId?: string;
  readonly roleAssignments?: Readonly<Record<string, string>>;
  readonly context?: Readonly<Record<string, JsonValue>>;
  readonly actor?: string;
}

export interface ServerRunUpdate {
  readonly event: RunEvent;
  readonly progress: WorkflowProgress;
  readonly seat?: SeatSnapshot;
}
