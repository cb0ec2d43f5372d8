import { TroupeError, type ModelRequest, type ProviderContext } from '@troupe/sdk';
import { describe, expect, it } from 'vitest';
import { createScriptedProvider } from './createScriptedProvider.js';
import { FakeClock } from './FakeClock.js';
import { RecordingLogger } from './RecordingLogger.js';

const request: ModelRequest = { messages: [{ role: 'user', content: 'hi' }], tools: [], outputFormat: 'text' };

function context(taskId = 't', controller = new AbortController()) {
  const chunks: string[] = [];
  const ctx: ProviderContext = {
    runId: 'r',
    taskId,
    attempt: 1,
    idempotencyKey: `r:${taskId}`,
    signal: controller.signal,
    secrets: {},
    logger: new RecordingLogger(),
    roleId: 'role',
    personaId: 'persona',
    emit: (chunk) => chunks.push(chunk),
    callTool: async (toolId) => `result of ${toolId}`,
    recordUsage: () => undefined,
  };
  return { ctx, chunks, controller };
}

describe('createScriptedProvider', () => {
  it('replies in order (the last repeats), per task when scripted, and streams tokens', async () => {
    const provider = createScriptedProvider({ id: 'p', replies: ['one', 'two'], byTask: { special: { text: 'just for you', tokens: ['just ', 'for ', 'you'] } } });
    const generate = provider.descriptor.payload.generate;
    const first = context();
    expect((await generate(request, first.ctx)).text).toBe('one');
    expect(first.chunks).toEqual(['one']);
    expect((await generate(request, context().ctx)).text).toBe('two');
    expect((await generate(request, context().ctx)).text).toBe('two');
    const special = context('special');
    expect((await generate(request, special.ctx)).text).toBe('just for you');
    expect(special.chunks).toEqual(['just ', 'for ', 'you']);
    expect(provider.calls.map((c) => c.taskId)).toEqual(['t', 't', 't', 'special']);
  });

  it('echoes by default and records tool call results', async () => {
    const provider = createScriptedProvider({ id: 'p', replies: [{ text: 'done', toolCalls: [{ toolId: 'search', input: { q: 1 } }] }] });
    await provider.descriptor.payload.generate(request, context().ctx);
    expect(provider.calls[0]!.toolResults).toEqual(['result of search']);
    const echo = createScriptedProvider({ id: 'e' });
    expect((await echo.descriptor.payload.generate(request, context().ctx)).text).toBe('echo: hi');
  });

  it('injects failures: Troupe codes stay TroupeErrors, other codes become errors with .code', async () => {
    const provider = createScriptedProvider({ id: 'p', replies: [{ error: { code: 'E_PROVIDER_FAILED', message: 'quota' } }, { error: { code: 'ECONNRESET', message: 'reset' } }] });
    const troupe = await provider.descriptor.payload.generate(request, context().ctx).catch((error: unknown) => error);
    expect(troupe).toBeInstanceOf(TroupeError);
    expect((troupe as TroupeError).message).toBe('quota');
    const plain = await provider.descriptor.payload.generate(request, context().ctx).catch((error: unknown) => error);
    expect(plain).toMatchObject({ code: 'ECONNRESET', message: 'reset' });
  });

  it('delays on its clock and stops waiting when the signal fires', async () => {
    const clock = new FakeClock();
    const provider = createScriptedProvider({ id: 'p', clock, replies: [{ text: 'late', delayMs: 1000 }] });
    const slow = context();
    let settled: unknown;
    void provider.descriptor.payload.generate(request, slow.ctx).then(
      (value) => (settled = value),
      (error: unknown) => (settled = error),
    );
    await clock.advance(500);
    expect(settled).toBeUndefined();
    slow.controller.abort(new Error('stop'));
    await clock.advance(0);
    expect((settled as Error).message).toBe('stop');
    expect(provider.calls[0]!.aborted).toBe(true);

    const patient = context();
    const result = provider.descriptor.payload.generate(request, patient.ctx);
    await clock.advance(1000);
    expect((await result).text).toBe('late');
  });
});
