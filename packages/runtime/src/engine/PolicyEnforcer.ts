import type { GuardrailAction, TroupeError } from '@troupe/sdk';

/** One guardrail's answer, recorded as a `guardrail.decision` event. */
export interface PolicyDecisionRecord {
  readonly guardrailId: string;
  readonly action: GuardrailAction;
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
}

/** The outcome of a stack of guardrails for one payload. */
export type PolicyVerdict =
  /** Go on with `payload` (the original, or what sanitizers made of it). */
  | { readonly action: 'allow'; readonly payload: unknown; readonly decisions?: readonly PolicyDecisionRecord[] }
  /** Fail the task (not retried) with this error, usually E_GUARDRAIL_BLOCKED. */
  | { readonly action: 'block'; readonly error: TroupeError; readonly decisions?: readonly PolicyDecisionRecord[] }
  /** A human must approve before the run goes on with `payload`. */
  | { readonly action: 'require_approval'; readonly reason: string; readonly payload: unknown; readonly decisions?: readonly PolicyDecisionRecord[] };

/**
 * Where guardrails plug into the engine: asked before a task executes (its
 * input) and after (its output), only for tasks that carry policy tags.
 */
export interface PolicyEnforcer {
  check(check: PolicyCheck, payload: unknown): PolicyVerdict | Promise<PolicyVerdict>;
}

/** The engine's default until a policy layer is configured: lets everything through. */
export const allowAllPolicy: PolicyEnforcer = {
  check: (_check, payload) => ({ action: 'allow', payload }),
};
