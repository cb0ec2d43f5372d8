import { createSchemaAjv, defineCode, schemaDialect, type JsonSchema, type SchemaAjv, type SchemaDialect } from '@troupe/sdk';

/** One line of a group chat. */
export interface ChatMessage {
  readonly speaker: string;
  readonly text: string;
}

export interface ChatTurns {
  readonly messages: readonly ChatMessage[];
  /** The chat should stop: the keyword was said (mode "keyword") or said by everyone (mode "consensus"). */
  readonly stop: boolean;
}

interface ChatTurnsInput {
  readonly input: { readonly speakers: readonly string[]; readonly keyword: string; readonly stopOn: 'keyword' | 'consensus' };
  readonly upstream: Readonly<Record<string, unknown>>;
}

/** Task id of a speaker's turn in a chat round. */
export function speakTaskId(roleId: string): string {
  return `speak-${roleId}`;
}

/**
 * `patterns.chat-turns`: the messages of one chat round in speaking order, and
 * whether the chat should stop (a case-insensitive keyword match).
 */
export const chatTurns = defineCode<ChatTurnsInput, ChatTurns>({
  id: 'patterns.chat-turns',
  description: 'Collects the turns of one group-chat round and decides whether the chat stops.',
  run: ({ input, upstream }) => {
    const messages: ChatMessage[] = [];
    for (const speaker of input.speakers) {
      const said = upstream[speakTaskId(speaker)];
      if (said === undefined) continue;
      messages.push({ speaker, text: typeof said === 'string' ? said : JSON.stringify(said) });
    }
    const keyword = input.keyword.toLowerCase();
    const says = (message: ChatMessage): boolean => message.text.toLowerCase().includes(keyword);
    const stop = messages.length > 0 && (input.stopOn === 'consensus' ? messages.every(says) : messages.some(says));
    return { messages, stop };
  },
});

/** What a reviewer step answers: valid or not, and why. */
export interface Review {
  readonly valid: boolean;
  readonly feedback: string;
}

// The sdk's ajv (formats checked, strict), as the engine checks a task's
// outputSchema: a draft this step calls valid is one the engine accepts.
const ajvByDialect = new Map<SchemaDialect, SchemaAjv>();
const compiled = new WeakMap<object, ReturnType<SchemaAjv['compile']>>();

function ajvFor(schema: object): SchemaAjv {
  const dialect = schemaDialect(schema);
  let ajv = ajvByDialect.get(dialect);
  if (ajv === undefined) {
    ajv = createSchemaAjv(dialect);
    ajvByDialect.set(dialect, ajv);
  }
  return ajv;
}

/**
 * `patterns.check-schema`: checks a value against a JSON Schema; the problems
 * become the feedback of the next revision. A draft that is a JSON string is parsed first.
 */
export const checkSchema = defineCode<{ readonly value: unknown; readonly schema: JsonSchema }, Review>({
  id: 'patterns.check-schema',
  description: 'Checks a draft against a JSON Schema and lists the problems as feedback.',
  run: ({ value, schema }) => {
    let draft = value;
    if (typeof draft === 'string') {
      try {
        draft = JSON.parse(draft) as unknown;
      } catch {
        return { valid: false, feedback: 'The draft is not valid JSON.' };
      }
    }
    const key = typeof schema === 'object' && schema !== null ? schema : { const: schema };
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajvFor(key).compile(key as object);
      compiled.set(key, validate);
    }
    if (validate(draft)) return { valid: true, feedback: '' };
    const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
    return { valid: false, feedback: `Fix these problems: ${problems.join('; ')}` };
  },
});
