import type { GuardrailDescriptor } from '@troupe/sdk';
import { PACK_NAME } from './guardrails/guardrailSettings.js';
import { createOutputSizeLimitGuardrail } from './guardrails/outputSizeLimitGuardrail.js';
import { createPiiRedactGuardrail } from './guardrails/piiRedactGuardrail.js';
import { createPromptInjectionGuardrail } from './guardrails/promptInjectionGuardrail.js';
import { createSchemaConformGuardrail } from './guardrails/schemaConformGuardrail.js';
import { createSecretsBlockGuardrail } from './guardrails/secretsBlockGuardrail.js';
import type { GuardrailPackOptions } from './packOptions.js';

/**
 * The pack's guardrail descriptors for the given options, in a stable order;
 * those with `enabled: false` are left out. Throws E_PACK_OPTIONS_INVALID for
 * options the options schema cannot catch (an invalid JSON Schema, flagAt > blockAt).
 */
export function createGuardrails(options: GuardrailPackOptions = {}, packId = PACK_NAME): GuardrailDescriptor[] {
  const descriptors: GuardrailDescriptor[] = [];
  if (options.pii?.enabled !== false) descriptors.push(createPiiRedactGuardrail(options.pii));
  if (options.secrets?.enabled !== false) descriptors.push(createSecretsBlockGuardrail(options.secrets));
  if (options.outputSize?.enabled !== false) descriptors.push(createOutputSizeLimitGuardrail(options.outputSize));
  if (options.schema?.enabled !== false) descriptors.push(createSchemaConformGuardrail(options.schema, packId));
  if (options.promptInjection?.enabled !== false) descriptors.push(createPromptInjectionGuardrail(options.promptInjection, packId));
  return descriptors;
}
