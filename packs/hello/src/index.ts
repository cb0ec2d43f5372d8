import { definePack, definePersona, defineProvider, defineTool, defineWorkflow, type ModelRequest } from '@troupe/sdk';

export interface GreetInput {
  readonly name: string;
}

export interface ShoutInput {
  readonly text: string;
}

/** `greet`: the friendly half of the hello workflow. */
export const greet = defineTool<GreetInput, { greeting: string }>({
  id: 'greet',
  description: 'Greets someone by name.',
  inputSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
  outputSchema: { type: 'object', required: ['greeting'], properties: { greeting: { type: 'string' } } },
  execute: ({ name }) => ({ greeting: `Hello, ${name}!` }),
});

/** `shout`: upper-cases a text. */
export const shout = defineTool<ShoutInput, { text: string }>({
  id: 'shout',
  description: 'Upper-cases a text.',
  inputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
  outputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
  execute: ({ text }) => ({ text: text.toUpperCase() }),
});

export interface MeasureInput {
  readonly text: string;
}

/** `measure`: counts the words and letters of a text. */
export const measure = defineTool<MeasureInput, { words: number; letters: number }>({
  id: 'measure',
  description: 'Counts the words and letters of a text.',
  inputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
  outputSchema: { type: 'object', required: ['words', 'letters'], properties: { words: { type: 'integer' }, letters: { type: 'integer' } } },
  execute: ({ text }) => ({ words: text.split(/\s+/).filter(Boolean).length, letters: (text.match(/\p{L}/gu) ?? []).length }),
});

/**
 * The example workflow: `greet` (a tool), then two branches in parallel —
 * `welcome` (a seat: the `host` role, played by the greeter persona on the
 * local model provider) and `measure` (a tool) — joined by `shout`.
 * Deterministic and fast, so it runs anywhere: demos, CI, tests.
 */
export const helloWorkflow = defineWorkflow({
  id: 'hello',
  version: '1.1.0',
  displayName: 'Hello',
  description: 'Greets a name (default "World"), has the host seat welcome the guest and measures the greeting, then shouts it.',
  roles: [{ roleId: 'host', displayName: 'Host', personaId: 'greeter' }],
  goalSchema: { type: 'object', properties: { name: { type: 'string', minLength: 1 } } },
  tasks: [
    { id: 'greet', executor: { type: 'tool', toolId: 'greet' }, input: { name: { from: 'input.name || "World"' } } },
    {
      id: 'welcome',
      dependsOn: ['greet'],
      executor: { type: 'gmi', roleId: 'host', instructions: 'Welcome the guest to Troupe in one line.' },
      input: { greeting: { from: 'tasks.greet.output.greeting' } },
    },
    { id: 'measure', dependsOn: ['greet'], executor: { type: 'tool', toolId: 'measure' }, input: { text: { from: 'tasks.greet.output.greeting' } } },
    { id: 'shout', dependsOn: ['welcome', 'measure'], executor: { type: 'tool', toolId: 'shout' }, input: { text: { from: 'tasks.greet.output.greeting' } } },
  ],
  output: {
    greeting: { from: 'tasks.shout.output.text' },
    welcome: { from: 'tasks.welcome.output' },
    words: { from: 'tasks.measure.output.words' },
  },
});

/** Longest reply of the echo provider; longer prompts are cut. */
const ECHO_LIMIT = 160;

/**
 * A model provider that needs no network and answers the same request with
 * the same text: "Hello! You said: " and the last user message on one line
 * (cut at 160 characters). It streams the reply a few words at a time, so
 * seats show tokens arriving, as with a real model.
 */
export const echoProvider = defineProvider({
  id: 'hello-echo',
  displayName: 'Deterministic echo (local, no network)',
  async generate(request: ModelRequest, ctx) {
    const prompt = [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '';
    const said = prompt.replace(/\s+/g, ' ').trim();
    const text = `Hello! You said: ${said.length <= ECHO_LIMIT ? said : `${said.slice(0, ECHO_LIMIT - 1)}…`}`;
    const words = text.split(' ');
    for (let at = 0; at < words.length; at += 4) {
      ctx.emit(`${at > 0 ? ' ' : ''}${words.slice(at, at + 4).join(' ')}`);
      // Yield between chunks so each reaches the seat as its own update.
      if (at + 4 < words.length) await new Promise((resolve) => setImmediate(resolve));
    }
    if (request.outputFormat === 'json') return { text: JSON.stringify({ reply: text }), output: { reply: text } };
    return { text, usage: { inputTokens: prompt.length, outputTokens: text.length } };
  },
});

export const greeter = definePersona({
  id: 'greeter',
  displayName: 'Greeter',
  instructions: 'You greet people warmly and briefly.',
  providerId: 'hello-echo',
  capabilities: ['greeting'],
});

export default definePack({
  descriptors: [greet, shout, measure, helloWorkflow, echoProvider, greeter],
  activate(ctx) {
    ctx.logger.info({ version: ctx.packVersion }, 'hello pack ready');
  },
});
