import { defineCode, defineTool, type RunCommit } from '@troupe/sdk';
import { MemoryStore } from '@troupe/runtime';
import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { expectConsistentLog, failTool, toolTask, undoCode, workflow } from './engineFixtures.js';

describe('engine: compensation (saga)', () => {
  it('compensates completed tasks in reverse completion order when the run fails, recording each', async () => {
    const log: string[] = [];
    const t = createTestEngine({
      descriptors: [
        failTool,
        undoCode(log),
        defineTool({ id: 'step', execute: (_input, ctx) => (log.push(`do:${ctx.taskId}`), { booked: ctx.taskId }) }),
        defineTool({
          id: 'refund',
          execute: (input, ctx) => {
            const payload = input as { taskId: string; output: unknown };
            log.push(`refund:${payload.taskId}:${JSON.stringify(payload.output)}:${ctx.idempotencyKey}`);
            return 'refunded';
          },
        }),
        workflow('trip', [
          toolTask('flight', 'step', [], { compensate: 'code:undo' }),
          toolTask('hotel', 'step', ['flight'], { compensate: 'refund-hotel' }),
          toolTask('car', 'step', ['hotel']),
          toolTask('pay', 'fail', ['car']),
          toolTask('refund-hotel', 'refund'),
        ]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('trip');
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('failed');
    expect(log).toEqual(['do:flight', 'do:hotel', 'do:car', `refund:hotel:{"booked":"hotel"}:${runId}:hotel:compensate`, 'undo:flight']);
    // The compensation-only task is not part of the run's task list.
    expect(Object.keys(done.tasks).sort()).toEqual(['car', 'flight', 'hotel', 'pay']);
    expect(done.tasks.hotel!.compensated).toBe(true);
    expect(done.tasks.flight!.compensated).toBe(true);
    const events = await t.events(runId);
    expect(events.filter((e) => e.type === 'task.compensated').map((e) => [e.taskId, e.data!.by, e.data!.ok])).toEqual([
      ['hotel', 'refund-hotel', true],
      ['flight', 'code:undo', true],
    ]);
    expect(events.at(-1)!.type).toBe('run.failed');
    await expectConsistentLog(t, runId);
  });

  it('records a failing compensation and still compensates the rest', async () => {
    const log: string[] = [];
    const t = createTestEngine({
      descriptors: [
        failTool,
        undoCode(log),
        defineCode({ id: 'broken-undo', run: () => Promise.reject(new Error('cannot undo')) }),
        defineTool({ id: 'step', execute: () => 'done' }),
        workflow('partial', [toolTask('a', 'step', [], { compensate: 'code:undo' }), toolTask('b', 'step', ['a'], { compensate: 'code:broken-undo' }), toolTask('c', 'fail', ['b'])]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('partial');
    const done = await t.engine.wait(runId);
    expect(done.tasks.b!.compensated).toBe(false);
    expect(done.tasks.a!.compensated).toBe(true);
    const compensations = (await t.events(runId)).filter((e) => e.type === 'task.compensated');
    expect(compensations[0]!.data).toMatchObject({ ok: false, by: 'code:broken-undo', error: { code: 'E_TASK_FAILED', message: 'Task b failed: cannot undo' } });
    expect(log).toEqual(['undo:a']);
  });

  it('does not compensate a run that completes', async () => {
    const log: string[] = [];
    const t = createTestEngine({ descriptors: [undoCode(log), defineTool({ id: 'step', execute: () => 1 }), workflow('fine', [toolTask('a', 'step', [], { compensate: 'code:undo' })])] });
    expect((await t.engine.wait((await t.engine.startWorkflow('fine')).runId)).status).toBe('completed');
    expect(log).toEqual([]);
  });

  it('compensates a run whose output is refused only once its last step is durable', async () => {
    const durable: string[] = [];
    class WatchedStore extends MemoryStore {
      override async commit(batch: readonly RunCommit[]): Promise<void> {
        await super.commit(batch);
        for (const commit of batch) for (const event of commit.events) durable.push(`${event.type}${event.taskId ? `:${event.taskId}` : ''}`);
      }
    }
    const refunds: boolean[] = [];
    const t = createTestEngine({
      store: new WatchedStore(),
      descriptors: [
        defineTool({ id: 'book', execute: () => ({ booked: true }) }),
        // Compensation runs code on the outputs: by then the completion it undoes must be durable.
        defineTool({ id: 'refund', execute: () => (refunds.push(durable.includes('task.completed:last')), 'refunded') }),
        workflow('trip', [toolTask('first', 'book', [], { compensate: 'refund-first' }), toolTask('last', 'book', ['first']), toolTask('refund-first', 'refund')], {
          finalOutputSchema: { type: 'object', required: ['summary'] },
        }),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('trip')).runId);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'E_OUTPUT_INVALID' });
    expect(refunds).toEqual([true]);
  });
});

