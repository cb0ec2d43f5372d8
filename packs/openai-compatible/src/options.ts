import type { JsonSchema } from '@troupe/sdk';

/** Price of a model in US dollars per million tokens. */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

/** The pack's `options` in troupe.config.json (or of createOpenAICompatibleProvider). */
export interface OpenAICompatibleOptions {
  /** The endpoint up to and including the API version, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  readonly baseUrl: string;
  /** Model used when the persona names none. */
  readonly model?: string;
  /** `bearer` (default): send the `openai.apiKey` secret as a Bearer token; `none`: send no credentials (local servers). */
  readonly auth?: 'bearer' | 'none';
  /** Stream replies (server-sent events) into the seat preview. Default true. */
  readonly stream?: boolean;
  /** How long to wait for the response to start, and between two streamed chunks. Default 120000. */
  readonly requestTimeoutMs?: number;
  /** Retries of a request answered 429, 5xx or not at all (network). Default 4. */
  readonly maxRetries?: number;
  /** Backoff of the first retry, doubled after each; a `Retry-After` header wins. Default 500. */
  readonly retryBaseDelayMs?: number;
  /** Longest wait before a retry; a `Retry-After` asking for longer fails the call instead. Default 30000. */
  readonly maxRetryDelayMs?: number;
  /** Model turns that may call tools before the seat must answer. Default 8. */
  readonly maxToolRounds?: number;
  /** Model name → price, for the cost of each call. */
  readonly prices?: { readonly [model: string]: ModelPrice };
}

export const DEFAULTS = {
  auth: 'bearer',
  stream: true,
  requestTimeoutMs: 120_000,
  maxRetries: 4,
  retryBaseDelayMs: 500,
  maxRetryDelayMs: 30_000,
  maxToolRounds: 8,
} as const;

/** Checked by the host before activate (E_PACK_OPTIONS_INVALID). */
export const optionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['baseUrl'],
  properties: {
    baseUrl: { type: 'string', pattern: '^https?://[^\\s]+$' },
    model: { type: 'string', minLength: 1 },
    auth: { enum: ['bearer', 'none'] },
    stream: { type: 'boolean' },
    requestTimeoutMs: { type: 'integer', minimum: 1 },
    maxRetries: { type: 'integer', minimum: 0, maximum: 20 },
    retryBaseDelayMs: { type: 'integer', minimum: 0 },
    maxRetryDelayMs: { type: 'integer', minimum: 0 },
    maxToolRounds: { type: 'integer', minimum: 0, maximum: 100 },
    prices: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['inputPerMillion', 'outputPerMillion'],
        properties: { inputPerMillion: { type: 'number', minimum: 0 }, outputPerMillion: { type: 'number', minimum: 0 } },
      },
    },
  },
};
