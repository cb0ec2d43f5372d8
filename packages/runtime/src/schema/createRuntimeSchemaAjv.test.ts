import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSchemaAjv, type SchemaAjv } from '@troupe/sdk';
import { SchemaChecker } from '../config/SchemaChecker.js';
import { createRuntimeSchemaAjv } from './createRuntimeSchemaAjv.js';
import { DRAFT_07_META_SCHEMA, renderMetaSchemaValidator } from './renderBuiltinValidators.js';

/** What compiling `schema` gives: the thrown message, or the validator's verdict and errors on a few values. */
function outcome(ajv: SchemaAjv, schema: object | boolean): string {
  try {
    const validate = ajv.compile(schema);
    return JSON.stringify([{}, { a: 1 }, 'x', [1, 1]].map((value) => [validate(structuredClone(value)), validate.errors]));
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

describe('createRuntimeSchemaAjv (the precompiled draft-07 meta-schema)', () => {
  it('metaSchemaValidator.generated.ts matches ajv\'s meta-schema (run `pnpm build && pnpm docs:errors` if this fails)', () => {
    expect(readFileSync(new URL('metaSchemaValidator.generated.ts', import.meta.url), 'utf8')).toBe(renderMetaSchemaValidator());
  });

  it('checks schemas with the precompiled validator: ajv does not compile its meta-schema', () => {
    const ajv = createRuntimeSchemaAjv('draft-07', { useDefaults: true });
    const precompiled = ajv.schemas[DRAFT_07_META_SCHEMA]?.validate;
    expect(precompiled).toBeTypeOf('function');
    expect(() => ajv.compile({ type: 'strin' })).toThrow(/schema is invalid/);
    expect(ajv.getSchema(DRAFT_07_META_SCHEMA)).toBe(precompiled);
  });

  const schemas: (object | boolean)[] = [
    { type: 'strin' },
    { type: 'object', properties: { a: { type: 'strin', minLength: -1 } }, required: 'a' },
    { $schema: 'http://json-schema.org/draft-07/schema#', type: 3, items: [{ enum: 'x' }], pattern: 'a' },
    { $schema: 'http://json-schema.org/draft-07/schema', $id: 'https://example.com/s', type: ['string', 'string'] },
    { $schema: 'http://json-schema.org/draft-04/schema#', type: 'string' },
    { $schema: 5 },
    { allOf: [{ minimum: 'x' }, { not: 3 }], dependencies: { a: 4 }, additionalItems: 'no', definitions: { d: [] } },
    { type: 'string', minLenght: 3 },
    { type: 'string', format: 'emial' },
    { $ref: 'http://json-schema.org/draft-07/schema#' },
    { type: 'object', properties: { a: { type: 'integer', default: 3 } }, required: ['a'] },
    { type: 'array', items: { type: 'integer' }, uniqueItems: true },
    true,
    false,
  ];

  it.each([false, true])('accepts and refuses the schemas and the values that createSchemaAjv does, with the same messages (useDefaults %s)', (useDefaults) => {
    for (const schema of schemas) {
      expect(outcome(createRuntimeSchemaAjv('draft-07', { useDefaults }), schema), JSON.stringify(schema)).toBe(outcome(createSchemaAjv('draft-07', { useDefaults }), schema));
    }
  });

  it('an invalid pack options schema is reported as before', () => {
    const schema = { type: 'object', properties: { limit: { type: 'integer', minimum: 'one' } } };
    expect(() => new SchemaChecker({ useDefaults: true }).check(schema, {})).toThrow('schema is invalid: data/properties/limit/minimum must be number');
  });
});
