import type { ModelMessage, ModelToolInfo } from '@troupe/sdk';

/** A chat message as the endpoint reads it. */
export type WireMessage =
  | { readonly role: 'system' | 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string | null; readonly tool_calls?: readonly WireToolCall[] }
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string };

export interface WireToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

export interface WireUsage {
  readonly prompt_tokens?: number;
  readonly completion_tokens?: number;
}

/** One model turn, read from a JSON reply or a stream. */
export interface CompletionTurn {
  readonly content: string;
  readonly toolCalls: readonly WireToolCall[];
  readonly usage?: WireUsage;
  /** The model the endpoint says answered. */
  readonly model?: string;
}

/**
 * The engine's messages as chat messages. A `tool` message of the engine
 * carries no call id (it is a transcript, not a reply to a call of this
 * turn), so it goes in as user text.
 */
export function toWireMessages(messages: readonly ModelMessage[]): WireMessage[] {
  return messages.map((message) =>
    message.role === 'tool'
      ? { role: 'user', content: `Tool result:\n${message.content}` }
      : message.role === 'assistant'
        ? { role: 'assistant', content: message.content }
        : { role: message.role, content: message.content },
  );
}

/** Function names an endpoint accepts: `^[a-zA-Z0-9_-]{1,64}$`. */
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * The seat's tools as `tools` of the request. Tool ids that are not valid
 * function names (`github.pr`) get a stand-in (`github_pr`, made unique);
 * `toolIdOf` maps the name a model calls back to the tool id.
 */
export function toWireTools(tools: readonly ModelToolInfo[]): { tools: unknown[]; toolIdOf: (name: string) => string } {
  const byName = new Map<string, string>();
  const wire = tools.map((tool) => {
    let name = NAME.test(tool.id) ? tool.id : tool.id.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 60) || 'tool';
    for (let n = 2; byName.has(name); n++) name = `${name.slice(0, 60)}_${n}`;
    byName.set(name, tool.id);
    return {
      type: 'function',
      function: {
        name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.inputSchema ?? { type: 'object', properties: {} },
      },
    };
  });
  // An unknown name goes to ctx.callTool as is: the role's tool list refuses it (E_TOOL_FORBIDDEN).
  return { tools: wire, toolIdOf: (name) => byName.get(name) ?? name };
}
