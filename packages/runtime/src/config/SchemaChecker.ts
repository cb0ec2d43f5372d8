import type { ErrorObject } from 'ajv';
import { builtinValidators, type Validate } from '../schema/builtinValidators.js';
import { SchemaCompiler } from '../schema/SchemaCompiler.js';

/**
 * ajv validators (SchemaCompiler: Troupe's one set of options), compiled
 * once per schema object and cached, or given precompiled. Every error is
 * collected, rendered as `<path>: <problem>` lines.
 */
export class SchemaChecker {
  private readonly compiler: SchemaCompiler;
  private readonly cache = new WeakMap<object, Validate>();

  constructor(options: { readonly useDefaults?: boolean } = {}, precompiled: ReadonlyMap<object, Validate> = new Map()) {
    this.compiler = new SchemaCompiler(options);
    for (const [schema, validate] of precompiled) this.cache.set(schema, validate);
  }

  /**
   * Problems of `value` against `schema`, each prefixed with where it is
   * (`root` + JSON pointer); empty when valid. Throws when the schema does not compile.
   */
  check(schema: object | boolean, value: unknown, root = ''): string[] {
    const validate = this.compile(schema);
    return validate(value) ? [] : formatProblems(validate.errors ?? [], root);
  }

  private compile(schema: object | boolean): Validate {
    if (typeof schema === 'boolean') return this.compiler.compile(schema);
    let validate = this.cache.get(schema);
    if (!validate) {
      validate = this.compiler.compile(schema);
      this.cache.set(schema, validate);
    }
    return validate;
  }
}

export function formatProblems(errors: readonly ErrorObject[], root = ''): string[] {
  // A bad property name yields the inner error (with propertyName) and a vaguer "propertyNames" one: keep the inner.
  return errors.filter((error) => error.keyword !== 'propertyNames').map((error) => {
    const where = `${root}${error.instancePath}` || '(root)';
    if (error.propertyName !== undefined) return `${where}: key "${error.propertyName}" ${error.message ?? 'is not allowed'}`;
    if (error.keyword === 'additionalProperties') return `${where}: unknown property "${String(error.params.additionalProperty)}"`;
    if (error.keyword === 'const') return `${where}: must be ${JSON.stringify(error.params.allowedValue)}`;
    if (error.keyword === 'enum') return `${where}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    return `${where}: ${error.message ?? error.keyword}`;
  });
}

/** The checker for the runtime's own schemas (config, manifests, workflow definitions): compiled at build time. */
export const builtinSchemas = new SchemaChecker({}, builtinValidators);
