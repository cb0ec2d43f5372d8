import { defineGuardrail, type GuardrailContext, type GuardrailDecision, type GuardrailDescriptor } from '@troupe/sdk';
import { jsonByteLength } from '../json/jsonByteLength.js';
import type { OutputSizeLimitOptions } from '../packOptions.js';
import { ALLOW, commonSettings, payloadEvaluators } from './guardrailSettings.js';

export const OUTPUT_SIZE_LIMIT_ID = 'output.size_limit';
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * `output.size_limit`, a classifier: blocks (or flags) a payload whose JSON
 * serialisation is larger than `maxBytes` UTF-8 bytes. Counting stops at the
 * limit, so an oversized payload is never serialised whole; a payload that
 * cannot be serialised (cycle, BigInt) is blocked.
 */
export function createOutputSizeLimitGuardrail(options: OutputSizeLimitOptions = {}): GuardrailDescriptor {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const action = options.action ?? 'block';
  const phases = options.phases ?? ['output'];

  const evaluate = (payload: unknown, ctx: GuardrailContext): GuardrailDecision => {
    let bytes: number;
    try {
      bytes = jsonByteLength(payload, maxBytes);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { action: 'block', reasonCode: 'payload_not_serializable', message: `The ${ctx.phase} cannot be serialised as JSON: ${reason}` };
    }
    if (bytes <= maxBytes) return ALLOW;
    return { action, reasonCode: 'output_too_large', message: `The ${ctx.phase} is larger than ${maxBytes} bytes as JSON` };
  };

  return defineGuardrail({
    id: OUTPUT_SIZE_LIMIT_ID,
    description: `Limits the JSON size of a payload to ${maxBytes} bytes`,
    ...commonSettings(options),
    ...payloadEvaluators(phases, evaluate),
  });
}
