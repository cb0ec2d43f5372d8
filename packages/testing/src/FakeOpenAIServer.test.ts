import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from './FakeOpenAIServer.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('startFakeOpenAIServer', () => {
  it('answers a chat completion as JSON, echoing the last user message by default', async () => {
    server = await startFakeOpenAIServer();
    const res = await post(server.baseUrl, { model: 'm', messages: [{ role: 'user', content: 'hi there' }] });
    const body = (await res.json()) as { choices: { message: { content: string } }[]; usage: { prompt_tokens: number } };
    expect(body.choices[0]!.message.content).toBe('You said: hi there');
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(server.requests[0]!.body.model).toBe('m');
  });

  it('streams text and tool calls as server-sent events ending with [DONE]', async () => {
    server = await startFakeOpenAIServer();
    server.enqueue({ chunks: ['a', 'b'], toolCalls: [{ name: 'greet', arguments: { name: 'Ada' } }], usage: { promptTokens: 3, completionTokens: 2 } });
    const text = await (await post(server.baseUrl, { stream: true, messages: [] })).text();
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames.at(-1)).toBe('data: [DONE]');
    expect(text).toContain('"content":"a"');
    expect(text).toContain('"name":"greet"');
    expect(text).toContain('"prompt_tokens":3');
  });

  it('sends errors with Retry-After, and 401 without the API key', async () => {
    server = await startFakeOpenAIServer({ apiKey: 'sk-test' });
    const denied = await post(server.baseUrl, { messages: [] });
    expect(denied.status).toBe(401);
    server.enqueue({ status: 429, retryAfter: 2 });
    const limited = await post(server.baseUrl, { messages: [] }, { authorization: 'Bearer sk-test' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
  });

  it('breaks a stream on request', async () => {
    server = await startFakeOpenAIServer();
    server.enqueue({ chunks: ['one ', 'two'], breakAfter: 1, breakWith: 'garbage' });
    const text = await (await post(server.baseUrl, { stream: true, messages: [] })).text();
    expect(text).toContain('one ');
    expect(text).not.toContain('two');
    expect(text).not.toContain('[DONE]');
  });
});
