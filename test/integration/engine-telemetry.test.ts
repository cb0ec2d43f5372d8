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

  it('starts a dependant only after the commit that records its dependency\'s completion, one commit per step of a chain', async () => {
    const store = new WatchedStore();
    const t = createTestEngine({ store, descriptors: [defineTool({ id: 'noop', execute: () => null }), workflow('chain', Array.from({ length: 50 }, (_, i) => toolTask(`t${i}`, 'noop', i ? [`t${i - 1}`] : [])))] });
    const { runId } = await t.engine.startWorkflow('chain');
    await t.engine.wait(runId);
    expect(store.commits[0]![0]!.created).toBeDefined();
    const events = await t.events(runId);
    expect(events.length).toBe(1 + 1 + 50 * 2 + 1);
    // In which commit each event became durable.
    const commitOf = new Map<string, number>();
    store.commits.forEach((batch, index) => batch.forEach((commit) => commit.events.forEach((e) => commitOf.set(`${e.type}:${e.taskId ?? ''}`, index))));
    for (let i = 0; i < 50; i++) {
      // A task's start is durable no later than its result...
      expect(commitOf.get(`task.started:t${i}`)!).toBeLessThanOrEqual(commitOf.get(`task.completed:t${i}`)!);
      // ...and nothing starts before its dependency's completion is durable.
      if (i > 0) expect(commitOf.get(`task.started:t${i}`)!).toBeGreaterThan(commitOf.get(`task.completed:t${i - 1}`)!);
    }
    // The run's completion starts nothing: it is written in the commit of the last step, not one after it.
    expect(commitOf.get('run.completed:')!).toBe(commitOf.get('task.completed:t49')!);
    // Linear: one commit per step (plus the start), never one per event.
    expect(store.commits.length).toBeLessThanOrEqual(50 + 2);
  });

  it('writes a run that gets the slot of one that just completed, with its first quick step, in the commit of that completion', async () => {
    const store = new WatchedStore();
    const t = createTestEngine({
      store,
      config: { maxConcurrentRuns: 1 },
      descriptors: [defineTool({ id: 'noop', execute: () => null }), workflow('pair', [toolTask('a', 'noop'), toolTask('b', 'noop', ['a'])])],
    });
    const first = await t.engine.startWorkflow('pair');
    const second = await t.engine.startWorkflow('pair');
    await Promise.all([t.engine.wait(first.runId), t.engine.wait(second.runId)]);
    const commitOf = (runId: string, type: string, taskId?: string): number =>
      store.commits.findIndex((batch) => batch.some((commit) => commit.runId === runId && commit.events.some((e) => e.type === type && e.taskId === taskId)));
    const handover = commitOf(first.runId, 'run.completed');
    expect(commitOf(second.runId, 'run.started')).toBe(handover);
    expect(commitOf(second.runId, 'task.completed', 'a')).toBe(handover);
    // Its next step still waits for that commit.
    expect(commitOf(second.runId, 'task.started', 'b')).toBeGreaterThan(handover);
    await expectConsistentLog(t, second.runId);
  });

  it('never runs a dependant while the commit of its dependency\'s completion is in flight', async () => {
    let hold: Promise<void> | undefined;
    let releaseHold = (): void => undefined;
    class HeldStore extends MemoryStore {
      override async commit(batch: readonly RunCommit[]): Promise<void> {
        if (hold) await hold;
        await super.commit(batch);
      }
    }
    const calls: string[] = [];
    const t = createTestEngine({
      store: new HeldStore(),
      descriptors: [
        defineTool({ id: 'note', execute: (_input, ctx) => (calls.push(ctx.taskId), ctx.taskId) }),
        workflow('two', [toolTask('a', 'note'), toolTask('b', 'note', ['a'])]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('two');
    hold = new Promise((resolve) => (releaseHold = resolve));
    await t.clock.advance(0);
    expect(calls).toEqual(['a']);
    expect((await t.events(runId)).map((e) => e.type)).not.toContain('task.completed');
    hold = undefined;
    releaseHold();
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(calls).toEqual(['a', 'b']);
    await expectConsistentLog(t, runId);
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
    // The completion first; its dependant starts once that is durable.
    expect(step.map((commit) => commit.events.map((e) => `${e.type}:${e.taskId}`))).toEqual([['task.completed:t0'], ['task.started:t1']]);
    expect(step.map((commit) => commit.tasks.map((task) => task.id))).toEqual([['t0'], ['t1']]);
    for (const commit of step) {
      expect(commit.seats).toEqual([]);
      expect(commit.created).toBeUndefined();
    }
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
