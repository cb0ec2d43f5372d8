import type { AnyValidateFunction } from 'ajv/dist/types/index.js';
import { createSchemaAjv, type SchemaAjv, type SchemaDialect } from '@troupe/sdk';
import { createDraft07MetaSchemaValidator } from './metaSchemaValidator.generated.js';
import { DRAFT_07_META_SCHEMA } from './renderBuiltinValidators.js';

/**
 * The sdk's createSchemaAjv (same options, same results), with the draft-07
 * meta-schema's validator precompiled at build time: ajv checks every schema
 * it compiles against its meta-schema, and compiling that meta-schema was
 * ~30 ms of each instance's first compile on a cold start. `keepSource`:
 * validators keep their code, so that it can be written out as ajv's
 * standalone code (the compiled-schema store).
 */
export function createRuntimeSchemaAjv(
  dialect: SchemaDialect = 'draft-07',
  variation: { readonly useDefaults?: boolean } = {},
  { keepSource = false }: { readonly keepSource?: boolean } = {},
): SchemaAjv {
  const ajv = createSchemaAjv(dialect, variation);
  // Read at each compile, so set after construction (the sdk's options stay Troupe's one set).
  if (keepSource) ajv.opts.code.source = true;
  if (dialect !== 'draft-07') return ajv;
  // ajv uses an entry's `validate` when it has one (getSchema) and compiles it otherwise: set before any compile asks for it.
  const meta = ajv.schemas[DRAFT_07_META_SCHEMA];
  if (meta?.meta === true && meta.validate === undefined) meta.validate = createDraft07MetaSchemaValidator() as unknown as AnyValidateFunction;
  return ajv;
}
