/** JSON Schema of the `troupe` field of a pack's package.json. */
export const packManifestSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://troupe.dev/schemas/pack-manifest.schema.json',
  title: 'Troupe pack manifest (the "troupe" field of package.json)',
  type: 'object',
  additionalProperties: false,
  required: ['manifestVersion', 'engine'],
  properties: {
    manifestVersion: { const: 1, description: 'Version of this manifest format.' },
    engine: { type: 'string', minLength: 1, description: 'Semver range of the runtime pack API, pinning a major, e.g. "^1.0.0".' },
    entry: { type: 'string', minLength: 1, description: 'Entry module relative to the package root.' },
    displayName: { type: 'string' },
    description: { type: 'string' },
    requires: {
      type: 'object',
      description: 'Pack id → semver range.',
      additionalProperties: { type: 'string', minLength: 1 },
    },
    secrets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
          optional: { type: 'boolean' },
          description: { type: 'string' },
        },
      },
    },
    provides: {
      type: 'object',
      propertyNames: { enum: ['workflow', 'tool', 'guardrail', 'persona', 'provider', 'code'] },
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
    policies: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
  },
} as const;
