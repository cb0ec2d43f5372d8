import { TroupeError, type ModelRequest, type ModelUsage, type ProviderContext } from '@troupe/sdk';
import { RecordingLogger, startFakeOpenAIServer, type FakeOpenAIServer } from '@troupe/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAICompatibleProvider, type ProviderOverrides } from './createOpenAICompatibleProvider.js';
import type { OpenAICompatibleOptions } from './options.js';

let server: FakeOpenAIServer;
beforeEach(async () => {
  server = await startFakeOpenAIServer({ apiKey: 'sk-test' });
});
afterEach(async () => {
  await server.close();
});

const ask = (content: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content },
  ],
  tools: [],
  outputFormat: 'text',
  ...extra,
});

/** A provider context as the engine builds one, recording what the provider does with it. */
function context(options: { tools?: Record<string, (input: unknown) => unknown>; onEmit?: (chunk: string) => void } = {}) {
  const controller = new AbortController();
  const chunks: string[] = [];
  const usage: ModelUsage[] = [];
  const toolCalls: { toolId: string; input: unknown }[] = [];
  const ctx: ProviderContext = {
    runId: 'run-1',
    taskId: 'answer',
    attempt: 1,
    idempotencyKey: 'run-1:answer',
    signal: controller.signal,
    secrets: { 'openai.apiKey': 'sk-test' },
    logger: new RecordingLogger(),
    roleId: 'writer',
    personaId: 'openai-assistant',
    emit: (chunk) => {
      chunks.push(chunk);
      options.onEmit?.(chunk);
    },
    callTool: async (toolId, input) => {
      toolCalls.push({ toolId, input });
      const tool = options.tools?.[toolId];
      if (!tool) throw new TroupeError('E_TOOL_FORBIDDEN', { roleId: 'writer', toolId });
      return tool(input);
    },
    recordUsage: (call) => void usage.push(call),
  };
  return { ctx, controller, chunks, usage, toolCalls };
}

/** Retry waits are recorded, not waited. */
function provider(options: Partial<OpenAICompatibleOptions> = {}, overrides: ProviderOverrides = {}) {
  const waits: number[] = [];
  const descriptor = createOpenAICompatibleProvider(
    { baseUrl: server.baseUrl, model: 'small-1', ...options },
    { sleep: async (ms) => void waits.push(ms), random: () => 0.5, ...overrides },
  );
  return { generate: descriptor.payload.generate, descriptor, waits };
}

describe('the OpenAI-compatible provider', () => {
  it('streams the reply into the seat, sends model, messages and the API key, and records usage', async () => {
    server.enqueue({ chunks: ['Hello', ', ', 'Ada', '!'], usage: { promptTokens: 12, completionTokens: 4 } });
    const { generate } = provider();
    const { ctx, chunks, usage } = context();
    const result = await generate(ask('Greet Ada'), ctx);
    expect(result.text).toBe('Hello, Ada!');
    expect(chunks).toEqual(['Hello', ', ', 'Ada', '!']);
    expect(usage).toEqual([{ inputTokens: 12, outputTokens: 4, model: 'small-1' }]);
    const request = server.requests[0]!;
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(request.body).toMatchObject({ model: 'small-1', stream: true, stream_options: { include_usage: true } });
    expect(request.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Greet Ada' },
    ]);
  });

  it('prices each call when the model has a price, and passes only known persona settings', async () => {
    server.enqueue({ text: 'ok', usage: { promptTokens: 1_000_000, completionTokens: 500_000 } });
    const { generate } = provider({ prices: { 'small-1': { inputPerMillion: 0.5, outputPerMillion: 2 } } });
    const { ctx, usage } = context();
    const result = await generate(ask('hi', { settings: { temperature: 0.2, baseUrl: 'http://evil.example', max_tokens: 50 } }), ctx);
    expect(usage[0]!.costUsd).toBeCloseTo(1.5);
    expect(result.usage).toMatchObject({ inputTokens: 1_000_000, outputTokens: 500_000, costUsd: 1.5 });
    expect(server.requests[0]!.body).toMatchObject({ temperature: 0.2, max_tokens: 50 });
    expect(server.requests[0]!.body.baseUrl).toBeUndefined();
  });

  it('works without streaming (one JSON reply)', async () => {
    server.enqueue({ text: 'Whole reply.', usage: { promptTokens: 3, completionTokens: 2 } });
    const { generate } = provider({ stream: false });
    const { ctx, chunks, usage } = context();
    const result = await generate(ask('hi'), ctx);
    expect(result.text).toBe('Whole reply.');
    expect(chunks).toEqual(['Whole reply.']);
    expect(usage).toEqual([{ inputTokens: 3, outputTokens: 2, model: 'small-1' }]);
    expect(server.requests[0]!.body.stream).toBeUndefined();
  });

  it('asks for JSON output and returns it parsed (also from a ```json fence)', async () => {
    server.enqueue('{"verdict":"pass","score":0.9}', '```json\n{"verdict":"fail"}\n```');
    const { generate } = provider();
    const first = await generate(ask('judge', { outputFormat: 'json' }), context().ctx);
    expect(first.output).toEqual({ verdict: 'pass', score: 0.9 });
    expect(server.requests[0]!.body.response_format).toEqual({ type: 'json_object' });
    const fenced = await generate(ask('judge', { outputFormat: 'json' }), context().ctx);
    expect(fenced.output).toEqual({ verdict: 'fail' });
  });

  it('runs tool calls through ctx.callTool and sends the results back to the model', async () => {
    server.enqueue(
      { toolCalls: [{ name: 'lookup_user', arguments: { id: 7 }, id: 'call_a' }, { name: 'github_pr', arguments: { pr: 1 }, id: 'call_b' }] },
      { text: 'User 7 is Ada; PR 1 is open.' },
    );
    const { generate } = provider();
    const { ctx, toolCalls, usage } = context({ tools: { lookup_user: () => ({ name: 'Ada' }), 'github.pr': () => 'open' } });
    const tools = [
      { id: 'lookup_user', description: 'Finds a user', inputSchema: { type: 'object', properties: { id: { type: 'integer' } } } },
      { id: 'github.pr', description: 'Reads a PR' },
    ];
    const result = await generate(ask('Who is user 7?', { tools }), ctx);
    expect(result.text).toBe('User 7 is Ada; PR 1 is open.');
    expect(toolCalls).toEqual([
      { toolId: 'lookup_user', input: { id: 7 } },
      { toolId: 'github.pr', input: { pr: 1 } },
    ]);
    expect(usage).toHaveLength(2);
    const [first, second] = server.requests;
    expect(first!.body.tools!.map((tool) => tool.function.name)).toEqual(['lookup_user', 'github_pr']);
    expect(first!.body.tools![0]!.function.parameters).toEqual(tools[0]!.inputSchema);
    expect(second!.body.messages.slice(-3)).toEqual([
      { role: 'assistant', content: null, tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'lookup_user', arguments: '{"id":7}' } },
        { id: 'call_b', type: 'function', function: { name: 'github_pr', arguments: '{"pr":1}' } },
      ] },
      { role: 'tool', tool_call_id: 'call_a', content: '{"name":"Ada"}' },
      { role: 'tool', tool_call_id: 'call_b', content: 'open' },
    ]);
  });

  it('tells the model when its tool arguments are not JSON, and lets ctx.callTool refuse a tool outside the role', async () => {
    server.enqueue({ toolCalls: [{ name: 'lookup_user', arguments: '{"id": 7' }] }, { toolCalls: [{ name: 'delete_everything', arguments: {} }] });
    const { generate } = provider();
    const { ctx, toolCalls } = context({ tools: { lookup_user: () => 'never' } });
    const failure = await generate(ask('go', { tools: [{ id: 'lookup_user' }] }), ctx).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'E_TOOL_FORBIDDEN' });
    expect(toolCalls).toEqual([{ toolId: 'delete_everything', input: {} }]);
    expect(server.requests[1]!.body.messages.at(-1)).toMatchObject({ role: 'tool', content: expect.stringContaining('not valid JSON') });
  });

  it('stops a model that keeps calling tools after maxToolRounds (E_PROVIDER_TOOL_ROUNDS)', async () => {
    server.enqueue(...Array.from({ length: 3 }, () => ({ toolCalls: [{ name: 'lookup_user', arguments: {} }] })));
    const { generate } = provider({ maxToolRounds: 2 });
    const failure = await generate(ask('go', { tools: [{ id: 'lookup_user' }] }), context({ tools: { lookup_user: () => 1 } }).ctx).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'E_PROVIDER_TOOL_ROUNDS' });
    expect(server.requests).toHaveLength(3);
  });

  it('retries a 429 after the Retry-After the endpoint asked for, and a 5xx with exponential backoff', async () => {
    server.enqueue({ status: 429, retryAfter: 2 }, { status: 503 }, { status: 500 }, 'finally');
    const { generate, waits } = provider({ retryBaseDelayMs: 100 });
    const result = await generate(ask('hi'), context().ctx);
    expect(result.text).toBe('finally');
    // 2 s from Retry-After; then 200 and 400 ms backoff with equal jitter at random() = 0.5.
    expect(waits).toEqual([2000, 150, 300]);
    expect(server.requests).toHaveLength(4);
  });

  it('gives up with E_PROVIDER_RATE_LIMITED after maxRetries, or at once when Retry-After is longer than maxRetryDelayMs', async () => {
    server.enqueue({ status: 429 }, { status: 429 }, { status: 429 });
    const limited = provider({ maxRetries: 2 });
    const failure = await limited.generate(ask('hi'), context().ctx).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'E_PROVIDER_RATE_LIMITED', details: { attempts: 3 } });
    server.enqueue({ status: 429, retryAfter: 3600 });
    const patient = provider({ maxRetryDelayMs: 60_000 });
    const far = await patient.generate(ask('hi'), context().ctx).catch((error: unknown) => error);
    expect(far).toMatchObject({ code: 'E_PROVIDER_RATE_LIMITED', details: { attempts: 1, retryAfterMs: 3_600_000 } });
    expect(patient.waits).toEqual([]);
  });

  it('fails a refused key with E_PROVIDER_AUTH and a bad request with E_PROVIDER_BAD_REQUEST, without retrying', async () => {
    const { generate } = provider();
    const { ctx } = context();
    const denied = await generate(ask('hi'), { ...ctx, secrets: { 'openai.apiKey': 'sk-wrong' } }).catch((error: unknown) => error);
    expect(denied).toMatchObject({ code: 'E_PROVIDER_AUTH', details: { status: 401 } });
    expect((denied as Error).message).not.toContain('sk-wrong');
    server.enqueue({ status: 400, message: "model 'nope' does not exist" });
    const bad = await generate(ask('hi'), ctx).catch((error: unknown) => error);
    expect(bad).toMatchObject({ code: 'E_PROVIDER_BAD_REQUEST', details: { status: 400, reason: "model 'nope' does not exist" } });
    expect(server.requests).toHaveLength(2);
  });

  it('fails a stream that sends garbage or breaks off with E_PROVIDER_STREAM_MALFORMED', async () => {
    server.enqueue({ chunks: ['one ', 'two ', 'three'], breakAfter: 1, breakWith: 'garbage' }, { chunks: ['one ', 'two'], breakAfter: 1, breakWith: 'cut' });
    const { generate } = provider();
    const garbage = context();
    await expect(generate(ask('hi'), garbage.ctx)).rejects.toMatchObject({ code: 'E_PROVIDER_STREAM_MALFORMED', details: { reason: 'a data line is not JSON' } });
    expect(garbage.chunks).toEqual(['one ']);
    await expect(generate(ask('hi'), context().ctx)).rejects.toMatchObject({ code: 'E_PROVIDER_STREAM_MALFORMED', details: { reason: expect.stringContaining('[DONE]') } });
  });

  it('fails a stream that stalls longer than requestTimeoutMs with E_PROVIDER_TIMEOUT', async () => {
    server.enqueue({ chunks: ['slow ', 'reply'], chunkDelayMs: 60_000 });
    const { generate } = provider({ requestTimeoutMs: 200 });
    const { ctx, chunks } = context();
    await expect(generate(ask('hi'), ctx)).rejects.toMatchObject({ code: 'E_PROVIDER_TIMEOUT', details: { timeoutMs: 200 } });
    expect(chunks).toEqual(['slow ']);
  });

  it('aborts the request when the task is cancelled or times out, with the task signal\'s reason', async () => {
    server.enqueue({ chunks: ['first ', 'never'], chunkDelayMs: 60_000 });
    const { generate } = provider();
    const reason = new TroupeError('E_TASK_TIMEOUT', { taskId: 'answer', timeoutMs: 5 });
    const probe = context({ onEmit: () => probe.controller.abort(reason) });
    await expect(generate(ask('hi'), probe.ctx)).rejects.toBe(reason);
    expect(probe.chunks).toEqual(['first ']);
  });

  it('retries an endpoint that does not answer, then fails with E_PROVIDER_UNAVAILABLE', async () => {
    const { generate, waits } = provider({ baseUrl: 'http://127.0.0.1:9/v1', maxRetries: 1 });
    await expect(generate(ask('hi'), context().ctx)).rejects.toMatchObject({ code: 'E_PROVIDER_UNAVAILABLE', details: { attempts: 2 } });
    expect(waits).toHaveLength(1);
  });

  it('sends no credentials with auth "none" and declares no secret then', async () => {
    const open = await startFakeOpenAIServer();
    try {
      const descriptor = createOpenAICompatibleProvider({ baseUrl: open.baseUrl, auth: 'none' });
      expect(descriptor.payload.requiredSecrets).toBeUndefined();
      expect(provider().descriptor.payload.requiredSecrets).toEqual(['openai.apiKey']);
      const { ctx } = context();
      const result = await descriptor.payload.generate(ask('hi'), { ...ctx, secrets: {} });
      expect(result.text).toBe('You said: hi');
      expect(open.requests[0]!.headers.authorization).toBeUndefined();
      expect(open.requests[0]!.body.model).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});
