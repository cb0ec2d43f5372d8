import { defineTool, type RunCommit } from '@troupe/sdk';
import { MemoryStore, type RunUpdate } from '@troupe/runtime';
import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { expectConsistentLog, toolTask, workflow } from './engineFixtures.js';

/** A MemoryStore that remembers each commit and what is durable, synchronously. */
class WatchedStore extends MemoryStore {
  readonly commits: RunCommit[][] = [];
  readonly durableSeq = new Map<string, number>();

  override async commit(batch: readonly RunCommit[]): Promise<void> {
    await super.commit(batch);
    this.commits.push([...batch]);
    for (const commit of batch) this.durableSeq.set(commit.runId, commit.header.seq);
  }
}

function steppedTool() {
  const waiting: (() => void)[] = [];
  return {
    step: () => waiting.shift()?.(),
    descriptor: defineTool({ id: 'stepped', execute: (_i, ctx) => new Promise((resolve) => waiting.push(() => resolve(ctx.taskId))) }),
  };
}

describe('engine: event log, group commit and telemetry', () => {
  it('announces every event only after it is persisted, in seq order, with progress', async () => {
    const store = new WatchedStore();
    const t = createTestEngine({ store, descriptors: [defineTool({ id: 'noop', execute: () => null }), workflow('chain', Array.from({ length: 5 }, (_, i) => toolTask(`t${i}`, 'noop', i ? [`t${i - 1}`] : [])))] });
    const seen: RunUpdate[] = [];
    t.engine.subscribe((update) => {
      expect(update.event.seq).toBeLessThanOrEqual(store.durableSeq.get(update.event.runId) ?? 0);
      seen.push(update);
    });
    const { runId } = await t.engine.startWorkflow('chain');
    await t.engine.wait(runId);
    expect(seen.map((u) => u.event.seq)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.map((u) => u.event)).toEqual(await t.events(runId));
    const last = seen.at(-1)!.progress;
    expect(last).toMatchObject({ runId, definitionId: 'chain', status: 'completed', total: 5, percent: 100, counts: { completed: 5 }, currentTaskIds: [] });
    const percents = seen.map((u) => u.progress.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const running = seen.find((u) => u.event.type === 'task.started' && u.event.taskId === 't2')!.progress;
    expect(running).toMatchObject({ counts: { completed: 2, running: 1, pending: 2 }, percent: 40, currentTaskIds: ['t2'] });
    await expectConsistentLog(t, runId);
  });

  it('commits the transitions of one tick together: a chain of synchronous tools is one commit after the start', async () => {
    const store = new WatchedStore();
    const t = createTestEngine({ store, descriptors: [defineTool({ id: 'noop', execute: () => null }), workflow('chain', Array.from({ length: 50 }, (_, i) => toolTask(`t${i}`, 'noop', i ? [`t${i - 1}`] : [])))] });
    const { runId } = await t.engine.startWorkflow('chain');
    await t.engine.wait(runId);
    expect(store.commits.length).toBeLessThanOrEqual(3);
    expect(store.commits[0]![0]!.created).toBeDefined();
    expect((await t.events(runId)).length).toBe(1 + 1 + 50 * 2 + 1);
  });

  it('puts only the changed tasks into a commit, never the whole run', async () => {
    const store = new WatchedStore();
    const stepped = steppedTool();
    const t = createTestEngine({ store, descriptors: [stepped.descriptor, workflow('chain', Array.from({ length: 8 }, (_, i) => toolTask(`t${i}`, 'stepped', i ? [`t${i - 1}`] : [])))] });
    const { runId } = await t.engine.startWorkflow('chain');
    await t.clock.advance(0);
    const before = store.commits.length;
    stepped.step();
    await t.clock.advance(0);
    const step = store.commits.slice(before).flat();
    expect(step).toHaveLength(1);
    expect(step[0]!.events.map((e) => `${e.type}:${e.taskId}`)).toEqual(['task.completed:t0', 'task.started:t1']);
    expect(step[0]!.tasks.map((task) => task.id)).toEqual(['t0', 't1']);
    expect(step[0]!.seats).toEqual([]);
    expect(step[0]!.created).toBeUndefined();
    await t.engine.cancel(runId);
  });

  it('keeps going when a listener throws, and stops calling an unsubscribed listener', async () => {
    const t = createTestEngine({ descriptors: [defineTool({ id: 'noop', execute: () => null }), workflow('w', [toolTask('a', 'noop'), toolTask('b', 'noop', ['a'])])] });
    let calls = 0;
    const off = t.engine.subscribe(() => {
      calls++;
      throw new Error('listener bug');
    });
    const first = await t.engine.wait((await t.engine.startWorkflow('w')).runId);
    expect(first.status).toBe('completed');
    expect(calls).toBeGreaterThan(0);
    expect(t.logger.entries.some((entry) => entry.level === 'warn' && entry.message.includes('listener threw'))).toBe(true);
    off();
    const seenBefore = calls;
    await t.engine.wait((await t.engine.startWorkflow('w')).runId);
    expect(calls).toBe(seenBefore);
  });

  it('reads the stored log from a seq, with a limit', async () => {
    const t = createTestEngine({ descriptors: [defineTool({ id: 'noop', execute: () => null }), workflow('w', [toolTask('a', 'noop'), toolTask('b', 'noop', ['a'])])] });
    const { runId } = await t.engine.startWorkflow('w');
    await t.engine.wait(runId);
    const all = await t.engine.readEvents(runId);
    expect(all.map((e) => e.type)).toEqual(['run.created', 'run.started', 'task.started', 'task.completed', 'task.started', 'task.completed', 'run.completed']);
    expect((await t.engine.readEvents(runId, 2, 2)).map((e) => e.seq)).toEqual([3, 4]);
    expect(await t.engine.readEvents(runId, 99)).toEqual([]);
  });

  it('pins a run to its definition hash and pack versions', async () => {
    const t = createTestEngine({ packId: 'acme-pack', packVersion: '2.3.4', descriptors: [defineTool({ id: 'noop', execute: () => null }), workflow('w', [toolTask('a', 'noop')], { version: '1.2.0' })] });
    const state = await t.engine.startWorkflow('w');
    expect(state.pin).toEqual({ definitionId: 'w', definitionVersion: '1.2.0', definitionHash: expect.stringMatching(/^[0-9a-f]{64}$/), packVersions: { 'acme-pack': '2.3.4' } });
    expect(await t.store.getDefinition(state.runId)).toEqual(t.engine.listDefinitions()[0]);
  });
});
