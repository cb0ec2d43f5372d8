import type { GuardrailAction, ToolCallTarget, TroupeError } from '@troupe/sdk';
import type { StackedGuardrail } from './resolveGuardrailStack.js';

/** One guardrail's answer, recorded as a `guardrail.decision` event and an audit entry (never with the payload). */
export interface PolicyDecisionRecord {
  readonly guardrailId: string;
  readonly action: GuardrailAction;
  /** The policy tag whose stack named the guardrail. */
  readonly tag?: string;
  readonly reasonCode?: string;
  readonly message?: string;
}

export interface PolicyCheck {
  readonly runId: string;
  readonly taskId: string;
  readonly attempt: number;
  readonly phase: 'input' | 'output';
  /** The workflow's tags and the task's own; never empty (untagged tasks are not checked). */
  readonly policyTags: readonly string[];
  readonly signal: AbortSignal;
  /** The guardrails of those tags as resolved when the run's plan was compiled: a run keeps its stack across hot reloads. */
  readonly guardrails?: readonly StackedGuardrail[];
  /** Set when the payload is a tool call of the task's gmi seat: arguments are checked as `output`, the result as `input`. */
  readonly toolCall?: ToolCallTarget;
}

/** A streamed chunk of a gmi task's model output. */
export interface ChunkCheck extends Omit<PolicyCheck, 'phase'> {
  readonly phase: 'chunk';
}

/** The outcome of a stack of guardrails for one payload. */
export type PolicyVerdict =
  /** Go on with `payload` (the original, or what sanitizers made of it). */
  | { readonly action: 'allow'; readonly payload: unknown; readonly decisions?: readonly PolicyDecisionRecord[] }
  /** Fail the task (not retried) with this error: E_GUARDRAIL_BLOCKED, or E_GUARDRAIL_FAILED when a guardrail failed closed. */
  | { readonly action: 'block'; readonly error: TroupeError; readonly decisions?: readonly PolicyDecisionRecord[] }
  /** A human must approve before the run goes on with `payload`. */
  | { readonly action: 'require_approval'; readonly reason: string; readonly payload: unknown; readonly decisions?: readonly PolicyDecisionRecord[] };

/** The outcome for one streamed chunk. */
export type ChunkVerdict =
  /** Stream `chunk` (the original or its sanitized text). */
  | { readonly action: 'allow'; readonly chunk: string; readonly decisions?: readonly PolicyDecisionRecord[] }
  /** Stop the model call and fail the task with this error. */
  | { readonly action: 'block'; readonly error: TroupeError; readonly decisions?: readonly PolicyDecisionRecord[] }
  /** Withhold the chunk; the task's output then needs a human approval. */
  | { readonly action: 'require_approval'; readonly reason: string; readonly decisions?: readonly PolicyDecisionRecord[] };

/**
 * Where guardrails plug into the engine: asked before a task executes (its
 * input) and after (its output), only for tasks that carry policy tags, and
 * for each streamed model chunk when `checkChunk` is there.
 */
export interface PolicyEnforcer {
  check(check: PolicyCheck, payload: unknown): PolicyVerdict | Promise<PolicyVerdict>;
  checkChunk?(check: ChunkCheck, chunk: string): ChunkVerdict | Promise<ChunkVerdict>;
}
