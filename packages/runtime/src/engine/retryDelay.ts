import type { CompiledRetry } from './CompiledWorkflow.js';

/**
 * Delay before attempt `failedAttempt + 1`: `initialDelayMs` (fixed) or
 * `initialDelayMs * 2^(failedAttempt-1)` (exponential), capped at
 * `maxDelayMs`; with full jitter the delay is drawn uniformly from [0, delay].
 */
export function retryDelay(retry: CompiledRetry, failedAttempt: number, random: () => number): number {
  const base = retry.backoff === 'fixed' ? retry.initialDelayMs : retry.initialDelayMs * 2 ** Math.max(0, failedAttempt - 1);
  const capped = Math.min(retry.maxDelayMs, base);
  return retry.jitter ? Math.floor(random() * (capped + 1)) : capped;
}

/** Errors that a new attempt cannot fix: they fail the task at once, whatever retryOn says. */
export const NON_RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'E_INPUT_INVALID',
  'E_OUTPUT_INVALID',
  'E_GUARDRAIL_BLOCKED',
  'E_GUARDRAIL_TOOL_CALL_BLOCKED',
  'E_GUARDRAIL_FAILED',
  'E_TASK_REJECTED',
  'E_TOOL_FORBIDDEN',
  'E_DEPENDENCY_FAILED',
  'E_RUN_CANCELLED',
  'E_ROLE_UNRESOLVED',
  'E_SECRET_MISSING',
  'E_WORKFLOW_NOT_FOUND',
  'E_WORKFLOW_INVALID',
  'E_BUDGET_EXCEEDED',
  'E_PROVIDER_AUTH',
  'E_PROVIDER_BAD_REQUEST',
  'E_PAYLOAD_NOT_SERIALIZABLE',
  'E_PAYLOAD_TOO_LARGE',
]);

export function isRetryable(retry: CompiledRetry | undefined, failedAttempt: number, code: string): boolean {
  if (!retry || failedAttempt >= retry.maxAttempts || NON_RETRYABLE_CODES.has(code)) return false;
  return retry.retryOn === undefined || retry.retryOn.has(code);
}
