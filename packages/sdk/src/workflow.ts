import type { JsonSchema, JsonValue } from './json.js';

/**
 * Workflow definitions are plain data (JSON-serialisable): they are validated
 * with ajv before registration, hashed for version pinning and stored once per run.
 */
export interface WorkflowDefinition {
  /** Stable id, unique among active workflows. */
  readonly id: string;
  /** Semver version of this definition. */
  readonly version: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly roles?: readonly RoleDefinition[];
  readonly tasks: readonly TaskDefinition[];
  /** Schema of the run input, checked at start (E_INPUT_INVALID). */
  readonly goalSchema?: JsonSchema;
  /** Schema of the run output, checked at completion (E_OUTPUT_INVALID). */
  readonly finalOutputSchema?: JsonSchema;
  /**
   * How the run output is built. Default: `{ [sinkTaskId]: output }` for every
   * completed task no other task depends on.
   */
  readonly output?: TaskInputBinding | { readonly [key: string]: TaskInputBinding };
  /** Tags whose guardrail stacks apply to every task of the workflow. */
  readonly policyTags?: readonly string[];
  /** Whole-run timeout; the run fails with E_RUN_TIMEOUT. */
  readonly timeoutMs?: number;
  /** At most this many tasks of one run execute at once. Default: unbounded. */
  readonly maxParallelTasks?: number;
  /** Secret ids the workflow needs; a start without them is refused (E_SECRET_MISSING). */
  readonly requiredSecrets?: readonly string[];
  readonly triggers?: readonly TriggerDefinition[];
  readonly metadata?: { readonly [key: string]: JsonValue };
  /** Limits on the model usage of the whole run (its own gmi tasks); exceeding it fails the task that did (E_BUDGET_EXCEEDED). */
  readonly budget?: UsageBudget;
}

/** A limit on model usage: total tokens (input + output) and/or cost in US dollars. */
export interface UsageBudget {
  readonly maxTokens?: number;
  /** Counts only calls the provider priced (a price table is configured). */
  readonly maxCostUsd?: number;
}

export interface RoleDefinition {
  readonly roleId: string;
  readonly displayName?: string;
  /** A persona id; otherwise a persona is chosen by capabilities. */
  readonly personaId?: string;
  /** Capabilities the persona must all have, e.g. `["code.review"]`. */
  readonly capabilities?: readonly string[];
  /** Tool ids the seat may call; any other tool call is refused (E_TOOL_FORBIDDEN). */
  readonly tools?: readonly string[];
}

/** Where a value comes from: a safe expression (`input.repo`, `tasks.fetch.output.url`) or a literal. */
export type TaskInputBinding = { readonly from: string } | { readonly value: JsonValue };

export interface TaskDefinition {
  readonly id: string;
  readonly name?: string;
  readonly dependsOn?: readonly string[];
  readonly executor: ExecutorSpec;
  /**
   * The task input, one binding per key. Default: `{ input, upstream }` where
   * `input` is the run input and `upstream` maps each dependency id to its output.
   */
  readonly input?: { readonly [key: string]: TaskInputBinding };
  /** Safe expression over `input` and `tasks.<id>.output/status`; false → the task is skipped. */
  readonly when?: string;
  /**
   * When a task with dependencies runs. Default `"any_completed"`: every dependency has
   * ended completed or skipped, and at least one completed (all skipped → skipped;
   * any failed → the task fails with E_DEPENDENCY_FAILED). `"all_completed"`: every
   * dependency completed, otherwise skipped. `"all_settled"`: runs once every dependency
   * has ended, whatever the outcome.
   */
  readonly joinPolicy?: 'any_completed' | 'all_completed' | 'all_settled';
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  /** Checked against the task input before execution (for human input tasks: the answer). */
  readonly inputSchema?: JsonSchema;
  /** Checked against the executor's output (E_OUTPUT_INVALID, not retried). */
  readonly outputSchema?: JsonSchema;
  readonly policyTags?: readonly string[];
  /** Task id (a task that never runs on its own) or `code:<id>` run to undo this task if the run fails. */
  readonly compensate?: string;
  /** What a gmi task passes on to its dependants besides its output. */
  readonly handoff?: { readonly summary?: boolean; readonly include?: readonly string[] };
  /** Limits on the model usage of one attempt of this gmi task (E_BUDGET_EXCEEDED, not retried). */
  readonly budget?: UsageBudget;
}

export type ExecutorSpec =
  | { readonly type: 'tool'; readonly toolId: string }
  | { readonly type: 'gmi'; readonly roleId: string; readonly instructions?: string; readonly outputFormat?: 'text' | 'json' }
  | { readonly type: 'human'; readonly mode: 'approval' | 'input'; readonly prompt?: string; readonly assignee?: string }
  | { readonly type: 'code'; readonly codeId: string }
  | { readonly type: 'workflow'; readonly workflowId: string; readonly versionRange?: string };

export type ExecutorType = ExecutorSpec['type'];

export interface RetryPolicy {
  /** Total attempts including the first. Default 1 (no retry). */
  readonly maxAttempts: number;
  readonly backoff?: 'fixed' | 'exponential';
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Full jitter: the delay is drawn uniformly from [0, delay]. Default true. */
  readonly jitter?: boolean;
  /** Error codes that are retried. Default: every code except the non-retryable ones. */
  readonly retryOn?: readonly string[];
}

export type TriggerDefinition =
  | { readonly id: string; readonly type: 'cron'; readonly cron: string; readonly timezone?: string; readonly input?: JsonValue; readonly catchUp?: CatchUpPolicy }
  | { readonly id: string; readonly type: 'runAt'; readonly runAt: string; readonly input?: JsonValue; readonly catchUp?: CatchUpPolicy }
  | { readonly id: string; readonly type: 'event'; readonly event: string; readonly filter?: string; readonly input?: TaskInputBinding };

export type CatchUpPolicy = 'none' | 'latest' | 'all';
