import type {
  ErrorInfo,
  HumanAnswer,
  JsonValue,
  RunEvent,
  RunFilter,
  RunPage,
  RunState,
  StartupReport,
  TaskInputOf,
  TaskUpdate,
  WorkflowDefinition,
} from '@troupe/sdk';
import type { PrincipalInfo } from './principal.js';

/** Bodies and responses of the REST API (see the server README for the routes). */

/** POST /v1/workflows/start */
export interface StartRunRequest {
  readonly definitionId: string;
  readonly input?: JsonValue;
  readonly versionRange?: string;
  readonly runId?: string;
  readonly conversationId?: string;
  readonly roleAssignments?: Readonly<Record<string, string>>;
  readonly context?: Readonly<Record<string, JsonValue>>;
}

/** POST /v1/runs/:id/tasks */
export interface TaskUpdatesRequest {
  readonly updates: readonly TaskUpdate[];
}

/** POST /v1/runs/:id/cancel */
export interface CancelRunRequest {
  readonly reason?: string;
}

/** POST /v1/runs/:id/tasks/:taskId/answer */
export type AnswerRequest = HumanAnswer;

/** GET /v1/runs query: the store's run filter. */
export type ListRunsQuery = RunFilter;

/** Responses. */
export interface RunResponse {
  readonly run: RunState;
}
export type RunListResponse = RunPage;
export interface EventsResponse {
  readonly events: readonly RunEvent[];
  /** Pass as `since` to read the next page; absent when this page reached the end of the log. */
  readonly nextSince?: number;
}
/** GET /v1/runs/:id/definition: the workflow definition the run was started with. */
export interface RunDefinitionResponse {
  readonly definition: WorkflowDefinition;
}
export interface DefinitionsResponse {
  readonly definitions: readonly WorkflowDefinition[];
}
/** GET /v1/runs/:id/tasks/:taskId/input */
export type TaskInputResponse = TaskInputOf;
export type PacksResponse = StartupReport;
export interface EmitEventResponse {
  readonly event: string;
  /** Runs the event's triggers started. */
  readonly runIds: readonly string[];
}
export interface HealthResponse {
  readonly status: 'ok';
  readonly uptimeMs: number;
}
export type WhoAmIResponse = PrincipalInfo;

/** Every error response: `{ error: { code, message, hint } }`. */
export interface ErrorResponse {
  readonly error: ErrorInfo;
}
