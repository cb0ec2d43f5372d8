import type { ValidateFunction } from 'ajv';
import { schemaDialect, type SchemaAjv, type SchemaDialect } from '@troupe/sdk';
import type { Validate } from './builtinValidators.js';
import { processCompiledSchemaStore, type CompiledSchemaStore } from './CompiledSchemaStore.js';
import { createRuntimeSchemaAjv } from './createRuntimeSchemaAjv.js';

/**
 * Compiles JSON Schemas for the runtime's checkers: one ajv instance per
 * dialect (createRuntimeSchemaAjv: Troupe's one set of options), created on
 * the first schema that needs it, and validators compiled by an earlier
 * process taken from the compiled-schema store when it has them. Throws
 * ajv's error when a schema does not compile. No cache of its own: its
 * callers cache by schema object (and text).
 */
export class SchemaCompiler {
  private readonly instances = new Map<SchemaDialect, SchemaAjv>();
  private store: CompiledSchemaStore | undefined | null = null;

  /** `storeOf`: where validators of earlier processes are kept (asked on the first compile, not at construction). */
  constructor(
    private readonly variation: { readonly useDefaults?: boolean } = {},
    private readonly storeOf: () => CompiledSchemaStore | undefined = processCompiledSchemaStore,
  ) {}

  compile(schema: object | boolean): Validate {
    if (typeof schema === 'boolean') return this.ajvFor('draft-07').compile(schema) as Validate;
    const store = this.theStore();
    const dialect = schemaDialect(schema);
    const key = store?.keyOf(schema, dialect, this.variation.useDefaults === true);
    const stored = key === undefined ? undefined : store?.load(key);
    if (stored) return stored;
    const ajv = this.ajvFor(dialect);
    const validate = ajv.compile(schema) as ValidateFunction;
    if (key !== undefined) store?.save(key, ajv, validate);
    return validate as Validate;
  }

  private theStore(): CompiledSchemaStore | undefined {
    if (this.store === null) this.store = this.storeOf();
    return this.store;
  }

  private ajvFor(dialect: SchemaDialect): SchemaAjv {
    let ajv = this.instances.get(dialect);
    if (!ajv) {
      // The store writes validators out as ajv's standalone code, which needs their source kept.
      ajv = createRuntimeSchemaAjv(dialect, this.variation, { keepSource: this.theStore() !== undefined });
      this.instances.set(dialect, ajv);
    }
    return ajv;
  }
}
