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

/** The example workflow: greet → shout, tool tasks only, so it runs anywhere. */
export const helloWorkflow = defineWorkflow({
  id: 'hello',
  version: '1.0.0',
  displayName: 'Hello',
  description: 'Greets a name, then shouts the greeting.',
  goalSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
  tasks: [
    { id: 'greet', executor: { type: 'tool', toolId: 'greet' }, input: { name: { from: 'input.name' } } },
    { id: 'shout', dependsOn: ['greet'], executor: { type: 'tool', toolId: 'shout' }, input: { text: { from: 'tasks.greet.output.greeting' } } },
  ],
  output: { from: 'tasks.shout.output.text' },
});

/**
 * A model provider that needs no network and answers the same request with
 * the same text: it echoes the last user message after the persona's
 * instructions, so gmi tasks can run in tests, demos and CI.
 */
export const echoProvider = defineProvider({
  id: 'hello-echo',
  displayName: 'Deterministic echo (local, no network)',
  async generate(request: ModelRequest, ctx) {
    const prompt = [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '';
    const text = `Hello! You said: ${prompt}`;
    ctx.emit(text);
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
  descriptors: [greet, shout, helloWorkflow, echoProvider, greeter],
  activate(ctx) {
    ctx.logger.info({ version: ctx.packVersion }, 'hello pack ready');
  },
});
