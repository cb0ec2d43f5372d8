import type { GuardrailContext, GuardrailDecision, GuardrailSpec } from '@troupe/sdk';
import type { CommonGuardrailOptions, PayloadPhase } from '../packOptions.js';

export const PACK_NAME = '@troupe/pack-guardrails';

type Evaluate = (payload: unknown, ctx: GuardrailContext) => GuardrailDecision;

/** The common options as descriptor fields (absent ones are left to the host's defaults). */
export function commonSettings(options: CommonGuardrailOptions): {
  readonly priority?: number;
  readonly timeoutMs?: number;
  readonly onError?: 'block' | 'allow';
} {
  return {
    ...(options.priority === undefined ? {} : { priority: options.priority }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  };
}

/**
 * evaluateInput / evaluateOutput for the configured phases only: the engine
 * calls a guardrail only in the phases it implements.
 */
export function payloadEvaluators(phases: readonly string[], evaluate: Evaluate): Pick<GuardrailSpec, 'evaluateInput' | 'evaluateOutput'> {
  return {
    ...(phases.includes('input' satisfies PayloadPhase) ? { evaluateInput: evaluate } : {}),
    ...(phases.includes('output' satisfies PayloadPhase) ? { evaluateOutput: evaluate } : {}),
  };
}

export const ALLOW: GuardrailDecision = Object.freeze({ action: 'allow' });
