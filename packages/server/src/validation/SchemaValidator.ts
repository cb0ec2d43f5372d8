import type { ErrorObject, ValidateFunction } from 'ajv';
import { createSchemaAjv } from '@troupe/sdk';

/** One ajv instance (the runtime's one set of options) for the server's own schemas; each schema compiles once. */
const ajv = createSchemaAjv();
const compiled = new WeakMap<object, ValidateFunction>();

/** Checks values against one schema; returns `<path>: <problem>` lines, empty when valid. */
export type SchemaValidator = (value: unknown) => string[];

export function schemaValidator(schema: object): SchemaValidator {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const check = validate;
  return (value) => (check(value) ? [] : formatProblems(check.errors ?? []));
}

function formatProblems(errors: readonly ErrorObject[]): string[] {
  const problems = new Set<string>();
  for (const error of errors) {
    // The branches of a oneOf repeat what their own errors already say.
    if (error.keyword === 'oneOf' && errors.length > 1) continue;
    const where = error.instancePath || '(root)';
    if (error.keyword === 'additionalProperties') problems.add(`${where}: unknown property "${String(error.params.additionalProperty)}"`);
    else if (error.keyword === 'enum') problems.add(`${where}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
    else if (error.keyword === 'const') problems.add(`${where}: must be ${JSON.stringify(error.params.allowedValue)}`);
    else if (error.keyword === 'required') problems.add(`${where}: missing "${String(error.params.missingProperty)}"`);
    else problems.add(`${where}: ${error.message ?? error.keyword}`);
    if (problems.size >= 10) break;
  }
  return [...problems];
}
