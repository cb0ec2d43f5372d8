import { defineGuardrail, type GuardrailDecision, type GuardrailDescriptor } from '@troupe/sdk';
import type { PiiRedactOptions } from '../packOptions.js';
import { PII_KINDS } from '../pii/PiiMatch.js';
import { redactPiiInText } from '../pii/redactPii.js';
import { redactPii } from '../pii/redactPiiInJson.js';
import { ALLOW, commonSettings, payloadEvaluators } from './guardrailSettings.js';

export const PII_REDACT_ID = 'pii.redact';

function describeCounts(counts: Readonly<Record<string, number | undefined>>): string {
  return Object.entries(counts)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}

/**
 * `pii.redact`, a sanitizer: replaces emails, phone numbers, card numbers and
 * IBANs in every string of the payload with `[REDACTED:<kind>]` and answers
 * `sanitize` with the redacted payload; `allow` when there was nothing to redact.
 */
export function createPiiRedactGuardrail(options: PiiRedactOptions = {}): GuardrailDescriptor {
  const kinds = options.kinds ?? PII_KINDS;
  const phases = options.phases ?? ['input', 'output', 'chunk'];
  const redactOptions = { kinds, ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }) };

  const evaluate = (payload: unknown): GuardrailDecision => {
    const result = redactPii(payload, redactOptions);
    if (!result.changed) return ALLOW;
    return { action: 'sanitize', reasonCode: 'pii_redacted', message: `Redacted ${describeCounts(result.counts)}`, payload: result.payload };
  };

  return defineGuardrail({
    id: PII_REDACT_ID,
    description: `Redacts personal data (${kinds.join(', ')}) with [REDACTED:<kind>] placeholders`,
    mode: 'sanitizer',
    ...commonSettings(options),
    ...payloadEvaluators(phases, evaluate),
    ...(phases.includes('chunk')
      ? {
          // A value split across two chunks is not seen here; the output phase sees it whole.
          evaluateChunk: (chunk: string): GuardrailDecision => {
            const result = redactPiiInText(chunk, kinds);
            if (result.text === chunk) return ALLOW;
            return { action: 'sanitize', reasonCode: 'pii_redacted', message: `Redacted ${describeCounts(result.counts)}`, payload: result.text };
          },
        }
      : {}),
  });
}
