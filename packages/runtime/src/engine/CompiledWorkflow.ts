import type { RoleDefinition, TaskDefinition, WorkflowDefinition } from '@troupe/sdk';
import type { CompiledExpression, ExpressionScope } from '../expressions/compileExpression.js';
import type { StackedGuardrail } from '../policy/resolveGuardrailStack.js';
import type { ActiveDescriptor } from '../registry/DescriptorRegistry.js';
import type { SchemaCheck } from './SchemaValidators.js';

export type JoinPolicy = 'any_completed' | 'all_completed' | 'all_settled';

export interface CompiledRetry {
  readonly maxAttempts: number;
  readonly backoff: 'fixed' | 'exponential';
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: boolean;
  /** Undefined: every code except the non-retryable ones. */
  readonly retryOn?: ReadonlySet<string>;
}

export type CompiledExecutor =
  | {
      readonly type: 'tool';
      readonly toolId: string;
      readonly tool: ActiveDescriptor<'tool'>;
      readonly checkInput?: SchemaCheck;
      readonly checkOutput?: SchemaCheck;
    }
  | { readonly type: 'code'; readonly codeId: string; readonly code: ActiveDescriptor<'code'> }
  | { readonly type: 'gmi'; readonly roleId: string; readonly instructions?: string; readonly outputFormat: 'text' | 'json' }
  | { readonly type: 'human'; readonly mode: 'approval' | 'input'; readonly prompt?: string; readonly assignee?: string }
  | { readonly type: 'workflow'; readonly workflowId: string; readonly versionRange?: string; readonly workflow: ActiveDescriptor<'workflow'> };

export type CompiledCompensation =
  | { readonly kind: 'task'; readonly index: number }
  | { readonly kind: 'code'; readonly codeId: string; readonly code: ActiveDescriptor<'code'> };

/** Builds a value from a scope: a compiled `input`/`output` binding set. */
export type CompiledBinding = (scope: ExpressionScope) => unknown;

/** One task with everything precomputed: indices instead of ids, parsed expressions, compiled validators. */
export interface CompiledTask {
  readonly index: number;
  readonly id: string;
  readonly definition: TaskDefinition;
  /** Indices of dependencies (deduplicated). */
  readonly deps: readonly number[];
  /** Indices of tasks that depend on this one. */
  readonly dependants: readonly number[];
  readonly join: JoinPolicy;
  readonly when?: CompiledExpression;
  /** Undefined: the default input `{ input, upstream }`. */
  readonly input?: CompiledBinding;
  readonly executor: CompiledExecutor;
  /** The task's inputSchema (for human input tasks it checks the answer instead). */
  readonly checkInput?: SchemaCheck;
  readonly checkOutput?: SchemaCheck;
  readonly retry?: CompiledRetry;
  readonly timeoutMs?: number;
  /** Workflow tags and the task's own, deduplicated. */
  readonly policyTags: readonly string[];
  /** The guardrails those tags name, in stack order (when compiled with policies): pinned with the plan. */
  readonly guardrails?: readonly StackedGuardrail[];
  readonly compensate?: CompiledCompensation;
  /** Secret ids the executor declared; it receives exactly these. */
  readonly requiredSecrets: readonly string[];
  /** A dependant with joinPolicy all_settled takes over this task's failure, so it does not fail the run. */
  readonly failureHandled: boolean;
  /** A tool or code task with no schema and no policy tag: the executor's result is the output as is. */
  readonly direct: boolean;
  /** Named by another task's `compensate`: it never runs on its own and is not part of the run's task list. */
  readonly compensationOnly: boolean;
  /** Runs once per element of an array (forEach). */
  readonly forEach?: CompiledForEach;
  /** Runs round after round (loop). */
  readonly loop?: CompiledLoop;
}

export interface CompiledForEach {
  readonly items: CompiledExpression;
  readonly maxItems: number;
  readonly concurrency: number;
}

export interface CompiledLoop {
  readonly maxRounds: number;
  readonly until: CompiledExpression;
  readonly onMaxRounds: 'fail' | 'complete';
}

/** An immutable execution plan of one definition, checked against the descriptors that were active. */
export interface CompiledWorkflow {
  readonly definition: WorkflowDefinition;
  /** sha256 of the canonical JSON of the definition. */
  readonly hash: string;
  readonly tasks: readonly CompiledTask[];
  readonly byId: ReadonlyMap<string, number>;
  /** Tasks that are part of a run (every task but compensation-only ones), in definition order. */
  readonly runnable: readonly number[];
  /** Their ids, in the same order. */
  readonly runnableIds: readonly string[];
  /** Runnable tasks without dependencies. */
  readonly roots: readonly number[];
  /** Runnable tasks no runnable task depends on: the default run output. */
  readonly sinks: readonly number[];
  readonly roles: ReadonlyMap<string, RoleDefinition>;
  readonly checkGoal?: SchemaCheck;
  readonly checkFinalOutput?: SchemaCheck;
  /** Undefined: `{ [sinkId]: output }` of completed sinks. */
  readonly output?: CompiledBinding;
  /** Workflow secrets plus every executor's (tools, code, role tools); providers are added at start. */
  readonly requiredSecrets: readonly string[];
  /** Role id → tool descriptors the seat may call. */
  readonly roleTools: ReadonlyMap<string, readonly ActiveDescriptor<'tool'>[]>;
  /** Everything resolved from the lookup: the plan is reused only while each is still the active one. */
  readonly refs: readonly ActiveDescriptor[];
  /** The policies map the tags were checked against (undefined: not checked); the plan is reused only with the same map. */
  readonly policies?: Readonly<Record<string, readonly string[]>>;
}
