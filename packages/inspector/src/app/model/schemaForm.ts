/** One input of a form generated from a JSON Schema property. */
export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly kind: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';
  readonly required: boolean;
  readonly description?: string;
  /** For `enum`: the allowed values, as JSON text. */
  readonly options?: readonly string[];
}

/** What the inputs hold: text for every kind, a boolean for checkboxes. */
export type FormValues = Readonly<Record<string, string | boolean>>;

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields of a form for an object schema (`type: "object"` with
 * `properties`): strings, numbers, integers, booleans and enums get their own
 * input, anything else a JSON text box. Not an object schema → `undefined`
 * (the page offers one JSON box for the whole answer). The server validates
 * the answer against the schema either way.
 */
export function formOfSchema(schema: unknown): FormField[] | undefined {
  if (!isSchema(schema) || schema.type !== 'object' || !isSchema(schema.properties)) return undefined;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : []);
  return Object.entries(schema.properties).map(([name, property]) => {
    const spec = isSchema(property) ? property : {};
    const label = typeof spec.title === 'string' ? spec.title : name;
    const base = { name, label, required: required.has(name), ...(typeof spec.description === 'string' ? { description: spec.description } : {}) };
    if (Array.isArray(spec.enum)) return { ...base, kind: 'enum', options: spec.enum.map((option) => JSON.stringify(option)) };
    const type = spec.type;
    if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') return { ...base, kind: type };
    return { ...base, kind: 'json' };
  });
}

/** The answer value the filled form stands for, or the problems to show next to it. */
export function valueOfForm(fields: readonly FormField[], values: FormValues): { value: Record<string, unknown> } | { problems: string[] } {
  const value: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const field of fields) {
    const raw = values[field.name];
    if (field.kind === 'boolean') {
      value[field.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw : '';
    if (text.trim() === '') {
      if (field.required) problems.push(`${field.label} is required`);
      continue;
    }
    switch (field.kind) {
      case 'string':
        value[field.name] = text;
        break;
      case 'number':
      case 'integer': {
        const parsed = Number(text);
        if (!Number.isFinite(parsed) || (field.kind === 'integer' && !Number.isInteger(parsed))) problems.push(`${field.label} must be ${field.kind === 'integer' ? 'a whole number' : 'a number'}`);
        else value[field.name] = parsed;
        break;
      }
      case 'enum':
      case 'json':
        try {
          value[field.name] = JSON.parse(text) as unknown;
        } catch {
          problems.push(`${field.label} must be JSON`);
        }
        break;
    }
  }
  return problems.length > 0 ? { problems } : { value };
}
