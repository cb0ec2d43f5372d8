import { describe, expect, it } from 'vitest';
import type { CompiledRetry } from './CompiledWorkflow.js';
import { isRetryable, retryDelay } from './retryDelay.js';

const policy = (extra: Partial<CompiledRetry> = {}): CompiledRetry => ({ maxAttempts: 5, backoff: 'exponential', initialDelayMs: 100, maxDelayMs: 1000, jitter: false, ...extra });

describe('retryDelay', () => {
  it('doubles per attempt up to maxDelayMs (exponential)', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(policy(), attempt, Math.random))).toEqual([100, 200, 400, 800, 1000]);
  });
  it('stays at initialDelayMs (fixed)', () => {
    expect([1, 2, 3].map((attempt) => retryDelay(policy({ backoff: 'fixed' }), attempt, Math.random))).toEqual([100, 100, 100]);
  });
  it('draws full jitter from [0, delay]', () => {
    expect(retryDelay(policy({ jitter: true }), 3, () => 0)).toBe(0);
    expect(retryDelay(policy({ jitter: true }), 3, () => 0.5)).toBe(200);
    expect(retryDelay(policy({ jitter: true }), 3, () => 0.999999)).toBe(400);
  });
});

describe('isRetryable', () => {
  it('retries until attempts are used up, only listed codes, never non-retryable ones', () => {
    expect(isRetryable(policy(), 1, 'E_ANY')).toBe(true);
    expect(isRetryable(policy(), 5, 'E_ANY')).toBe(false);
    expect(isRetryable(undefined, 1, 'E_ANY')).toBe(false);
    expect(isRetryable(policy({ retryOn: new Set(['E_A']) }), 1, 'E_B')).toBe(false);
    expect(isRetryable(policy({ retryOn: new Set(['E_A']) }), 1, 'E_A')).toBe(true);
    for (const code of ['E_INPUT_INVALID', 'E_OUTPUT_INVALID', 'E_GUARDRAIL_BLOCKED', 'E_GUARDRAIL_TOOL_CALL_BLOCKED', 'E_TASK_REJECTED', 'E_TOOL_FORBIDDEN']) {
      expect(isRetryable(policy({ retryOn: new Set([code]) }), 1, code)).toBe(false);
    }
  });
});
