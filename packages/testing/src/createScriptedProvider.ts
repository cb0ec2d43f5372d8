import { ERROR_CODES, TroupeError, type ErrorCode, type ModelRequest, type ModelResult, type ProviderContext, type ProviderDescriptor } from '@troupe/sdk';
import { systemClock, type Clock } from '@troupe/runtime';

/** One scripted model turn. */
export interface ScriptedReply {
  /** The reply text. Default `""`. */
  readonly text?: string;
  /** Structured output (for outputFormat json); default: parsed from text by the engine. */
  readonly output?: unknown;
  /** Streamed through ctx.emit before replying; default: `text` split after each space. */
  readonly tokens?: readonly string[];
  /** Wait this long (on the provider's clock) before replying; an abort ends the wait. */
  readonly delayMs?: number;
  /** Wait this long between streamed tokens. */
  readonly tokenDelayMs?: number;
  /** Fail instead of replying: a TroupeError code (E_…) keeps its code; other codes become a plain Error with `.code`. */
  readonly error?: { readonly code?: string; readonly message: string };
  /** Tool calls made through ctx.callTool before replying; results land in the recorded call. */
  readonly toolCalls?: readonly { readonly toolId: string; readonly input: unknown }[];
  readonly usage?: ModelResult['usage'];
}

export type ScriptedResponder =
  | string
  | ScriptedReply
  | ((request: ModelRequest, ctx: ProviderContext, call: number) => string | ScriptedReply | Promise<string | ScriptedReply>);

/** What the provider saw on one call. */
export interface ScriptedCall {
  readonly request: ModelRequest;
  readonly runId: string;
  readonly taskId: string;
  readonly attempt: number;
  readonly roleId: string;
  readonly personaId: string;
  readonly idempotencyKey: string;
  readonly secrets: Readonly<Record<string, string>>;
  /** Results (or errors) of the scripted tool calls, in order. */
  readonly toolResults: unknown[];
  /** Whether the call ended because its signal fired. */
  aborted: boolean;
}

export interface ScriptedProviderOptions {
  readonly id: string;
  /** Replies in order, whatever the task; the last one repeats. Default: echo the last user message. */
  readonly replies?: readonly ScriptedResponder[];
  /** Replies per task id (a list is consumed in order, the last one repeating); wins over `replies`. */
  readonly byTask?: Readonly<Record<string, ScriptedResponder | readonly ScriptedResponder[]>>;
  /** Clock for delays; pass the engine's fake clock to keep tests free of real waiting. */
  readonly clock?: Clock;
  readonly requiredSecrets?: readonly string[];
  readonly displayName?: string;
}

export interface ScriptedProvider {
  readonly descriptor: ProviderDescriptor;
  readonly calls: readonly ScriptedCall[];
}

const ECHO: ScriptedResponder = (request) => `echo: ${request.messages[request.messages.length - 1]?.content ?? ''}`;

/**
 * A deterministic model provider for tests (the engine's and pack authors'
 * own): scripted replies per task or in order, streamed tokens, injectable
 * failures and delays that honour the abort signal, and a record of calls.
 */
export function createScriptedProvider(options: ScriptedProviderOptions): ScriptedProvider {
  const calls: ScriptedCall[] = [];
  const clock = options.clock ?? systemClock;
  const globalQueue = [...(options.replies ?? [ECHO])];
  const taskQueues = new Map<string, ScriptedResponder[]>();
  for (const [taskId, replies] of Object.entries(options.byTask ?? {})) {
    taskQueues.set(taskId, Array.isArray(replies) ? [...(replies as readonly ScriptedResponder[])] : [replies as ScriptedResponder]);
  }
  const take = (queue: ScriptedResponder[]): ScriptedResponder => (queue.length > 1 ? queue.shift()! : queue[0]!);

  const wait = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        clock.clearTimeout(handle);
        reject(signal.reason);
      };
      const handle = clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });

  const descriptor: ProviderDescriptor = {
    kind: 'provider',
    id: options.id,
    payload: {
      ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
      ...(options.requiredSecrets !== undefined ? { requiredSecrets: options.requiredSecrets } : {}),
      async generate(request, ctx) {
        const call: ScriptedCall = {
          request,
          runId: ctx.runId,
          taskId: ctx.taskId,
          attempt: ctx.attempt,
          roleId: ctx.roleId,
          personaId: ctx.personaId,
          idempotencyKey: ctx.idempotencyKey,
          secrets: ctx.secrets,
          toolResults: [],
          aborted: false,
        };
        calls.push(call);
        const queue = taskQueues.get(ctx.taskId) ?? globalQueue;
        const responder = take(queue);
        try {
          const answer = typeof responder === 'function' ? await responder(request, ctx, calls.length) : responder;
          const reply: ScriptedReply = typeof answer === 'string' ? { text: answer } : answer;
          if (reply.delayMs) await wait(reply.delayMs, ctx.signal);
          for (const toolCall of reply.toolCalls ?? []) {
            try {
              call.toolResults.push(await ctx.callTool(toolCall.toolId, toolCall.input));
            } catch (error) {
              call.toolResults.push(error);
              throw error;
            }
          }
          if (reply.error) {
            const code = reply.error.code;
            if (code !== undefined && code.startsWith('E_') && isKnownCode(code)) throw new TroupeError(code as ErrorCode, {}, { message: reply.error.message });
            throw Object.assign(new Error(reply.error.message), code !== undefined ? { code } : {});
          }
          const text = reply.text ?? '';
          const tokens = reply.tokens ?? text.match(/\S+\s*/g) ?? [];
          for (const token of tokens) {
            ctx.signal.throwIfAborted();
            if (reply.tokenDelayMs) await wait(reply.tokenDelayMs, ctx.signal);
            ctx.emit(token);
          }
          ctx.signal.throwIfAborted();
          return {
            text,
            ...(reply.output !== undefined ? { output: reply.output } : {}),
            ...(reply.usage !== undefined ? { usage: reply.usage } : {}),
          };
        } catch (error) {
          if (ctx.signal.aborted) call.aborted = true;
          throw error;
        }
      },
    },
  };
  return { descriptor, calls };
}

function isKnownCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
