import { TroupeError, type JsonValue, type ModelRequest, type ModelResult, type ProviderContext, type ProviderDescriptor } from '@troupe/sdk';
import { DEFAULTS, type ModelPrice, type OpenAICompatibleOptions } from './options.js';
import { requestCompletion, sleep, type HttpDeps } from './requestCompletion.js';
import { toWireMessages, toWireTools, type CompletionTurn, type WireMessage } from './wire.js';

export const PROVIDER_ID = 'openai-compatible';
export const API_KEY_SECRET = 'openai.apiKey';

/** Persona `settings` passed on to the endpoint; anything else stays out of the request. */
const PASSED_SETTINGS = ['temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'seed', 'stop', 'presence_penalty', 'frequency_penalty', 'reasoning_effort'] as const;

export interface ProviderOverrides extends Partial<HttpDeps> {
  /** Provider id; default `openai-compatible`. */
  readonly id?: string;
}

/**
 * A model provider for an OpenAI-compatible chat-completions endpoint. Each
 * model turn is one HTTP call whose usage (and cost, when the model has a
 * price) is recorded with `ctx.recordUsage`; tool calls of the model run
 * through `ctx.callTool` (the role's tool list and the task's guardrails
 * apply) and their results go back to the model, for at most `maxToolRounds`
 * turns.
 */
export function createOpenAICompatibleProvider(options: OpenAICompatibleOptions, overrides: ProviderOverrides = {}): ProviderDescriptor {
  const settings = { ...DEFAULTS, ...options };
  const deps: HttpDeps = { fetch: overrides.fetch ?? ((...args) => fetch(...args)), sleep: overrides.sleep ?? sleep, random: overrides.random ?? Math.random };
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const bearer = settings.auth === 'bearer';
  return {
    kind: 'provider',
    id: overrides.id ?? PROVIDER_ID,
    payload: {
      displayName: `OpenAI-compatible (${new URL(options.baseUrl).host})`,
      ...(bearer ? { requiredSecrets: [API_KEY_SECRET] } : {}),
      async generate(request: ModelRequest, ctx: ProviderContext): Promise<ModelResult> {
        const model = request.model ?? settings.model;
        const apiKey = bearer ? ctx.secrets[API_KEY_SECRET] : undefined;
        const messages: WireMessage[] = toWireMessages(request.messages);
        const { tools, toolIdOf } = toWireTools(request.tools);
        const extra = passedSettings(request.settings);
        const price = model !== undefined ? settings.prices?.[model] : undefined;
        let inputTokens = 0;
        let outputTokens = 0;
        let costUsd: number | undefined;
        for (let round = 0; ; round++) {
          const body = {
            ...extra,
            ...(model !== undefined ? { model } : {}),
            messages,
            ...(tools.length > 0 ? { tools } : {}),
            ...(request.outputFormat === 'json' ? { response_format: { type: 'json_object' } } : {}),
            ...(settings.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
          };
          const turn = await requestCompletion(
            {
              url,
              apiKey,
              body,
              stream: settings.stream,
              signal: ctx.signal,
              requestTimeoutMs: settings.requestTimeoutMs,
              maxRetries: settings.maxRetries,
              retryBaseDelayMs: settings.retryBaseDelayMs,
              maxRetryDelayMs: settings.maxRetryDelayMs,
              emit: (text) => ctx.emit(text),
            },
            deps,
          );
          const usage = usageOf(turn, model, price ?? (turn.model !== undefined ? settings.prices?.[turn.model] : undefined));
          inputTokens += usage.inputTokens;
          outputTokens += usage.outputTokens;
          if (usage.costUsd !== undefined) costUsd = (costUsd ?? 0) + usage.costUsd;
          ctx.recordUsage(usage);
          ctx.signal.throwIfAborted();
          if (turn.toolCalls.length === 0) {
            const output = request.outputFormat === 'json' ? parseJsonReply(turn.content) : undefined;
            return {
              text: turn.content,
              ...(output !== undefined ? { output } : {}),
              usage: { inputTokens, outputTokens, ...(costUsd !== undefined ? { costUsd } : {}), ...(usage.model !== undefined ? { model: usage.model } : {}) },
            };
          }
          if (round >= settings.maxToolRounds) throw new TroupeError('E_PROVIDER_TOOL_ROUNDS', { rounds: settings.maxToolRounds, taskId: ctx.taskId });
          messages.push({ role: 'assistant', content: turn.content.length > 0 ? turn.content : null, tool_calls: turn.toolCalls });
          for (const call of turn.toolCalls) {
            let input: unknown;
            try {
              input = call.function.arguments.trim() === '' ? {} : (JSON.parse(call.function.arguments) as unknown);
            } catch {
              // The model can fix its own typo: it is told, and the turn goes on.
              messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify({ error: 'the arguments are not valid JSON; call the tool again with a JSON object' }) });
              continue;
            }
            const result = await ctx.callTool(toolIdOf(call.function.name), input);
            messages.push({ role: 'tool', tool_call_id: call.id, content: typeof result === 'string' ? result : JSON.stringify(result ?? null) });
          }
        }
      },
    },
  };
}

function usageOf(turn: CompletionTurn, model: string | undefined, price: ModelPrice | undefined): { inputTokens: number; outputTokens: number; costUsd?: number; model?: string } {
  const inputTokens = count(turn.usage?.prompt_tokens);
  const outputTokens = count(turn.usage?.completion_tokens);
  const answeredBy = turn.model ?? model;
  return {
    inputTokens,
    outputTokens,
    ...(price ? { costUsd: (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000 } : {}),
    ...(answeredBy !== undefined ? { model: answeredBy } : {}),
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function passedSettings(settings: { readonly [key: string]: JsonValue } | undefined): Record<string, JsonValue> {
  const passed: Record<string, JsonValue> = {};
  if (!settings) return passed;
  for (const key of PASSED_SETTINGS) if (Object.prototype.hasOwnProperty.call(settings, key)) passed[key] = settings[key]!;
  return passed;
}

/**
 * A JSON-mode reply: the JSON itself, or the JSON inside one ```json fence
 * (small models add one). Undefined when neither parses: the engine then
 * fails the task with E_OUTPUT_INVALID.
 */
function parseJsonReply(text: string): unknown {
  for (const candidate of [text, /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(text)?.[1]]) {
    if (candidate === undefined) continue;
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next form
    }
  }
  return undefined;
}
