import { defineTool, TroupeError } from '@troupe/sdk';
import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { expectConsistentLog, refusal, toolTask, workflow } from './engineFixtures.js';

/** A tool that never finishes by itself and records when its signal fires. */
function hangingTool(id: string) {
  const seen: { taskId: string; attempt: number; reason: unknown }[] = [];
  return {
    seen,
    descriptor: defineTool({
      id,
      execute: (_input, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            seen.push({ taskId: ctx.taskId, attempt: ctx.attempt, reason: ctx.signal.reason });
            reject(ctx.signal.reason);
          });
        }),
    }),
  };
}

describe('engine: timeouts and cancellation', () => {
  it('times out a task: the tool observes the abort, the task fails with E_TASK_TIMEOUT, retries get a fresh signal', async () => {
    const hang = hangingTool('hang');
    const t = createTestEngine({
      descriptors: [hang.descriptor, workflow('slow', [toolTask('call', 'hang', [], { timeoutMs: 1000, retry: { maxAttempts: 2, initialDelayMs: 50, jitter: false } })])],
    });
    const { runId } = await t.engine.startWorkflow('slow');
    await t.clock.advance(999);
    expect(hang.seen).toEqual([]);
    await t.clock.advance(1);
    expect(hang.seen).toHaveLength(1);
    expect(hang.seen[0]!.reason).toBeInstanceOf(TroupeError);
    expect((hang.seen[0]!.reason as TroupeError).code).toBe('E_TASK_TIMEOUT');
    expect((await t.engine.getRun(runId)).tasks.call).toMatchObject({ status: 'retry_wait', error: { code: 'E_TASK_TIMEOUT' } });
    await t.clock.advance(50 + 1000);
    const done = await t.engine.wait(runId);
    expect(hang.seen.map((s) => s.attempt)).toEqual([1, 2]);
    expect(done.status).toBe('failed');
    expect(done.tasks.call).toMatchObject({ status: 'failed', attempt: 2, error: { code: 'E_TASK_TIMEOUT', details: { timeoutMs: 1000 } } });
    await expectConsistentLog(t, runId);
  });

  it('applies config.engine.defaultTaskTimeoutMs to tasks without their own', async () => {
    const hang = hangingTool('hang');
    const t = createTestEngine({ config: { defaultTaskTimeoutMs: 300 }, descriptors: [hang.descriptor, workflow('slow', [toolTask('call', 'hang')])] });
    const { runId } = await t.engine.startWorkflow('slow');
    await t.clock.advance(300);
    expect((await t.engine.wait(runId)).tasks.call!.error!.code).toBe('E_TASK_TIMEOUT');
  });

  it('times out the whole run: running tasks are aborted and cancelled, pending ones never start', async () => {
    const hang = hangingTool('hang');
    const started: string[] = [];
    const t = createTestEngine({
      descriptors: [
        hang.descriptor,
        defineTool({ id: 'after', execute: (_i, ctx) => started.push(ctx.taskId) }),
        workflow('run-timeout', [toolTask('a', 'hang'), toolTask('b', 'hang'), toolTask('c', 'after', ['a', 'b'])], { timeoutMs: 5000 }),
      ],
    });
    const { runId } = await t.engine.startWorkflow('run-timeout');
    await t.clock.advance(5000);
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'E_RUN_TIMEOUT', details: { timeoutMs: 5000 } });
    expect(hang.seen.map((s) => s.taskId).sort()).toEqual(['a', 'b']);
    // The signal's reason is the run's error, as the runtime README promises (not E_RUN_CANCELLED).
    expect(hang.seen.map((s) => (s.reason as TroupeError).code)).toEqual(['E_RUN_TIMEOUT', 'E_RUN_TIMEOUT']);
    expect(done.tasks.a!.status).toBe('cancelled');
    expect(done.tasks.c!.status).toBe('cancelled');
    expect(started).toEqual([]);
    expect(t.clock.pendingTimers).toBe(0);
    await expectConsistentLog(t, runId);
  });

  it('cancels a run: executors see the abort, every unfinished task ends cancelled, the run records who and why', async () => {
    const hang = hangingTool('hang');
    const t = createTestEngine({ descriptors: [hang.descriptor, workflow('long', [toolTask('a', 'hang'), toolTask('b', 'hang', ['a'])], { timeoutMs: 60_000 })] });
    const { runId } = await t.engine.startWorkflow('long');
    await t.clock.advance(0);
    const cancelled = await t.engine.cancel(runId, 'not needed any more', 'ada');
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.error).toMatchObject({ code: 'E_RUN_CANCELLED', message: `Run ${runId} was cancelled: not needed any more` });
    expect(cancelled.tasks.a!.status).toBe('cancelled');
    expect(cancelled.tasks.b!.status).toBe('cancelled');
    expect((hang.seen[0]!.reason as TroupeError).code).toBe('E_RUN_CANCELLED');
    const events = await t.events(runId);
    expect(events.at(-1)).toMatchObject({ type: 'run.cancelled', data: { actor: 'ada' } });
    expect(t.clock.pendingTimers).toBe(0);
    expect((await t.engine.wait(runId)).status).toBe('cancelled');
    await refusal(t.engine.cancel(runId), 'E_RUN_TERMINAL');
    await expectConsistentLog(t, runId);
  });

  it('a long burst of synchronous tools lets timers and requests in: a cancel sent while it runs lands before its end', async () => {
    const STEPS = 20_000;
    let steps = 0;
    const sync = defineTool({ id: 'sync', execute: () => ++steps });
    const chain = Array.from({ length: STEPS }, (_, i) => toolTask(`s${i}`, 'sync', i > 0 ? [`s${i - 1}`] : []));
    const t = createTestEngine({ descriptors: [sync, workflow('long-sync', chain)] });
    const { runId } = await t.engine.startWorkflow('long-sync');
    // A real timer: each step's result, commit and next start are microtasks, so before, it fired only after the last step.
    const cancelled = new Promise((resolve) => setTimeout(() => resolve(t.engine.cancel(runId, 'enough')), 0));
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('cancelled');
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThan(STEPS);
    await cancelled;
    await expectConsistentLog(t, runId);
  });
});
