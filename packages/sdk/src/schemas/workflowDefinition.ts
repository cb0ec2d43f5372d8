const binding = {
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['from'], properties: { from: { type: 'string', minLength: 1 } } },
    { type: 'object', additionalProperties: false, required: ['value'], properties: { value: {} } },
  ],
} as const;

const id = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$' } as const;

export const triggerSchema = {
  type: 'object',
  required: ['id', 'type'],
  properties: {
    id,
    type: { enum: ['cron', 'runAt', 'event'] },
    cron: { type: 'string', minLength: 1 },
    timezone: { type: 'string', minLength: 1 },
    runAt: { type: 'string', minLength: 1 },
    event: { type: 'string', minLength: 1 },
    filter: { type: 'string', minLength: 1 },
    input: {},
    catchUp: { enum: ['none', 'latest', 'all'] },
    workflowId: { type: 'string' },
  },
  allOf: [
    { if: { properties: { type: { const: 'cron' } } }, then: { required: ['cron'] } },
    { if: { properties: { type: { const: 'runAt' } } }, then: { required: ['runAt'] } },
    { if: { properties: { type: { const: 'event' } } }, then: { required: ['event'] } },
  ],
} as const;

const executor = {
  type: 'object',
  required: ['type'],
  properties: { type: { enum: ['tool', 'gmi', 'human', 'code', 'workflow'] } },
  allOf: [
    { if: { properties: { type: { const: 'tool' } } }, then: { required: ['toolId'], properties: { toolId: { type: 'string', minLength: 1 } } } },
    {
      if: { properties: { type: { const: 'gmi' } } },
      then: { required: ['roleId'], properties: { roleId: { type: 'string', minLength: 1 }, instructions: { type: 'string' }, outputFormat: { enum: ['text', 'json'] } } },
    },
    {
      if: { properties: { type: { const: 'human' } } },
      then: { required: ['mode'], properties: { mode: { enum: ['approval', 'input'] }, prompt: { type: 'string' }, assignee: { type: 'string' } } },
    },
    { if: { properties: { type: { const: 'code' } } }, then: { required: ['codeId'], properties: { codeId: { type: 'string', minLength: 1 } } } },
    {
      if: { properties: { type: { const: 'workflow' } } },
      then: { required: ['workflowId'], properties: { workflowId: { type: 'string', minLength: 1 }, versionRange: { type: 'string' } } },
    },
  ],
} as const;

/** A token and/or cost limit on model calls (`budget` of a workflow or a task). */
const budget = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { maxTokens: { type: 'integer', minimum: 1 }, maxCostUsd: { type: 'number', exclusiveMinimum: 0 } },
} as const;

/** JSON Schema of a workflow definition (the data inside defineWorkflow). */
export const workflowDefinitionSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://troupe.dev/schemas/workflow-definition.schema.json',
  title: 'Troupe workflow definition',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'tasks'],
  properties: {
    id,
    version: { type: 'string', minLength: 1 },
    displayName: { type: 'string' },
    description: { type: 'string' },
    roles: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['roleId'],
        properties: {
          roleId: id,
          displayName: { type: 'string' },
          personaId: { type: 'string', minLength: 1 },
          capabilities: { type: 'array', items: { type: 'string', minLength: 1 } },
          tools: { type: 'array', items: { type: 'string', minLength: 1 } },
        },
      },
    },
    tasks: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'executor'],
        properties: {
          id,
          name: { type: 'string' },
          dependsOn: { type: 'array', items: { type: 'string', minLength: 1 } },
          executor,
          input: { type: 'object', additionalProperties: binding },
          when: { type: 'string', minLength: 1 },
          joinPolicy: { enum: ['any_completed', 'all_completed', 'all_settled'] },
          retry: {
            type: 'object',
            additionalProperties: false,
            required: ['maxAttempts'],
            properties: {
              maxAttempts: { type: 'integer', minimum: 1, maximum: 100 },
              backoff: { enum: ['fixed', 'exponential'] },
              initialDelayMs: { type: 'integer', minimum: 0 },
              maxDelayMs: { type: 'integer', minimum: 0 },
              jitter: { type: 'boolean' },
              retryOn: { type: 'array', items: { type: 'string' } },
            },
          },
          timeoutMs: { type: 'integer', minimum: 1 },
          inputSchema: { type: ['object', 'boolean'] },
          outputSchema: { type: ['object', 'boolean'] },
          policyTags: { type: 'array', items: { type: 'string', minLength: 1 } },
          compensate: { type: 'string', minLength: 1 },
          handoff: {
            type: 'object',
            additionalProperties: false,
            properties: { summary: { type: 'boolean' }, include: { type: 'array', items: { type: 'string' } } },
          },
          budget,
        },
      },
    },
    goalSchema: { type: ['object', 'boolean'] },
    finalOutputSchema: { type: ['object', 'boolean'] },
    output: {
      oneOf: [binding, { type: 'object', not: { anyOf: [{ required: ['from'] }, { required: ['value'] }] }, additionalProperties: binding }],
    },
    policyTags: { type: 'array', items: { type: 'string', minLength: 1 } },
    timeoutMs: { type: 'integer', minimum: 1 },
    maxParallelTasks: { type: 'integer', minimum: 1 },
    requiredSecrets: { type: 'array', items: { type: 'string', minLength: 1 } },
    triggers: { type: 'array', items: triggerSchema },
    metadata: { type: 'object' },
    budget,
  },
} as const;
