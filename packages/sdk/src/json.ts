/** A JSON value: what definitions, inputs and outputs are made of. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A JSON Schema (draft 2020-12 or 07), checked with ajv by the runtime. */
export type JsonSchema = { readonly [key: string]: unknown } | boolean;
