import { humanAnswerSchema, startFieldsSchema } from './protocolSchemas.js';

/**
 * JSON Schemas (draft-07) of the REST request bodies and queries in
 * restTypes.ts. The server compiles them once; query strings are validated
 * after coercion (numbers, comma-separated lists).
 */

export const startRunRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['definitionId'],
  properties: startFieldsSchema,
} as const;

export const taskUpdatesRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['updates'],
  properties: {
    updates: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['taskId', 'status'],
        properties: {
          taskId: { type: 'string', minLength: 1, maxLength: 256 },
          status: { enum: ['running', 'completed', 'failed'] },
          output: {},
          error: {
            type: 'object',
            additionalProperties: false,
            required: ['message'],
            properties: { code: { type: 'string', maxLength: 128 }, message: { type: 'string', maxLength: 10_000 } },
          },
        },
      },
    },
  },
} as const;

export const cancelRunRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { reason: { type: 'string', maxLength: 10_000 } },
} as const;

export const answerRequestSchema = humanAnswerSchema;

const runStatus = { enum: ['queued', 'running', 'awaiting_input', 'paused', 'completed', 'failed', 'cancelled'] } as const;

export const listRunsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'array', minItems: 1, maxItems: 7, items: runStatus },
    definitionId: { type: 'string', minLength: 1, maxLength: 256 },
    conversationId: { type: 'string', minLength: 1, maxLength: 256 },
    cursor: { type: 'string', minLength: 1, maxLength: 1024 },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
    order: { enum: ['asc', 'desc'] },
  },
} as const;

/** GET /v1/runs/:id/tasks/:taskId/input query: which forEach element or loop round (from 0). */
export const taskInputQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    instance: { type: 'integer', minimum: 0 },
  },
} as const;

export const eventsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    since: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 10_000 },
  },
} as const;
