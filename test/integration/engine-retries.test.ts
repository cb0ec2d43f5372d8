import { defineTool } from '@troupe/sdk';
import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { expectConsistentLog, toolTask, workflow } from './engineFixtures.js';

/** A tool that fails `failures` times with `code`, then returns 'ok'. */
function flakyTool(id: string, failures: number, code = 'E_FLAKY') {
  const attempts: { attempt: number; at: number }[] = [];
  let left = failures;
  return {
    attempts,
    descriptor: defineTool({
      id,
      execute: (_input, ctx) => {
        attempts.push({ attempt: ctx.attempt, at: Date.now() });
        if (left-- > 0) throw Object.assign(new Error(`failure ${failures - left}`), { code });
        return 'ok';
      },
    }),
  };
}

describe('engine: retries', () => {
  it('retries with exponential backoff on the fake clock, capped at maxDelayMs, and keeps the idempotency key', async () => {
    const flaky = flakyTool('flaky', 3);
    const t = createTestEngine({
      descriptors: [
        flaky.descriptor,
        workflow('retry', [toolTask('call', 'flaky', [], { retry: { maxAttempts: 4, backoff: 'exponential', initialDelayMs: 100, maxDelayMs: 250, jitter: false } })]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('retry');
    await t.clock.advance(0);
    const delays: number[] = [];
    let state = await t.engine.getRun(runId);
    while (state.tasks.call!.status === 'retry_wait') {
      delays.push(state.tasks.call!.nextAttemptAt! - t.clock.now());
      // One millisecond early: nothing happens yet.
      await t.clock.advance(delays.at(-1)! - 1);
      expect((await t.engine.getRun(runId)).tasks.call!.status).toBe('retry_wait');
      await t.clock.advance(1);
      state = await t.engine.getRun(runId);
    }
    expect(delays).toEqual([100, 200, 250]);
    const done = await t.engine.wait(runId);
    expect(done.tasks.call).toMatchObject({ status: 'completed', attempt: 4, output: 'ok' });
    const retries = (await t.events(runId)).filter((e) => e.type === 'task.retry_scheduled');
    expect(retries.map((e) => [e.attempt, (e.data!.error as { code: string }).code, e.data!.delayMs])).toEqual([
      [1, 'E_FLAKY', 100],
      [2, 'E_FLAKY', 200],
      [3, 'E_FLAKY', 250],
    ]);
    await expectConsistentLog(t, runId);
  });

  it('uses fixed backoff and full jitter drawn from [0, delay]', async () => {
    const flaky = flakyTool('flaky', 2);
    const draws = [0.25, 0.999];
    const t = createTestEngine({
      random: () => draws.shift() ?? 0,
      descriptors: [flaky.descriptor, workflow('jitter', [toolTask('call', 'flaky', [], { retry: { maxAttempts: 3, backoff: 'fixed', initialDelayMs: 400 } })])],
    });
    const { runId } = await t.engine.startWorkflow('jitter');
    await t.clock.advance(0);
    expect((await t.events(runId)).filter((e) => e.type === 'task.retry_scheduled').map((e) => e.data!.delayMs)).toEqual([100]);
    await t.clock.advance(100);
    expect((await t.events(runId)).filter((e) => e.type === 'task.retry_scheduled').map((e) => e.data!.delayMs)).toEqual([100, 400]);
    await t.clock.advance(400);
    expect((await t.engine.wait(runId)).status).toBe('completed');
  });

  it('fails once attempts are used up, with the last error', async () => {
    const flaky = flakyTool('flaky', 5);
    const t = createTestEngine({ descriptors: [flaky.descriptor, workflow('exhaust', [toolTask('call', 'flaky', [], { retry: { maxAttempts: 2, initialDelayMs: 10, jitter: false } })])] });
    const { runId } = await t.engine.startWorkflow('exhaust');
    await t.clock.advance(10);
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('failed');
    expect(done.tasks.call).toMatchObject({ status: 'failed', attempt: 2, error: { code: 'E_FLAKY', message: 'failure 2' } });
    expect(done.error).toMatchObject({ code: 'E_TASK_FAILED', details: { taskId: 'call' }, cause: { code: 'E_FLAKY' } });
  });

  it('retries only the codes in retryOn', async () => {
    const flaky = flakyTool('flaky', 1, 'E_NOT_LISTED');
    const t = createTestEngine({
      descriptors: [flaky.descriptor, workflow('only', [toolTask('call', 'flaky', [], { retry: { maxAttempts: 3, initialDelayMs: 10, retryOn: ['E_TIMEOUTISH'] } })])],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('only')).runId);
    expect(done.tasks.call).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'E_NOT_LISTED' } });
  });

  it('never retries schema violations, even when retryOn lists them', async () => {
    const calls: number[] = [];
    const t = createTestEngine({
      descriptors: [
        defineTool({ id: 'shape', outputSchema: { type: 'string' }, execute: (_input, ctx) => (calls.push(ctx.attempt), 42) }),
        workflow('schema', [toolTask('call', 'shape', [], { retry: { maxAttempts: 5, initialDelayMs: 1, retryOn: ['E_OUTPUT_INVALID'] } })]),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('schema')).runId);
    expect(done.tasks.call).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'E_OUTPUT_INVALID' } });
    expect(calls).toEqual([1]);
  });
});
