import { defineGuardrail, TroupeError, type GuardrailDecision, type GuardrailDescriptor } from '@troupe/sdk';
import { DEFAULT_MAX_DEPTH } from '../json/mapJsonLeaves.js';
import { assessPromptInjectionInJson } from '../injection/assessPromptInjection.js';
import type { PromptInjectionOptions } from '../packOptions.js';
import { ALLOW, commonSettings, PACK_NAME, payloadEvaluators } from './guardrailSettings.js';

export const PROMPT_INJECTION_DETECT_ID = 'prompt_injection.detect';
export const DEFAULT_FLAG_AT = 0.3;
export const DEFAULT_BLOCK_AT = 0.75;

/**
 * `prompt_injection.detect`, a classifier for content on its way into an
 * agent (tool output, fetched pages): scores instruction-override phrases,
 * chat-template markers, hidden instructions and exfiltration requests, then
 * flags from `flagAt` and blocks (or asks for approval) from `blockAt`.
 */
export function createPromptInjectionGuardrail(options: PromptInjectionOptions = {}, packId = PACK_NAME): GuardrailDescriptor {
  const flagAt = options.flagAt ?? DEFAULT_FLAG_AT;
  const blockAt = options.blockAt ?? DEFAULT_BLOCK_AT;
  const aboveBlockAt = options.aboveBlockAt ?? 'block';
  const phases = options.phases ?? ['input', 'output'];
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (flagAt > blockAt) {
    throw new TroupeError('E_PACK_OPTIONS_INVALID', {
      pack: packId,
      problems: `promptInjection.flagAt (${flagAt}) must not be greater than promptInjection.blockAt (${blockAt})`,
    });
  }

  const evaluate = (payload: unknown): GuardrailDecision => {
    const assessment = assessPromptInjectionInJson(payload, { maxDepth });
    const message = `Prompt-injection score ${assessment.score}: ${assessment.signals.map((s) => s.signal).join(', ')}`;
    if (assessment.signals.length > 0 && assessment.score >= blockAt) return { action: aboveBlockAt, reasonCode: 'prompt_injection', message };
    if (assessment.signals.length > 0 && assessment.score >= flagAt) return { action: 'flag', reasonCode: 'prompt_injection', message };
    if (assessment.incomplete) {
      return { action: 'flag', reasonCode: 'payload_too_deep', message: `The payload is nested deeper than ${maxDepth} levels and was checked only in part` };
    }
    return ALLOW;
  };

  return defineGuardrail({
    id: PROMPT_INJECTION_DETECT_ID,
    description: `Scores prompt-injection signals; flags from ${flagAt}, ${aboveBlockAt === 'block' ? 'blocks' : 'asks for approval'} from ${blockAt}`,
    ...commonSettings(options),
    ...payloadEvaluators(phases, evaluate),
  });
}
