import { describe, expect, it } from 'vitest';
import { createHost, MemoryStore, provide, Services } from '@troupe/runtime';
import { defineInlinePack, defineTool, isTroupeError, type EngineDurability, type RunCommit, type RunEvent } from '@troupe/sdk';
import { toolTask, workflow } from './engineFixtures.js';

/**
 * `engine.durability`: "strict" (the default) starts a dependant only once the
 * commit recording its dependency's ending is durable, one commit per step of
 * a chain; "batched" starts it at once and commits the steps together.
 */

/** A memory store that counts commits and can hold them back (a slow disk). */
class GatedStore extends MemoryStore {
  commits = 0;
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;

  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }

  override async commit(batch: readonly RunCommit[]): Promise<void> {
    this.commits++;
    if (this.#gate) await this.#gate;
    return super.commit(batch);
  }
}

const LENGTH = 50;
const step = defineTool({ id: 'step', execute: (input: unknown) => ({ n: Object.values((input as { upstream: Record<string, { n: number }> }).upstream)[0]?.n ?? 0 }) });
const chain = workflow(
  'chain',
  Array.from({ length: LENGTH }, (_, i) => toolTask(`t${i}`, 'step', i ? [`t${i - 1}`] : [])),
);

/** Resolves after `count` turns of the event loop (flushes in both modes have run by then). */
function turns(count: number): Promise<void> {
  return new Promise((resolve) => {
    const next = (left: number) => (left === 0 ? resolve() : setImmediate(() => next(left - 1)));
    next(count);
  });
}

/** Turns the event loop until `condition` holds (at most 1000 turns). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await turns(1);
  expect(condition()).toBe(true);
}

async function hostWith(durability: EngineDurability | undefined, store: GatedStore) {
  const host = createHost({ config: durability ? { engine: { durability } } : {}, services: [provide(Services.store, store)] });
  host.register(defineInlinePack({ id: 'd', version: '1.0.0', descriptors: [step, chain] }));
  await host.start();
  return host;
}

async function runChain(durability: EngineDurability | undefined) {
  const store = new GatedStore();
  const host = await hostWith(durability, store);
  try {
    const started = await host.engine.startWorkflow('chain');
    const commitsBefore = store.commits;
    const done = await host.engine.wait(started.runId);
    const events = (await host.engine.readEvents(started.runId)) as RunEvent[];
    return { done, events, commits: store.commits - commitsBefore, stored: await store.getRun(started.runId) };
  } finally {
    await host.stop();
  }
}

describe('engine.durability', () => {
  it('"strict" (the default) commits every step of a chain before the next starts; "batched" commits them together', async () => {
    const strict = await runChain(undefined);
    const batched = await runChain('batched');
    expect(strict.done.status).toBe('completed');
    expect(batched.done.status).toBe('completed');
    expect(strict.commits).toBeGreaterThanOrEqual(LENGTH);
    expect(batched.commits).toBeLessThanOrEqual(3);
    // The same log and the same result either way; wait() answers with what the store holds.
    const shape = (events: RunEvent[]) => events.map((event) => `${event.seq} ${event.type} ${event.taskId ?? ''}`);
    expect(shape(batched.events)).toEqual(shape(strict.events));
    expect(batched.done.output).toEqual(strict.done.output);
    expect(batched.stored).toEqual(batched.done);
  });

  it('"batched" starts a dependant while its dependency\'s ending is still being committed; "strict" waits for the commit', async () => {
    for (const durability of ['strict', 'batched'] as const) {
      let finishA!: () => void;
      const aDone = new Promise<void>((resolve) => (finishA = resolve));
      const calls: string[] = [];
      const slow = defineTool({ id: 'slow', execute: async () => (await aDone, calls.push('a'), 'a') });
      const record = defineTool({ id: 'record', execute: () => (calls.push('b'), 'b') });
      const pair = workflow('pair', [toolTask('a', 'slow'), toolTask('b', 'record', ['a'])]);
      const store = new GatedStore();
      const host = createHost({ config: { engine: { durability } }, services: [provide(Services.store, store)] });
      host.register(defineInlinePack({ id: 'p', version: '1.0.0', descriptors: [slow, record, pair] }));
      await host.start();
      try {
        const run = await host.engine.startWorkflow('pair');
        await until(() => store.commits > 0 && calls.length === 0);
        // The disk stalls just as a's ending is to be committed.
        store.hold();
        const held = store.commits;
        finishA();
        await until(() => store.commits > held);
        await turns(5);
        expect(calls, durability).toEqual(durability === 'strict' ? ['a'] : ['a', 'b']);
        store.release();
        const done = await host.engine.wait(run.runId);
        expect(done.status).toBe('completed');
        expect(calls).toEqual(['a', 'b']);
        expect(await store.getRun(run.runId)).toEqual(done);
      } finally {
        store.release();
        await host.stop();
      }
    }
  });

  it('refuses an unknown durability with E_CONFIG_INVALID', () => {
    let thrown: unknown;
    try {
      createHost({ config: { engine: { durability: 'eventually' as EngineDurability } } });
    } catch (error) {
      thrown = error;
    }
    expect(isTroupeError(thrown, 'E_CONFIG_INVALID')).toBe(true);
    expect(String((thrown as Error).message)).toContain('durability');
  });
});
