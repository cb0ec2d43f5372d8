import type { JsonSchema } from '@troupe/sdk';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Checks a value; returns undefined when it is valid, else one line per problem. */
export type SchemaCheck = (value: unknown) => readonly string[] | undefined;

const valid: SchemaCheck = () => undefined;
const invalid: SchemaCheck = () => ['/ the schema is `false`: no value is valid'];

const DRAFT_2020 = /json-schema\.org\/draft\/2020-12\/schema/;

/**
 * Compiles JSON Schemas once and shares the result: one ajv instance per
 * draft, validators cached by schema object and by schema text, so the same
 * schema in many definitions (or every run of one) compiles once.
 */
export class SchemaValidators {
  private readonly draft7 = new Ajv({ allErrors: true, strict: false, addUsedSchema: false });
  private readonly draft2020 = new Ajv2020({ allErrors: true, strict: false, addUsedSchema: false });
  private readonly byObject = new WeakMap<object, SchemaCheck>();
  private readonly byText = new Map<string, SchemaCheck>();

  constructor() {
    addFormats.default(this.draft7);
    addFormats.default(this.draft2020);
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
      const ajv = typeof schema.$schema === 'string' && DRAFT_2020.test(schema.$schema) ? this.draft2020 : this.draft7;
      check = toCheck(ajv.compile(schema));
      this.byText.set(text, check);
    }
    this.byObject.set(schema, check);
    return check;
  }
}

function toCheck(validate: ValidateFunction): SchemaCheck {
  return (value) => {
    if (validate(value)) return undefined;
    return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
  };
}

/** The validators every engine shares unless given its own. */
export const sharedSchemaValidators = new SchemaValidators();
