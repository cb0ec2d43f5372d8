import { defineGuardrail, type GuardrailContext, type GuardrailDecision, type GuardrailDescriptor } from '@troupe/sdk';
import { DEFAULT_MAX_DEPTH } from '../json/mapJsonLeaves.js';
import type { SecretsBlockOptions } from '../packOptions.js';
import { findSecretLeaks, type SecretLeak } from '../secrets/findSecretLeaks.js';
import { SECRET_TOKEN_FORMAT_IDS } from '../secrets/secretTokenFormats.js';
import { ALLOW, commonSettings, payloadEvaluators } from './guardrailSettings.js';

export const SECRETS_BLOCK_ID = 'secrets.block';

function describeLeaks(leaks: readonly SecretLeak[]): string {
  const shown = leaks.slice(0, 5).map((l) => `${l.kind === 'known_secret' ? 'a known secret value' : l.kind} ${l.isKey ? 'in a key of' : 'at'} ${l.path}`);
  const more = leaks.length > shown.length ? ` and ${leaks.length - shown.length} more` : '';
  return `Found ${shown.join('; ')}${more}`;
}

/**
 * `secrets.block`, a classifier: blocks a payload that contains a value of one
 * of the host's secrets (`ctx.containsSecret`) or a credential-shaped token.
 * Messages name the kind and the path, never the value. A payload nested too
 * deep to be scanned is blocked too (fail closed).
 */
export function createSecretsBlockGuardrail(options: SecretsBlockOptions = {}): GuardrailDescriptor {
  const formats = options.formats ?? SECRET_TOKEN_FORMAT_IDS;
  const knownSecrets = options.knownSecrets ?? true;
  const action = options.action ?? 'block';
  const phases = options.phases ?? ['input', 'output', 'chunk'];
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;

  const evaluate = (payload: unknown, ctx: GuardrailContext): GuardrailDecision => {
    const report = findSecretLeaks(payload, {
      formats,
      maxDepth,
      ...(knownSecrets ? { containsSecret: (value: string) => ctx.containsSecret(value) } : {}),
    });
    if (report.leaks.length > 0) return { action, reasonCode: 'secret_leak', message: describeLeaks(report.leaks) };
    if (report.incomplete) {
      return { action, reasonCode: 'payload_too_deep', message: `The payload is nested deeper than ${maxDepth} levels and could not be checked for secrets` };
    }
    return ALLOW;
  };

  return defineGuardrail({
    id: SECRETS_BLOCK_ID,
    description: 'Blocks known secret values and credential-shaped tokens (private keys, cloud and VCS tokens, JWTs, bearer credentials)',
    ...commonSettings(options),
    ...payloadEvaluators(phases, evaluate),
    ...(phases.includes('chunk') ? { evaluateChunk: (chunk: string, ctx: GuardrailContext) => evaluate(chunk, ctx) } : {}),
  });
}
