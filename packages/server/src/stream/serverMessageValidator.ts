import { serverMessageSchemas } from '@troupe/client';
import { schemaValidator, type SchemaValidator } from '../validation/SchemaValidator.js';

const validators = new Map<string, SchemaValidator>(Object.entries(serverMessageSchemas).map(([type, schema]) => [type, schemaValidator(schema)]));

/** Problems of a server → client message against the `troupe.v1` schema of its type; empty when valid. */
export function checkServerMessage(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['(root): must be an object'];
  const type = (value as { type?: unknown }).type;
  const validate = typeof type === 'string' ? validators.get(type) : undefined;
  if (!validate) return [`/type: unknown message type ${JSON.stringify(type)}`];
  return validate(value);
}
