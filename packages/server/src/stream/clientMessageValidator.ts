import { clientMessageSchemas, type ClientMessage } from '@troupe/client';
import { schemaValidator, type SchemaValidator } from '../validation/SchemaValidator.js';

const validators = new Map<string, SchemaValidator>(Object.entries(clientMessageSchemas).map(([type, schema]) => [type, schemaValidator(schema)]));
const TYPES = Object.keys(clientMessageSchemas);
const SELECTORS = ['runId', 'conversationId', 'definitionId', 'all'] as const;

export type ClientMessageCheck = { readonly ok: true; readonly message: ClientMessage } | { readonly ok: false; readonly problems: readonly string[] };

/** Checks a parsed client message against the `troupe.v1` schema of its type. */
export function checkClientMessage(value: unknown): ClientMessageCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problems: ['(root): must be a JSON object with a "type"'] };
  const type = (value as { type?: unknown }).type;
  const validate = typeof type === 'string' ? validators.get(type) : undefined;
  if (!validate) return { ok: false, problems: [`/type: must be one of ${TYPES.map((t) => JSON.stringify(t)).join(', ')}`] };
  if (type === 'subscribe') {
    // Said plainly here; the schema's oneOf would only report "must match exactly one schema".
    const record = value as Record<string, unknown>;
    const selectors = SELECTORS.filter((key) => record[key] !== undefined);
    if (selectors.length !== 1) return { ok: false, problems: [`(root): needs exactly one of runId, conversationId, definitionId, all (got ${selectors.length === 0 ? 'none' : selectors.join(', ')})`] };
    if (selectors[0] !== 'runId' && typeof record.since === 'number') {
      return { ok: false, problems: ['/since: with conversationId, definitionId or all, since must be an object of run id → seq'] };
    }
    if (selectors[0] === 'runId' && record.since !== undefined && typeof record.since !== 'number') {
      return { ok: false, problems: ['/since: with runId, since must be a seq (integer ≥ 0)'] };
    }
  }
  const problems = validate(value);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, message: value as ClientMessage };
}
