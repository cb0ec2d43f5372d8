import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type TroupeHost } from '@troupe/runtime';
import type { ExecutionContext, ProviderContext } from '@troupe/sdk';
import pack, { echoProvider, greet, shout } from './index.js';

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

  it('loads in a host from its folder with every descriptor it declares in its manifest', async () => {
    host = createHost({ config: { packs: [{ use: packDir }] } });
    const { packs } = await host.start();
    expect(packs[0]).toMatchObject({ id: '@troupe/pack-hello', status: 'active', errors: [] });
    expect(packs[0]!.descriptors.map((d) => `${d.kind}:${d.id}`)).toEqual(pack.descriptors!.map((d) => `${d.kind}:${d.id}`));
  });
});
