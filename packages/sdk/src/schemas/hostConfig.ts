import { triggerSchema } from './workflowDefinition.js';

/** JSON Schema of `troupe.config.json`, the host's extension manifest. */
export const hostConfigSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://troupe.dev/schemas/host-config.schema.json',
  title: 'Troupe host configuration (troupe.config.json)',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    packs: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['use'],
        properties: {
          use: { type: 'string', minLength: 1, description: 'npm package name or relative path to a pack folder.' },
          version: { type: 'string', minLength: 1, description: 'Semver range the installed version must satisfy.' },
          enabled: { type: 'boolean', default: true },
          priority: { type: 'number', default: 0 },
          options: { type: 'object' },
          onFailure: { enum: ['abort', 'continue'], default: 'continue' },
          activationTimeoutMs: { type: 'integer', minimum: 1 },
        },
      },
    },
    activationTimeoutMs: { type: 'integer', minimum: 1, default: 10000 },
    overrides: {
      type: 'object',
      propertyNames: { pattern: '^(workflow|tool|guardrail|persona|provider|code):.+$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { enabled: { type: 'boolean' }, priority: { type: 'number' } },
      },
    },
    secrets: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sources: { type: 'array', items: { enum: ['programmatic', 'env', 'file'] }, uniqueItems: true },
        file: { type: 'string', minLength: 1 },
      },
    },
    policies: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
    store: { type: 'string', pattern: '^(memory|sqlite:.+|postgres(ql)?://.+)$' },
    engine: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxConcurrentRuns: { type: 'integer', minimum: 1 },
        defaultTaskTimeoutMs: { type: 'integer', minimum: 1 },
        maxPayloadBytes: { type: 'integer', minimum: 1024 },
        maxPayloadDepth: { type: 'integer', minimum: 1, maximum: 100 },
        durability: { enum: ['strict', 'batched'] },
      },
    },
    server: {
      type: 'object',
      additionalProperties: false,
      properties: {
        host: { type: 'string' },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        maxFrameBytes: { type: 'integer', minimum: 256 },
        maxConnections: { type: 'integer', minimum: 1 },
        maxConnectionsPerToken: { type: 'integer', minimum: 1 },
        maxStreamBufferBytes: { type: 'integer', minimum: 65536 },
        tokens: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'scopes'],
            properties: {
              name: { type: 'string', minLength: 1 },
              hash: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
              token: { type: 'string', minLength: 16 },
              scopes: { type: 'array', items: { enum: ['read', 'start', 'answer', 'admin', 'drafts:approve'] }, minItems: 1 },
              conversationIds: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
    retention: {
      type: 'object',
      additionalProperties: false,
      properties: {
        completedDays: { type: 'number', minimum: 0 },
        failedDays: { type: 'number', minimum: 0 },
        cancelledDays: { type: 'number', minimum: 0 },
        auditDays: { type: 'number', minimum: 0 },
        pruneIntervalMinutes: { type: 'number', exclusiveMinimum: 0 },
      },
    },
    triggers: {
      type: 'array',
      items: { allOf: [triggerSchema, { type: 'object', required: ['workflowId'], properties: { workflowId: { type: 'string', minLength: 1 } } }] },
    },
    log: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
        file: { type: 'string', minLength: 1 },
      },
    },
  },
} as const;
