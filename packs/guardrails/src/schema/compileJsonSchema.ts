import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { JsonSchema } from '@troupe/sdk';

export interface SchemaProblem {
  /** JSON Pointer of the offending value ("" for the root). */
  readonly instancePath: string;
  readonly message: string;
}

/** A compiled schema: `validate` answers with every problem (empty when the payload conforms). */
export interface JsonSchemaCheck {
  validate(payload: unknown): readonly SchemaProblem[];
}

type AjvInstance = Ajv | Ajv2019 | Ajv2020;

// Options shared by every draft: report every problem; accept annotation
// keywords the validator does not know (`x-…`, `example`); treat `format` as
// an annotation, as draft 2020-12 does by default (no format plugin needed).
const OPTIONS = { allErrors: true, strict: false, validateFormats: false, logger: false } as const;

function ajvFor(schema: JsonSchema): AjvInstance {
  const dialect = typeof schema === 'object' && typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  if (dialect.includes('2020-12')) return new Ajv2020(OPTIONS);
  if (dialect.includes('2019-09')) return new Ajv2019(OPTIONS);
  return new Ajv(OPTIONS);
}

function toProblem(error: ErrorObject): SchemaProblem {
  let message = error.message ?? error.keyword;
  if (error.keyword === 'additionalProperties') {
    message += ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`;
  }
  return { instancePath: error.instancePath, message };
}

/**
 * Compiles a JSON Schema once (draft-07 by default; 2019-09 and 2020-12 when
 * its `$schema` says so). Throws when the schema itself is invalid or async.
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
