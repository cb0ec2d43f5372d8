import { defineGuardrail, TroupeError, type GuardrailContext, type GuardrailDecision, type GuardrailDescriptor, type JsonSchema } from '@troupe/sdk';
import type { SchemaConformOptions } from '../packOptions.js';
import { compileJsonSchema, type JsonSchemaCheck, type SchemaProblem } from '../schema/compileJsonSchema.js';
import { ALLOW, commonSettings, PACK_NAME, payloadEvaluators } from './guardrailSettings.js';

export const SCHEMA_CONFORM_ID = 'schema.conform';

function compileOption(schema: JsonSchema, where: string, pack: string): JsonSchemaCheck {
  try {
    return compileJsonSchema(schema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TroupeError('E_PACK_OPTIONS_INVALID', { pack, problems: `${where} is not a valid JSON Schema: ${reason}` }, { cause: error });
  }
}

function describeProblems(problems: readonly SchemaProblem[]): string {
  const shown = problems.slice(0, 10).map((p) => `${p.instancePath === '' ? '(root)' : p.instancePath} ${p.message}`);
  const more = problems.length > shown.length ? ` and ${problems.length - shown.length} more` : '';
  return `Does not match the schema: ${shown.join('; ')}${more}`;
}

/**
 * `schema.conform`, a classifier: checks the payload against `schema` and
 * against the `schemasByTag` entry of every policy tag the task runs under.
 * Schemas are compiled once, here: an invalid one fails activation with
 * E_PACK_OPTIONS_INVALID. With no schema applicable the answer is `allow`,
 * and so it is for the tool calls of a task's seat: the schemas describe the
 * task's own input and output, not what its seat sends to or gets from a tool.
 */
export function createSchemaConformGuardrail(options: SchemaConformOptions = {}, packId = PACK_NAME): GuardrailDescriptor {
  const action = options.action ?? 'block';
  const phases = options.phases ?? ['output'];
  const always = options.schema === undefined ? undefined : compileOption(options.schema, 'schema.schema', packId);
  const byTag = new Map<string, JsonSchemaCheck>();
  for (const [tag, schema] of Object.entries(options.schemasByTag ?? {})) {
    byTag.set(tag, compileOption(schema, `schema.schemasByTag.${tag}`, packId));
  }

  const evaluate = (payload: unknown, ctx: GuardrailContext): GuardrailDecision => {
    if (ctx.toolCall !== undefined) return ALLOW;
    const problems: SchemaProblem[] = [];
    if (always !== undefined) problems.push(...always.validate(payload));
    for (const tag of new Set(ctx.policyTags)) {
      const check = byTag.get(tag);
      if (check !== undefined) problems.push(...check.validate(payload));
    }
    if (problems.length === 0) return ALLOW;
    return { action, reasonCode: 'schema_mismatch', message: describeProblems(problems) };
  };

  return defineGuardrail({
    id: SCHEMA_CONFORM_ID,
    description: 'Checks payloads against JSON Schemas (one for all, or per policy tag)',
    ...commonSettings(options),
    ...payloadEvaluators(phases, evaluate),
  });
}
