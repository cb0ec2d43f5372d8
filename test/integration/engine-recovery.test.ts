import { defineTool } from '@troupe/sdk';
import { DescriptorRegistry, MemoryStore } from '@troupe/runtime';
import { createTestEngine, FakeClock } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { expectConsistentLog, refusal, toolTask, workflow } from './engineFixtures.js';

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

describe('engine: recovery keeps external tasks external', () => {
  it('does not execute a task that an external system was driving', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const ran: string[] = [];
    const registry = new DescriptorRegistry();
    registry.register('pack', '1.0.0', [defineTool({ id: 'work', execute: (_i, ctx) => (ran.push(ctx.taskId), 'done') }), workflow('ext', [{ id: 'gate', executor: { type: 'human', mode: 'approval' } }, toolTask('remote', 'work', ['gate'])])]);
    const first = createTestEngine({ store, clock, registry });
    const { runId } = await first.engine.startWorkflow('ext');
    await first.engine.applyTaskUpdates(runId, [{ taskId: 'remote', status: 'running' }]);
    await first.close();
    const second = createTestEngine({ store, clock, registry });
    await second.engine.recover();
    await second.engine.answerHumanTask(runId, 'gate', { approved: true });
    await clock.advance(0);
    expect(ran).toEqual([]);
    expect((await second.engine.getRun(runId)).tasks.remote).toMatchObject({ status: 'running', external: true });
    await second.engine.applyTaskUpdates(runId, [{ taskId: 'remote', status: 'completed', output: 'remote result' }]);
    expect((await second.engine.wait(runId)).status).toBe('completed');
    expect(ran).toEqual([]);
  });
});

describe('engine: answering a run another engine left waiting', () => {
  it('adopts a stored run that waits for a human, answers it and drives it to the end', async () => {
    const store = new MemoryStore();
    const registry = new DescriptorRegistry();
    registry.register('pack', '1.0.0', [
      defineTool({ id: 'echo', execute: (input) => input }),
      workflow('approve-then-post', [{ id: 'ok', executor: { type: 'human', mode: 'approval' } }, toolTask('post', 'echo', ['ok'])]),
    ]);
    const first = createTestEngine({ store, registry });
    const { runId } = await first.engine.startWorkflow('approve-then-post');
    expect((await first.engine.wait(runId)).status).toBe('awaiting_input');
    await first.close();

    // A new process (e.g. `troupe approve`) that did not recover anything.
    const second = createTestEngine({ store, registry });
    await second.engine.answerHumanTask(runId, 'ok', { approved: true, actor: 'ada' });
    const done = await second.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(done.tasks.ok!.answeredBy).toBe('ada');
    await expectConsistentLog(second, runId);
  });

  it('refuses to change a running run it does not drive', async () => {
    const store = new MemoryStore();
    const registry = new DescriptorRegistry();
    registry.register('pack', '1.0.0', [defineTool({ id: 'slow', execute: () => new Promise(() => undefined) }), workflow('busy', [toolTask('a', 'slow')])]);
    const first = createTestEngine({ store, registry });
    const { runId } = await first.engine.startWorkflow('busy');
    await first.clock.advance(0);
    const second = createTestEngine({ store, registry });
    const error = await refusal(second.engine.cancel(runId), 'E_RUN_NOT_LIVE');
    expect(error.message).toBe(`Run ${runId} is running, but this host is not driving it`);
    await first.engine.cancel(runId);
  });
});

describe('engine: runs paused on an incompatible pack', () => {
  const human = { id: 'ok', executor: { type: 'human', mode: 'approval' } } as const;

  /** Starts `definition` on p@1.0.0, leaves it waiting for a human, and moves p to 2.0.0 with the same descriptors. */
  async function pausedAfterMajorUpgrade(descriptors: Parameters<DescriptorRegistry['register']>[2]) {
    const store = new MemoryStore();
    const registry = new DescriptorRegistry();
    registry.register('p', '1.0.0', descriptors);
    const first = createTestEngine({ store, registry });
    const { runId } = await first.engine.startWorkflow('w');
    expect((await first.engine.wait(runId)).status).toBe('awaiting_input');
    await first.close();
    registry.unregister('p');
    registry.register('p', '2.0.0', descriptors);
    return { store, registry, runId };
  }

  it('pauses a human-only run when the pack of the workflow itself moved to another major', async () => {
    const { store, registry, runId } = await pausedAfterMajorUpgrade([workflow('w', [human])]);
    const second = createTestEngine({ store, registry });
    expect(await second.engine.recover()).toEqual({ resumed: [], paused: [runId] });
    const paused = await second.engine.getRun(runId);
    expect(paused).toMatchObject({ status: 'paused', error: { code: 'E_PACK_INCOMPATIBLE' } });
    expect(paused.error!.message).toContain('p is now 2.0.0, the run started on 1.0.0');
  });

  it('cancels a paused run: its waiting tasks are cancelled and run.cancelled is recorded and audited', async () => {
    const { store, registry, runId } = await pausedAfterMajorUpgrade([defineTool({ id: 't', execute: () => 'done' }), workflow('w', [human, toolTask('post', 't', ['ok'])])]);
    const second = createTestEngine({ store, registry });
    expect((await second.engine.recover()).paused).toEqual([runId]);
    await refusal(second.engine.answerHumanTask(runId, 'ok', { approved: true }), 'E_RUN_NOT_LIVE');

    const cancelled = await second.engine.cancel(runId, 'pack upgraded', 'ada');
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'E_RUN_CANCELLED' } });
    expect(cancelled.tasks.ok!.status).toBe('cancelled');
    expect(cancelled.tasks.post!.status).toBe('cancelled');
    expect((await second.events(runId)).map((e) => e.type).slice(-4)).toEqual(['run.paused', 'task.cancelled', 'task.cancelled', 'run.cancelled']);
    expect((await second.audit(runId)).map((entry) => [entry.action, entry.actor])).toContainEqual(['run.cancelled', 'ada']);
    await expectConsistentLog(second, runId);
    await refusal(second.engine.cancel(runId), 'E_RUN_TERMINAL');
  });

  it('cancels the paused child run of a paused run with it', async () => {
    const descriptors = [workflow('c', [human]), workflow('w', [{ id: 'sub', executor: { type: 'workflow', workflowId: 'c' } }])];
    const store = new MemoryStore();
    const registry = new DescriptorRegistry();
    registry.register('p', '1.0.0', descriptors);
    const first = createTestEngine({ store, registry });
    const asked = new Promise<string>((resolve) => {
      first.engine.subscribe(({ event }) => {
        if (event.type === 'task.awaiting_input') resolve(event.runId);
      });
    });
    const { runId } = await first.engine.startWorkflow('w');
    const childRunId = await asked;
    expect((await first.engine.getRun(runId)).tasks.sub).toMatchObject({ status: 'running', childRunId });
    await first.close();
    registry.unregister('p');
    registry.register('p', '2.0.0', descriptors);

    const second = createTestEngine({ store, registry });
    expect([...(await second.engine.recover()).paused].sort()).toEqual([runId, childRunId].sort());

    expect(await second.engine.cancel(runId, 'pack upgraded', 'ada')).toMatchObject({ status: 'cancelled', tasks: { sub: { status: 'cancelled' } } });
    expect(await second.engine.getRun(childRunId)).toMatchObject({ status: 'cancelled', tasks: { ok: { status: 'cancelled' } } });
    expect((await second.audit(childRunId)).map((entry) => [entry.action, entry.actor])).toContainEqual(['run.cancelled', 'ada']);
    await expectConsistentLog(second, childRunId);
    await refusal(second.engine.cancel(childRunId), 'E_RUN_TERMINAL');
  });

  it('cancels a paused run whose child another engine drives, and leaves that child to it', async () => {
    const hang = defineTool({ id: 'hang', execute: () => new Promise(() => undefined) });
    const child = workflow('c', [toolTask('wait', 'hang')]);
    const parent = workflow('w', [{ id: 'sub', executor: { type: 'workflow', workflowId: 'c' } }]);
    const store = new MemoryStore();
    const registry = new DescriptorRegistry();
    registry.register('q', '1.0.0', [hang, child]);
    registry.register('p', '1.0.0', [parent]);
    const first = createTestEngine({ store, registry });
    const started = new Promise<string>((resolve) => {
      first.engine.subscribe(({ event }) => {
        if (event.type === 'task.started' && event.taskId === 'wait') resolve(event.runId);
      });
    });
    const { runId } = await first.engine.startWorkflow('w');
    const childRunId = await started;
    await first.close();
    registry.unregister('p');
    registry.register('p', '2.0.0', [parent]);
    // The second engine resumes the child (its pack did not change) and pauses the parent.
    const second = createTestEngine({ store, registry });
    expect(await second.engine.recover()).toEqual({ resumed: [childRunId], paused: [runId] });

    const third = createTestEngine({ store, registry });
    expect(await third.engine.cancel(runId, 'stop')).toMatchObject({ status: 'cancelled' });
    expect((await store.getRun(childRunId))!.status).toBe('running');
    expect(third.logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ runId: childRunId, status: 'running' }) }));
    await second.close();
  });

  it('cancels a run that an engine which did not recover finds incompatible while adopting it', async () => {
    const { store, registry, runId } = await pausedAfterMajorUpgrade([workflow('w', [human])]);
    // A new process (e.g. `troupe cancel`) that did not recover anything.
    const second = createTestEngine({ store, registry });
    expect((await second.engine.cancel(runId)).status).toBe('cancelled');
    expect((await second.events(runId)).map((e) => e.type).slice(-3)).toEqual(['run.paused', 'task.cancelled', 'run.cancelled']);
    await expectConsistentLog(second, runId);
  });
});
