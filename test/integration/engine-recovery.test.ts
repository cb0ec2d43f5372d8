import { defineTool } from '@troupe/sdk';
import { DescriptorRegistry, MemoryStore } from '@troupe/runtime';
import { createTestEngine, FakeClock } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { expectConsistentLog, toolTask, workflow } from './engineFixtures.js';

describe('engine: recovery from the store', () => {
  it('resumes unfinished runs: completed tasks keep outputs, in-flight tasks run again with the same idempotency key', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const sideEffects: string[] = [];
    let hang = true;
    const tool = defineTool({
      id: 'effect',
      execute: (_input, ctx) => {
        sideEffects.push(`${ctx.idempotencyKey}#${ctx.attempt}`);
        return hang && ctx.taskId === 'b' ? new Promise(() => undefined) : ctx.taskId;
      },
    });
    const definition = workflow('saga', [toolTask('a', 'effect'), toolTask('b', 'effect', ['a']), toolTask('c', 'effect', ['b'])]);
    const registry = new DescriptorRegistry();
    registry.register('pack', '1.0.0', [tool, definition]);

    const first = createTestEngine({ store, clock, registry });
    const { runId } = await first.engine.startWorkflow('saga');
    await clock.advance(0);
    expect((await first.engine.getRun(runId)).tasks.b!.status).toBe('running');
    await first.close();

    hang = false;
    const second = createTestEngine({ store, clock, registry });
    expect(await second.engine.recover()).toEqual({ resumed: [runId], paused: [] });
    const done = await second.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(done.tasks.a).toMatchObject({ attempt: 1, output: 'a' });
    expect(done.tasks.b).toMatchObject({ attempt: 2, output: 'b' });
    expect(sideEffects).toEqual([`${runId}:a#1`, `${runId}:b#1`, `${runId}:b#2`, `${runId}:c#1`]);
    await expectConsistentLog(second, runId);
  });

  it('rebuilds retry timers and leaves human tasks waiting', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    let failures = 1;
    const registry = new DescriptorRegistry();
    registry.register('pack', '1.0.0', [
      defineTool({
        id: 'flaky',
        execute: () => {
          if (failures-- > 0) throw Object.assign(new Error('down'), { code: 'E_DOWN' });
          return 'up';
        },
      }),
      workflow('mix', [toolTask('retry', 'flaky', [], { retry: { maxAttempts: 2, initialDelayMs: 1000, jitter: false } }), { id: 'ask', executor: { type: 'human', mode: 'approval' } }]),
    ]);
    const first = createTestEngine({ store, clock, registry });
    const { runId } = await first.engine.startWorkflow('mix');
    await clock.advance(400);
    await first.close();

    const second = createTestEngine({ store, clock, registry });
    await second.engine.recover();
    await clock.advance(599);
    expect((await second.engine.getRun(runId)).tasks.retry!.status).toBe('retry_wait');
    await clock.advance(1);
    const waiting = await second.engine.wait(runId);
    expect(waiting.status).toBe('awaiting_input');
    expect(waiting.tasks.retry).toMatchObject({ status: 'completed', attempt: 2 });
    await second.engine.answerHumanTask(runId, 'ask', { approved: true });
    expect((await second.engine.wait(runId)).status).toBe('completed');
  });

  it('pauses a run whose pinned code is gone with E_PACK_INCOMPATIBLE instead of running new code', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const registry = new DescriptorRegistry();
    registry.register('pack', '1.0.0', [defineTool({ id: 'slow', execute: () => new Promise(() => undefined) }), workflow('pinned', [toolTask('a', 'slow')])]);
    const first = createTestEngine({ store, clock, registry });
    const { runId } = await first.engine.startWorkflow('pinned');
    await first.close();

    registry.unregister('pack');
    registry.register('pack', '2.0.0', [workflow('pinned', [toolTask('a', 'other')])]);
    const second = createTestEngine({ store, clock, registry });
    expect(await second.engine.recover()).toEqual({ resumed: [], paused: [runId] });
    const paused = await second.engine.getRun(runId);
    expect(paused.status).toBe('paused');
    expect(paused.error).toMatchObject({ code: 'E_PACK_INCOMPATIBLE' });
  });
});
