import type { JsonSchema } from '@troupe/sdk';
import { builtinValidators, type Validate } from '../schema/builtinValidators.js';
import { SchemaCompiler } from '../schema/SchemaCompiler.js';

/** Checks a value; returns undefined when it is valid, else one line per problem. */
export type SchemaCheck = (value: unknown) => readonly string[] | undefined;

const valid: SchemaCheck = () => undefined;
const invalid: SchemaCheck = () => ['/ the schema is `false`: no value is valid'];

/**
 * Compiles JSON Schemas once and shares the result (SchemaCompiler: Troupe's
 * one set of options), validators cached by schema object and by schema text, so the same
 * schema in many definitions (or every run of one) compiles once.
 */
export class SchemaValidators {
  private readonly compiler = new SchemaCompiler();
  private readonly byObject = new WeakMap<object, SchemaCheck>();
  private readonly byText = new Map<string, SchemaCheck>();

  /** The sdk's own schemas come precompiled (built at package build time): no ajv compile at start. */
  constructor() {
    for (const [schema, validate] of builtinValidators) this.byObject.set(schema, toCheck(validate));
  }

  /** Throws ajv's error when the schema itself is invalid. */
  compile(schema: JsonSchema): SchemaCheck {
    if (schema === true) return valid;
    if (schema === false) return invalid;
    const cached = this.byObject.get(schema);
    if (cached) return cached;
    const text = JSON.stringify(schema);
    let check = this.byText.get(text);
    if (!check) {
      check = toCheck(this.compiler.compile(schema));
      this.byText.set(text, check);
    }
    this.byObject.set(schema, check);
    return check;
  }
}

function toCheck(validate: Validate): SchemaCheck {
  return (value) => {
    if (validate(value)) return undefined;
    return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
  };
}

/** The validators every engine shares unless given its own. */
export const sharedSchemaValidators = new SchemaValidators();
