import { guardrailsPack } from './guardrailsPack.js';

export default guardrailsPack;
export { guardrailsPack } from './guardrailsPack.js';
export { createGuardrails } from './createGuardrails.js';
export {
  guardrailPackOptionsSchema,
  type GuardrailPackOptions,
  type CommonGuardrailOptions,
  type PiiRedactOptions,
  type SecretsBlockOptions,
  type OutputSizeLimitOptions,
  type SchemaConformOptions,
  type PromptInjectionOptions,
  type PayloadPhase,
  type StreamPhase,
} from './packOptions.js';

// Guardrail factories
export { createPiiRedactGuardrail, PII_REDACT_ID } from './guardrails/piiRedactGuardrail.js';
export { createSecretsBlockGuardrail, SECRETS_BLOCK_ID } from './guardrails/secretsBlockGuardrail.js';
export { createOutputSizeLimitGuardrail, OUTPUT_SIZE_LIMIT_ID, DEFAULT_MAX_BYTES } from './guardrails/outputSizeLimitGuardrail.js';
export { createSchemaConformGuardrail, SCHEMA_CONFORM_ID } from './guardrails/schemaConformGuardrail.js';
export {
  createPromptInjectionGuardrail,
  PROMPT_INJECTION_DETECT_ID,
  DEFAULT_FLAG_AT,
  DEFAULT_BLOCK_AT,
} from './guardrails/promptInjectionGuardrail.js';

// PII detection and redaction
export { PII_KINDS, type PiiKind, type PiiMatch } from './pii/PiiMatch.js';
export { findEmails } from './pii/findEmails.js';
export { findPhoneNumbers } from './pii/findPhoneNumbers.js';
export { findCardNumbers, isCardNumber } from './pii/findCardNumbers.js';
export { findIbans } from './pii/findIbans.js';
export { isLuhnValid } from './pii/isLuhnValid.js';
export { isValidIban } from './pii/isValidIban.js';
export { findPii } from './pii/findPii.js';
export { redactPiiInText, piiPlaceholder, type RedactedText, type PiiCounts } from './pii/redactPii.js';
export { redactPii, type RedactPiiOptions, type RedactedJson } from './pii/redactPiiInJson.js';

// Secret leaks
export { SECRET_TOKEN_FORMATS, SECRET_TOKEN_FORMAT_IDS, type SecretTokenFormat, type SecretTokenFormatId } from './secrets/secretTokenFormats.js';
export { findSecretTokens, type SecretTokenMatch } from './secrets/findSecretTokens.js';
export { findSecretLeaks, type SecretLeak, type SecretLeakReport, type FindSecretLeaksOptions } from './secrets/findSecretLeaks.js';

// Prompt injection
export {
  assessPromptInjection,
  assessPromptInjectionInJson,
  type InjectionSignal,
  type PromptInjectionAssessment,
} from './injection/assessPromptInjection.js';

// JSON helpers
export { jsonByteLength, jsonStringByteLength } from './json/jsonByteLength.js';
export { mapJsonLeaves, DEFAULT_MAX_DEPTH, type JsonLeafMapper } from './json/mapJsonLeaves.js';
export { scanJson, type JsonScanVisitor, type JsonScanResult, type JsonPathSegment } from './json/scanJson.js';
export { compileJsonSchema, type JsonSchemaCheck, type SchemaProblem } from './schema/compileJsonSchema.js';
