import type { JsonSchema } from '@troupe/sdk';
import { PII_KINDS, type PiiKind } from './pii/PiiMatch.js';
import { SECRET_TOKEN_FORMAT_IDS, type SecretTokenFormatId } from './secrets/secretTokenFormats.js';

export type PayloadPhase = 'input' | 'output';
export type StreamPhase = PayloadPhase | 'chunk';

/** Settings every guardrail of the pack accepts. */
export interface CommonGuardrailOptions {
  /** Default true. A disabled guardrail is not registered, so a policy naming it is refused at registration. */
  readonly enabled?: boolean;
  /** Per-evaluation time limit (the host's default when absent). */
  readonly timeoutMs?: number;
  /** What a throw or timeout counts as; the host default is "block" (fail closed). */
  readonly onError?: 'block' | 'allow';
  /** Descriptor priority, to stack above or below another pack's guardrail of the same id. */
  readonly priority?: number;
}

export interface PiiRedactOptions extends CommonGuardrailOptions {
  /** Default: every kind. */
  readonly kinds?: readonly PiiKind[];
  /** Default: input, output and streamed chunks. */
  readonly phases?: readonly StreamPhase[];
  readonly maxDepth?: number;
}

export interface SecretsBlockOptions extends CommonGuardrailOptions {
  /** Check the values of the host's secrets (default true). */
  readonly knownSecrets?: boolean;
  /** Token formats to block (default all); [] to check known secrets only. */
  readonly formats?: readonly SecretTokenFormatId[];
  /** Default "block". */
  readonly action?: 'block' | 'require_approval';
  /** Default: input, output and streamed chunks. */
  readonly phases?: readonly StreamPhase[];
  readonly maxDepth?: number;
}

export interface OutputSizeLimitOptions extends CommonGuardrailOptions {
  /** Limit on the UTF-8 bytes of the payload's JSON serialisation; default 1 MiB. */
  readonly maxBytes?: number;
  /** Default "block". */
  readonly action?: 'block' | 'flag';
  /** Default: output only. */
  readonly phases?: readonly PayloadPhase[];
}

export interface SchemaConformOptions extends CommonGuardrailOptions {
  /** Schema every payload seen by this guardrail must match. */
  readonly schema?: JsonSchema;
  /** Schemas that apply when the task runs under the policy tag. */
  readonly schemasByTag?: { readonly [tag: string]: JsonSchema };
  /** Default "block". */
  readonly action?: 'block' | 'flag' | 'require_approval';
  /** Default: output only. */
  readonly phases?: readonly PayloadPhase[];
}

export interface PromptInjectionOptions extends CommonGuardrailOptions {
  /** Score (0–1) from which the payload is flagged; default 0.3. */
  readonly flagAt?: number;
  /** Score from which `aboveBlockAt` applies; default 0.75. */
  readonly blockAt?: number;
  /** Default "block". */
  readonly aboveBlockAt?: 'block' | 'require_approval';
  /** Default: input and output (content on its way into an agent, and tool output). */
  readonly phases?: readonly PayloadPhase[];
  readonly maxDepth?: number;
}

/** The pack's `options` in troupe.config.json. */
export interface GuardrailPackOptions {
  readonly pii?: PiiRedactOptions;
  readonly secrets?: SecretsBlockOptions;
  readonly outputSize?: OutputSizeLimitOptions;
  readonly schema?: SchemaConformOptions;
  readonly promptInjection?: PromptInjectionOptions;
}

const common = {
  enabled: { type: 'boolean' },
  timeoutMs: { type: 'integer', minimum: 1 },
  onError: { enum: ['block', 'allow'] },
  priority: { type: 'number' },
} as const;
const maxDepth = { type: 'integer', minimum: 1, maximum: 10_000 } as const;
const phases = (allowed: readonly string[]) => ({ type: 'array', items: { enum: allowed }, uniqueItems: true }) as const;
const anySchema = { anyOf: [{ type: 'object' }, { type: 'boolean' }] } as const;
const score = { type: 'number', minimum: 0, maximum: 1 } as const;

/** JSON Schema of GuardrailPackOptions (valid in draft-07 and 2020-12); the host checks options against it before activate. */
export const guardrailPackOptionsSchema = {
  title: '@troupe/pack-guardrails options',
  type: 'object',
  additionalProperties: false,
  properties: {
    pii: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...common,
        kinds: { type: 'array', items: { enum: [...PII_KINDS] }, uniqueItems: true },
        phases: phases(['input', 'output', 'chunk']),
        maxDepth,
      },
    },
    secrets: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...common,
        knownSecrets: { type: 'boolean' },
        formats: { type: 'array', items: { enum: [...SECRET_TOKEN_FORMAT_IDS] }, uniqueItems: true },
        action: { enum: ['block', 'require_approval'] },
        phases: phases(['input', 'output', 'chunk']),
        maxDepth,
      },
    },
    outputSize: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...common,
        maxBytes: { type: 'integer', minimum: 1 },
        action: { enum: ['block', 'flag'] },
        phases: phases(['input', 'output']),
      },
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...common,
        schema: anySchema,
        schemasByTag: { type: 'object', additionalProperties: anySchema },
        action: { enum: ['block', 'flag', 'require_approval'] },
        phases: phases(['input', 'output']),
      },
    },
    promptInjection: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...common,
        flagAt: score,
        blockAt: score,
        aboveBlockAt: { enum: ['block', 'require_approval'] },
        phases: phases(['input', 'output']),
        maxDepth,
      },
    },
  },
} as const;
