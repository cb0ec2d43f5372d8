/**
 * JSON Schemas (draft-07) of the `troupe.v1` messages in protocol.ts. The
 * server compiles them with ajv once; clients and tests may use them too.
 * Plain data, so the client stays free of a validator dependency.
 */

const id = { type: 'string', minLength: 1, maxLength: 128 } as const;
const runId = { type: 'string', minLength: 1, maxLength: 256 } as const;
const name = { type: 'string', minLength: 1, maxLength: 256 } as const;
const seq = { type: 'integer', minimum: 0 } as const;

export const humanAnswerSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['approved'],
      properties: { approved: { type: 'boolean' }, comment: { type: 'string', maxLength: 10_000 }, actor: name },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['value'],
      properties: { value: {}, actor: name },
    },
  ],
} as const;

export const startFieldsSchema = {
  definitionId: name,
  input: {},
  versionRange: { type: 'string', minLength: 1, maxLength: 256 },
  runId,
  conversationId: name,
  roleAssignments: { type: 'object', maxProperties: 256, additionalProperties: name },
  context: { type: 'object', maxProperties: 256 },
} as const;

/** One schema per client message type; `type` decides which applies. */
export const clientMessageSchemas = {
  subscribe: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: {
      type: { const: 'subscribe' },
      id,
      runId,
      conversationId: name,
      definitionId: name,
      all: { const: true },
      since: { oneOf: [seq, { type: 'object', maxProperties: 10_000, propertyNames: runId, additionalProperties: seq }] },
      seats: { type: 'array', maxItems: 256, items: name },
      events: { type: 'boolean' },
    },
    // Exactly one selector; a number `since` only with runId, a map only with the others.
    oneOf: [
      { required: ['runId'], properties: { since: seq } },
      { required: ['conversationId'], properties: { since: { type: 'object' } } },
      { required: ['definitionId'], properties: { since: { type: 'object' } } },
      { required: ['all'], properties: { since: { type: 'object' } } },
    ],
  },
  unsubscribe: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'subscriptionId'],
    properties: { type: { const: 'unsubscribe' }, id, subscriptionId: id },
  },
  start: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'definitionId'],
    properties: { type: { const: 'start' }, id, ...startFieldsSchema },
  },
  answer: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'runId', 'taskId', 'answer'],
    properties: { type: { const: 'answer' }, id, runId, taskId: name, answer: humanAnswerSchema },
  },
  cancel: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'runId'],
    properties: { type: { const: 'cancel' }, id, runId, reason: { type: 'string', maxLength: 10_000 } },
  },
  ping: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: { type: { const: 'ping' }, id },
  },
} as const;

const runScoped = {
  runId: { type: 'string' },
  seq,
  definitionId: { type: 'string' },
  conversationId: { type: 'string' },
} as const;
const runScopedRequired = ['runId', 'seq', 'definitionId'] as const;
const optionalId = { type: 'string' } as const;

const runEventSchema = {
  type: 'object',
  required: ['runId', 'seq', 'type', 'at'],
  properties: {
    runId: { type: 'string' },
    seq: { type: 'integer', minimum: 1 },
    type: { type: 'string' },
    at: { type: 'number' },
    taskId: { type: 'string' },
    attempt: { type: 'integer' },
    data: { type: 'object' },
  },
} as const;

const progressSchema = {
  type: 'object',
  required: ['runId', 'definitionId', 'status', 'seq', 'counts', 'total', 'percent', 'currentTaskIds'],
  properties: {
    runId: { type: 'string' },
    definitionId: { type: 'string' },
    status: { type: 'string' },
    seq,
    counts: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
    total: { type: 'integer', minimum: 0 },
    percent: { type: 'number', minimum: 0, maximum: 100 },
    currentTaskIds: { type: 'array', items: { type: 'string' } },
    // forEach / loop tasks: how far each got.
    instances: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['kind', 'completed', 'total'],
        properties: { kind: { enum: ['forEach', 'loop'] }, completed: { type: 'integer', minimum: 0 }, total: { type: 'integer', minimum: 0 } },
      },
    },
  },
} as const;

const seatSchema = {
  type: 'object',
  required: ['roleId', 'personaId', 'status', 'history', 'seq'],
  properties: {
    roleId: { type: 'string' },
    personaId: { type: 'string' },
    status: { enum: ['idle', 'working', 'waiting', 'done', 'failed'] },
    taskId: { type: 'string' },
    attempt: { type: 'integer' },
    lastOutputPreview: { type: 'string' },
    history: { type: 'array' },
    seq,
  },
} as const;

const principalSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'scopes'],
  properties: {
    name: { type: 'string' },
    scopes: { type: 'array', items: { enum: ['read', 'start', 'answer', 'admin', 'drafts:approve'] } },
    conversationIds: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** One schema per server message type. */
export const serverMessageSchemas = {
  welcome: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'protocol', 'principal', 'heartbeatMs', 'maxFrameBytes'],
    properties: {
      type: { const: 'welcome' },
      protocol: { const: 'troupe.v1' },
      principal: principalSchema,
      heartbeatMs: { type: 'integer', minimum: 0 },
      maxFrameBytes: { type: 'integer', minimum: 1 },
    },
  },
  subscribed: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'subscriptionId'],
    properties: { type: { const: 'subscribed' }, id: optionalId, subscriptionId: { type: 'string' } },
  },
  live: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'subscriptionId', 'runs'],
    properties: { type: { const: 'live' }, subscriptionId: { type: 'string' }, runs: { type: 'object', additionalProperties: seq } },
  },
  unsubscribed: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'subscriptionId'],
    properties: { type: { const: 'unsubscribed' }, id: optionalId, subscriptionId: { type: 'string' } },
  },
  result: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'run'],
    properties: { type: { const: 'result' }, id: optionalId, run: { type: 'object', required: ['runId', 'status', 'seq'] } },
  },
  pong: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: { type: { const: 'pong' }, id: optionalId },
  },
  event: {
    type: 'object',
    additionalProperties: false,
    required: ['type', ...runScopedRequired, 'event'],
    properties: { type: { const: 'event' }, ...runScoped, event: runEventSchema },
  },
  WORKFLOW_UPDATE: {
    type: 'object',
    additionalProperties: false,
    required: ['type', ...runScopedRequired, 'progress'],
    properties: { type: { const: 'WORKFLOW_UPDATE' }, ...runScoped, snapshot: { const: true }, progress: progressSchema },
  },
  SEAT_UPDATE: {
    type: 'object',
    additionalProperties: false,
    required: ['type', ...runScopedRequired, 'seat'],
    properties: { type: { const: 'SEAT_UPDATE' }, ...runScoped, snapshot: { const: true }, seat: seatSchema },
  },
  gap: {
    type: 'object',
    additionalProperties: false,
    required: ['type', ...runScopedRequired, 'fromSeq', 'toSeq'],
    properties: { type: { const: 'gap' }, ...runScoped, fromSeq: { type: 'integer', minimum: 1 }, toSeq: { type: 'integer', minimum: 1 } },
  },
  error: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'code', 'message'],
    properties: {
      type: { const: 'error' },
      id: optionalId,
      code: { type: 'string' },
      message: { type: 'string' },
      hint: { type: 'string' },
      runId: { type: 'string' },
    },
  },
} as const;

/** Every client message, as one schema (for documentation and generic tools). */
export const clientMessageSchema = {
  $id: 'https://troupe.dev/schemas/stream/client-message.json',
  oneOf: Object.values(clientMessageSchemas),
} as const;

/** Every server message, as one schema. */
export const serverMessageSchema = {
  $id: 'https://troupe.dev/schemas/stream/server-message.json',
  oneOf: Object.values(serverMessageSchemas),
} as const;
