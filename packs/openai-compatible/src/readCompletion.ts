import { TroupeError } from '@troupe/sdk';
import { createParser } from 'eventsource-parser';
import type { CompletionTurn, WireToolCall, WireUsage } from './wire.js';

/** Longest SSE line or event the parser buffers (a hostile endpoint cannot grow memory without bound). */
const MAX_EVENT_CHARS = 4 * 1024 * 1024;
/** Longest reply text, tool-call arguments included. */
const MAX_REPLY_CHARS = 8 * 1024 * 1024;

interface StreamDelta {
  readonly content?: unknown;
  readonly tool_calls?: readonly { readonly index?: unknown; readonly id?: unknown; readonly function?: { readonly name?: unknown; readonly arguments?: unknown } }[];
}

interface StreamChunk {
  readonly model?: unknown;
  readonly choices?: readonly { readonly delta?: StreamDelta; readonly finish_reason?: unknown }[];
  readonly usage?: WireUsage | null;
  readonly error?: { readonly message?: unknown };
}

/** What reading a stream needs from the caller: where chunks go, and how to tell a timeout or abort from a broken stream. */
export interface StreamReading {
  readonly url: string;
  emit(text: string): void;
  /** Called for every chunk received (resets the idle timeout). */
  onActivity(): void;
  /** The error to throw when the body failed because the request was aborted (timeout, cancel), if it was. */
  abortError(): unknown;
}

/**
 * Reads a server-sent-event chat-completion stream: text deltas go to the
 * seat as they arrive, tool-call deltas are joined by index, usage comes from
 * the last chunk (`stream_options.include_usage`). A stream that is not JSON,
 * breaks off before its end, or reports an error fails with
 * E_PROVIDER_STREAM_MALFORMED.
 */
export async function readCompletionStream(body: ReadableStream<Uint8Array>, reading: StreamReading): Promise<CompletionTurn> {
  const malformed = (reason: string, cause?: unknown): TroupeError =>
    new TroupeError('E_PROVIDER_STREAM_MALFORMED', { url: reading.url, reason }, cause === undefined ? {} : { cause });
  let content = '';
  let size = 0;
  const calls: { id: string; name: string; arguments: string }[] = [];
  let usage: WireUsage | undefined;
  let model: string | undefined;
  let finished = false;
  let done = false;
  let failure: TroupeError | undefined;
  const parser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') failure ??= malformed('an event is larger than 4 MiB');
    },
    onEvent: (event) => {
      if (failure || done) return;
      if (event.data === '[DONE]') {
        done = true;
        return;
      }
      let chunk: StreamChunk;
      try {
        chunk = JSON.parse(event.data) as StreamChunk;
      } catch (error) {
        failure = malformed('a data line is not JSON', error);
        return;
      }
      if (typeof chunk !== 'object' || chunk === null) {
        failure = malformed('a data line is not a JSON object');
        return;
      }
      if (chunk.error !== undefined) {
        failure = malformed(`the endpoint reported an error mid-stream: ${String(chunk.error?.message ?? 'unknown')}`.slice(0, 500));
        return;
      }
      if (typeof chunk.model === 'string') model = chunk.model;
      if (chunk.usage) usage = chunk.usage;
      const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
      if (!choice) return;
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) finished = true;
      const delta = choice.delta;
      if (typeof delta?.content === 'string' && delta.content.length > 0) {
        size += delta.content.length;
        content += delta.content;
        reading.emit(delta.content);
      }
      for (const part of Array.isArray(delta?.tool_calls) ? delta.tool_calls : []) {
        const index = typeof part.index === 'number' && Number.isInteger(part.index) && part.index >= 0 && part.index < 128 ? part.index : calls.length;
        const call = (calls[index] ??= { id: '', name: '', arguments: '' });
        if (typeof part.id === 'string') call.id = part.id;
        if (typeof part.function?.name === 'string') call.name += part.function.name;
        if (typeof part.function?.arguments === 'string') {
          size += part.function.arguments.length;
          call.arguments += part.function.arguments;
        }
      }
      if (size > MAX_REPLY_CHARS) failure = malformed('the reply is larger than 8 MiB');
    },
  });
  // A TextDecoder on the body's own reader: cheaper than piping through a TextDecoderStream.
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let ended = false;
  try {
    // After [DONE], one more read normally finds the end of the body: a body read to its end
    // lets the connection go back to the keep-alive pool (a cancelled one is closed).
    for (let afterDone = 0; !failure && afterDone < 2; afterDone += done ? 1 : 0) {
      let next: { done: boolean; value?: Uint8Array };
      try {
        next = await reader.read();
      } catch (error) {
        if (done) break;
        throw reading.abortError() ?? malformed('the connection broke mid-stream', error);
      }
      if (next.done) {
        ended = true;
        break;
      }
      reading.onActivity();
      if (next.value !== undefined && !done) parser.feed(decoder.decode(next.value, { stream: true }));
    }
  } finally {
    if (!ended) reader.cancel().catch(() => undefined);
  }
  if (failure) throw failure;
  // `[DONE]` ends a stream; a stream that reached its finish_reason is complete enough.
  if (!done && !finished) throw malformed('the stream ended before its last chunk ([DONE])');
  const toolCalls: WireToolCall[] = calls
    .filter((call) => call !== undefined && call.name.length > 0)
    .map((call, index) => ({ id: call.id || `call_${index + 1}`, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  return { content, toolCalls, ...(usage ? { usage } : {}), ...(model !== undefined ? { model } : {}) };
}

interface JsonCompletion {
  readonly model?: unknown;
  readonly choices?: readonly { readonly message?: { readonly content?: unknown; readonly tool_calls?: readonly { readonly id?: unknown; readonly function?: { readonly name?: unknown; readonly arguments?: unknown } }[] } }[];
  readonly usage?: WireUsage | null;
}

/** Reads a non-streamed chat completion; its text goes to the seat in one piece. */
export function readCompletionJson(text: string, url: string, emit: (text: string) => void): CompletionTurn {
  let body: JsonCompletion;
  try {
    body = JSON.parse(text) as JsonCompletion;
  } catch (error) {
    throw new TroupeError('E_PROVIDER_STREAM_MALFORMED', { url, reason: 'the reply is not JSON' }, { cause: error });
  }
  const message = typeof body === 'object' && body !== null && Array.isArray(body.choices) ? body.choices[0]?.message : undefined;
  if (!message) throw new TroupeError('E_PROVIDER_STREAM_MALFORMED', { url, reason: 'the reply has no choices[0].message' });
  const content = typeof message.content === 'string' ? message.content : '';
  if (content.length > 0) emit(content);
  const listed: NonNullable<NonNullable<JsonCompletion['choices']>[number]['message']>['tool_calls'] = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  const toolCalls: WireToolCall[] = listed!
    .filter((call) => typeof call?.function?.name === 'string' && call.function.name.length > 0)
    .map((call, index) => ({
      id: typeof call.id === 'string' ? call.id : `call_${index + 1}`,
      type: 'function',
      function: { name: call.function!.name as string, arguments: typeof call.function!.arguments === 'string' ? call.function!.arguments : JSON.stringify(call.function!.arguments ?? {}) },
    }));
  return { content, toolCalls, ...(body.usage ? { usage: body.usage } : {}), ...(typeof body.model === 'string' ? { model: body.model } : {}) };
}
