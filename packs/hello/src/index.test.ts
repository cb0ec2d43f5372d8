import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type TroupeHost } from '@troupe/runtime';
import type { ExecutionContext, ProviderContext } from '@troupe/sdk';
import pack, { echoProvider, greet, measure, shout } from './index.js';

const packDir = fileURLToPath(new URL('..', import.meta.url));
const ctx = {} as ExecutionContext;

let host: TroupeHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

describe('@troupe/pack-hello', () => {
  it('greets, then shouts', async () => {
    const { greeting } = await greet.payload.execute({ name: 'Ada' }, ctx) as { greeting: string };
    expect(greeting).toBe('Hello, Ada!');
    expect(await shout.payload.execute({ text: greeting }, ctx)).toEqual({ text: 'HELLO, ADA!' });
    expect(await measure.payload.execute({ text: 'Hello, Ada Lovelace!' }, ctx)).toEqual({ words: 3, letters: 16 });
  });

  it('has a model provider that answers the same request the same way, without a network', async () => {
    const chunks: string[] = [];
    const providerCtx = { emit: (chunk: string) => chunks.push(chunk) } as unknown as ProviderContext;
    const request = { messages: [{ role: 'user' as const, content: 'hi' }], tools: [], outputFormat: 'text' as const };
    const first = await echoProvider.payload.generate(request, providerCtx);
    expect(first.text).toBe('Hello! You said: hi');
    expect(await echoProvider.payload.generate(request, providerCtx)).toEqual(first);
    expect(chunks).toEqual([first.text, first.text]);
  });

  it('streams its reply a few words at a time, on one line, cut at 160 characters', async () => {
    const chunks: string[] = [];
    const providerCtx = { emit: (chunk: string) => chunks.push(chunk) } as unknown as ProviderContext;
    const long = `Welcome   the guest.\n\nInput:\n${'word '.repeat(60)}`;
    const result = await echoProvider.payload.generate({ messages: [{ role: 'user', content: long }], tools: [], outputFormat: 'text' }, providerCtx);
    expect(result.text).toMatch(/^Hello! You said: Welcome the guest\. Input: word word .*…$/);
    expect(result.text.length).toBe('Hello! You said: '.length + 160);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(result.text);
  });

  it('runs the hello workflow: a tool, a seat and a tool in parallel, then the join', async () => {
    host = createHost({ config: { packs: [{ use: packDir }] } });
    await host.start();
    const run = await host.engine.startWorkflow('hello', { input: { name: 'Ada' } });
    const done = await host.engine.wait(run.runId);
    expect(done).toMatchObject({
      status: 'completed',
      output: { greeting: 'HELLO, ADA!', words: 2, welcome: expect.stringMatching(/^Hello! You said: Welcome the guest to Troupe in one line\. Input: \{ "greeting": "Hello, Ada!" \}/) },
      roleAssignments: { host: 'greeter' },
    });
    expect(done.seats.host).toMatchObject({ personaId: 'greeter', status: 'done', taskId: 'welcome' });
    // Deterministic: the same input gives the same output.
    const again = await host.engine.wait((await host.engine.startWorkflow('hello', { input: { name: 'Ada' } })).runId);
    expect(again.output).toEqual(done.output);
    const nameless = await host.engine.wait((await host.engine.startWorkflow('hello', { input: {} })).runId);
    expect(nameless.output).toMatchObject({ greeting: 'HELLO, WORLD!' });
  });

  it('loads in a host from its folder with every descriptor it declares in its manifest', async () => {
    host = createHost({ config: { packs: [{ use: packDir }] } });
    const { packs } = await host.start();
    expect(packs[0]).toMatchObject({ id: '@troupe/pack-hello', status: 'active', errors: [] });
    expect(packs[0]!.descriptors.map((d) => `${d.kind}:${d.id}`)).toEqual(pack.descriptors!.map((d) => `${d.kind}:${d.id}`));
  });
});
