import { createSchemaAjv, schemaDialect, type JsonSchema, type SchemaAjv } from '@troupe/sdk';

export interface SchemaProblem {
  /** JSON Pointer of the offending value ("" for the root). */
  readonly instancePath: string;
  readonly message: string;
}

/** A compiled schema: `validate` answers with every problem (empty when the payload conforms). */
export interface JsonSchemaCheck {
  validate(payload: unknown): readonly SchemaProblem[];
}

// The sdk's factory: the options the engine checks a task's outputSchema with
// (formats checked, strict), so a payload this guardrail allows is one the
// engine accepts too. A fresh instance per schema: schemas are compiled once,
// at activation, and an instance kept across pack reloads would keep every
// schema it ever compiled.
function ajvFor(schema: JsonSchema): SchemaAjv {
  return createSchemaAjv(schemaDialect(schema));
}

type ValidateFunction = ReturnType<SchemaAjv['compile']>;
type ErrorObject = NonNullable<ValidateFunction['errors']>[number];

function toProblem(error: ErrorObject): SchemaProblem {
  let message = error.message ?? error.keyword;
  if (error.keyword === 'additionalProperties') {
    message += ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`;
  }
  return { instancePath: error.instancePath, message };
}

/**
 * Compiles a JSON Schema once (draft-07 by default; 2019-09 and 2020-12 when
 * its `$schema` says so), with the sdk's `createSchemaAjv`: `format`s are
 * checked, and an unknown keyword or format is a schema error. Throws when
 * the schema itself is invalid or async.
 * Problems carry paths and rule messages, never the offending values, so they
 * are safe to put in audit messages.
 */
export function compileJsonSchema(schema: JsonSchema): JsonSchemaCheck {
  // An async schema validates to a promise, which would read as "valid".
  if (typeof schema === 'object' && schema['$async'] === true) throw new Error('async schemas ($async: true) are not supported');
  const validateFn: ValidateFunction = ajvFor(schema).compile(schema as object | boolean);
  return {
    validate(payload: unknown): readonly SchemaProblem[] {
      if (validateFn(payload)) return [];
      return (validateFn.errors ?? []).map(toProblem);
    },
  };
}
