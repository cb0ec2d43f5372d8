import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tool call the fake model makes. `arguments` is sent as JSON unless it is already a string. */
export interface FakeToolCall {
  readonly name: string;
  readonly arguments?: unknown;
  /** Default `call_<n>`. */
  readonly id?: string;
}

/** An assistant turn: text (streamed in `chunks` when the client asks for a stream) and/or tool calls. */
export interface FakeMessageReply {
  /** The reply text. Default: the chunks joined, or `""`. */
  readonly text?: string;
  /** How the text is streamed. Default: `text` split after each space. */
  readonly chunks?: readonly string[];
  readonly toolCalls?: readonly FakeToolCall[];
  /** Reported usage; default: about a token per 4 characters of the prompt and the reply. `false`: none reported. */
  readonly usage?: { readonly promptTokens: number; readonly completionTokens: number } | false;
  /** Real milliseconds between streamed chunks (a slow model). */
  readonly chunkDelayMs?: number;
  /**
   * Breaks the stream after this many chunks: `garbage` sends a data line that
   * is not JSON, `cut` ends the response without `[DONE]`.
   */
  readonly breakAfter?: number;
  readonly breakWith?: 'garbage' | 'cut';
}

/** An HTTP error, e.g. `{ status: 429, retryAfter: 1 }` or `{ status: 401 }`. */
export interface FakeErrorReply {
  readonly status: number;
  /** Sent as the `Retry-After` header (seconds, or an HTTP date string). */
  readonly retryAfter?: number | string;
  readonly message?: string;
}

export type FakeReply = string | FakeMessageReply | FakeErrorReply;

/** One request the server received. */
export interface FakeChatRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body (`model`, `messages`, `stream`, `tools`, `response_format`, ...). */
  readonly body: FakeChatBody;
}

export interface FakeChatBody {
  readonly model?: string;
  readonly messages: readonly { readonly role: string; readonly content?: string | null; readonly tool_call_id?: string; readonly tool_calls?: readonly unknown[] }[];
  readonly stream?: boolean;
  readonly tools?: readonly { readonly type: string; readonly function: { readonly name: string; readonly description?: string; readonly parameters?: unknown } }[];
  readonly response_format?: { readonly type: string };
  readonly [key: string]: unknown;
}

export type FakeResponder = (request: FakeChatRequest, call: number) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAIServerOptions {
  /** Answers requests once the queue (`enqueue`) is empty. Default: `You said: <last user message>`. */
  readonly respond?: FakeResponder;
  /** When set, a request without `Authorization: Bearer <apiKey>` gets a 401. */
  readonly apiKey?: string;
}

export interface FakeOpenAIServer {
  /** `http://127.0.0.1:<port>/v1`: the base URL to give a client. */
  readonly baseUrl: string;
  /** Every chat-completion request received (refused ones too), in order. */
  readonly requests: readonly FakeChatRequest[];
  /** Replies for the next requests, in order (then `respond` takes over). */
  enqueue(...replies: FakeReply[]): void;
  /** Stops listening and drops open (slow) responses. */
  close(): Promise<void>;
}

/**
 * A local HTTP server that speaks the OpenAI chat-completions wire format
 * (`POST /v1/chat/completions`, JSON or SSE stream with `[DONE]`, tool calls,
 * usage, error bodies, `Retry-After`), for tests without a network.
 */
export async function startFakeOpenAIServer(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
  const queue: FakeReply[] = [];
  const requests: FakeChatRequest[] = [];
  const respond = options.respond ?? echo;
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, error instanceof Error ? error.message : String(error));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) return sendError(res, 404, `no route ${req.method} ${path}`);
    let body: FakeChatBody;
    try {
      body = JSON.parse(raw) as FakeChatBody;
    } catch {
      return sendError(res, 400, 'the body is not JSON');
    }
    if (!Array.isArray(body.messages)) return sendError(res, 400, "'messages' is required");
    const request: FakeChatRequest = { path, headers: req.headers, body };
    requests.push(request);
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) return sendError(res, 401, 'Incorrect API key provided');
    const reply = queue.length > 0 ? queue.shift()! : await respond(request, requests.length);
    const shaped: FakeMessageReply | FakeErrorReply = typeof reply === 'string' ? { text: reply } : reply;
    if ('status' in shaped) {
      if (shaped.retryAfter !== undefined) res.setHeader('retry-after', String(shaped.retryAfter));
      return sendError(res, shaped.status, shaped.message ?? `fake error ${shaped.status}`);
    }
    if (body.stream === true) return stream(res, body, shaped);
    const text = shaped.text ?? shaped.chunks?.join('') ?? '';
    const toolCalls = (shaped.toolCalls ?? []).map(wireToolCall);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: 0,
        model: body.model ?? 'fake',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: toolCalls.length > 0 && text === '' ? null : text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
            finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
          },
        ],
        ...usageOf(shaped, body, text),
      }),
    );
  }

  async function stream(res: ServerResponse, body: FakeChatBody, reply: FakeMessageReply): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const id = `chatcmpl-${requests.length}`;
    const model = body.model ?? 'fake';
    const chunk = (delta: unknown, finish: string | null = null): string =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const text = reply.text ?? reply.chunks?.join('') ?? '';
    const pieces = reply.chunks ?? text.match(/\S+\s*|\s+/g) ?? [];
    const toolCalls = (reply.toolCalls ?? []).map(wireToolCall);
    // Tool calls stream as a header (id, name) then their arguments in two halves, as hosted APIs do.
    const frames: string[] = [chunk({ role: 'assistant', content: '' })];
    for (const piece of pieces) frames.push(chunk({ content: piece }));
    toolCalls.forEach((call, index) => {
      const args = call.function.arguments;
      const half = Math.floor(args.length / 2);
      frames.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }));
      frames.push(chunk({ tool_calls: [{ index, function: { arguments: args.slice(0, half) } }] }));
      frames.push(chunk({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }));
    });
    frames.push(chunk({}, toolCalls.length > 0 ? 'tool_calls' : 'stop'));
    const usage = usageOf(reply, body, text);
    if (usage.usage) frames.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model, choices: [], usage: usage.usage })}\n\n`);
    frames.push('data: [DONE]\n\n');
    for (let at = 0; at < frames.length; at++) {
      // breakAfter counts text chunks: frame 0 is the role frame.
      if (reply.breakAfter !== undefined && at === reply.breakAfter + 1) {
        if (reply.breakWith === 'garbage') res.write('data: {"choices": [ this is not json\n\n');
        res.end();
        return;
      }
      if (res.destroyed) return;
      res.write(frames[at]);
      if (reply.chunkDelayMs && at > 0 && at < frames.length - 1) await delay(reply.chunkDelayMs, res);
    }
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const echo: FakeResponder = (request) => {
  const last = [...request.body.messages].reverse().find((message) => message.role === 'user');
  return `You said: ${last?.content ?? ''}`;
};

function wireToolCall(call: FakeToolCall, index: number): { id: string; type: 'function'; function: { name: string; arguments: string } } {
  const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
  return { id: call.id ?? `call_${index + 1}`, type: 'function', function: { name: call.name, arguments: args } };
}

function usageOf(reply: FakeMessageReply, body: FakeChatBody, text: string): { usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } } {
  if (reply.usage === false) return {};
  const prompt = reply.usage?.promptTokens ?? Math.ceil(body.messages.reduce((sum, message) => sum + (message.content?.length ?? 0), 0) / 4);
  const completion = reply.usage?.completionTokens ?? Math.ceil(text.length / 4);
  return { usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } };
}

function sendError(res: ServerResponse, status: number, message: string): void {
  const type = status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type, code: null } }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** Waits, or ends early when the client went away. */
function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.once('close', done);
  });
}
