import { defineTool } from '@troupe/sdk';
import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { toolTask, workflow } from './engineFixtures.js';

/** A tool whose calls finish when the test says so; tracks how many run at once. */
function gate() {
  const waiting: (() => void)[] = [];
  let active = 0;
  let peak = 0;
  return {
    get peak() {
      return peak;
    },
    get waiting() {
      return waiting.length;
    },
    release(count = waiting.length) {
      for (const resolve of waiting.splice(0, count)) resolve();
    },
    descriptor: defineTool({
      id: 'gated',
      execute: () =>
        new Promise<string>((resolve) => {
          active++;
          peak = Math.max(peak, active);
          waiting.push(() => {
            active--;
            resolve('done');
          });
        }),
    }),
  };
}

describe('engine: concurrency caps', () => {
  it('runs at most maxParallelTasks tasks of a run at once; the rest wait as ready, in order', async () => {
    const g = gate();
    const t = createTestEngine({ descriptors: [g.descriptor, workflow('wide', Array.from({ length: 6 }, (_, i) => toolTask(`t${i}`, 'gated')), { maxParallelTasks: 2 })] });
    const { runId } = await t.engine.startWorkflow('wide');
    await t.clock.advance(0);
    let state = await t.engine.getRun(runId);
    expect(Object.values(state.tasks).map((task) => task.status)).toEqual(['running', 'running', 'ready', 'ready', 'ready', 'ready']);
    while (g.waiting > 0) {
      g.release(1);
      await t.clock.advance(0);
    }
    state = await t.engine.wait(runId);
    expect(state.status).toBe('completed');
    expect(g.peak).toBe(2);
    const starts = (await t.events(runId)).filter((e) => e.type === 'task.started').map((e) => e.taskId);
    expect(starts).toEqual(['t0', 't1', 't2', 't3', 't4', 't5']);
  });

  it('runs at most maxConcurrentRuns runs per host; further runs queue and start as slots free up', async () => {
    const g = gate();
    const t = createTestEngine({ config: { maxConcurrentRuns: 2 }, descriptors: [g.descriptor, workflow('one', [toolTask('t', 'gated')])] });
    const runs = await Promise.all(Array.from({ length: 5 }, () => t.engine.startWorkflow('one')));
    expect(runs.map((run) => run.status)).toEqual(['running', 'running', 'queued', 'queued', 'queued']);
    await t.clock.advance(0);
    expect(g.peak).toBe(2);
    expect((await t.engine.listRuns({ status: 'queued' })).runs).toHaveLength(3);
    while (g.waiting > 0) {
      g.release(1);
      await t.clock.advance(0);
    }
    const done = await Promise.all(runs.map((run) => t.engine.wait(run.runId)));
    expect(done.map((run) => run.status)).toEqual(['completed', 'completed', 'completed', 'completed', 'completed']);
    expect(g.peak).toBe(2);
  });

  it('cancels a queued run without starting it', async () => {
    const g = gate();
    const t = createTestEngine({ config: { maxConcurrentRuns: 1 }, descriptors: [g.descriptor, workflow('one', [toolTask('t', 'gated')])] });
    const first = await t.engine.startWorkflow('one');
    const second = await t.engine.startWorkflow('one');
    expect(second.status).toBe('queued');
    const cancelled = await t.engine.cancel(second.runId, 'changed my mind');
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.tasks.t!.status).toBe('cancelled');
    g.release();
    await t.clock.advance(0);
    expect((await t.engine.wait(first.runId)).status).toBe('completed');
    expect(g.peak).toBe(1);
    expect((await t.events(second.runId)).map((e) => e.type)).toEqual(['run.created', 'task.cancelled', 'run.cancelled']);
  });
});
