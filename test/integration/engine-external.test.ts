import { defineTool } from '@troupe/sdk';
import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { echoTool, expectConsistentLog, refusal, toolTask, workflow } from './engineFixtures.js';

describe('engine: external task updates (applyTaskUpdates)', () => {
  const pipeline = workflow('ci', [
    { id: 'build', executor: { type: 'human', mode: 'input' }, outputSchema: { type: 'object', required: ['artifact'] } },
    toolTask('deploy', 'echo', ['build'], { input: { artifact: { from: 'tasks.build.output.artifact' } } }),
  ]);

  it('completes a task from outside and schedules its dependants', async () => {
    const t = createTestEngine({ descriptors: [echoTool, pipeline] });
    const { runId } = await t.engine.startWorkflow('ci');
    await t.engine.wait(runId);
    const after = await t.engine.applyTaskUpdates(runId, [{ taskId: 'build', status: 'completed', output: { artifact: 'app-1.2.tgz' } }], 'ci-bot');
    expect(after.tasks.build).toMatchObject({ status: 'completed', output: { artifact: 'app-1.2.tgz' } });
    const done = await t.engine.wait(runId, { untilTerminal: true });
    expect(done.tasks.deploy!.output).toEqual({ artifact: 'app-1.2.tgz' });
    const completed = (await t.events(runId)).find((e) => e.type === 'task.completed' && e.taskId === 'build')!;
    expect(completed.data).toMatchObject({ external: true, actor: 'ci-bot' });
    await expectConsistentLog(t, runId);
  });

  it('marks a pending task as driven from outside: the engine never executes it, and it can fail from outside', async () => {
    const ran: string[] = [];
    const t = createTestEngine({
      descriptors: [
        defineTool({ id: 'work', execute: (_i, ctx) => new Promise((resolve) => setImmediate(() => resolve(ran.push(ctx.taskId)))) }),
        workflow('mixed', [toolTask('first', 'work'), toolTask('outside', 'work', ['first']), toolTask('last', 'work', ['outside'])]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('mixed');
    await t.engine.applyTaskUpdates(runId, [{ taskId: 'outside', status: 'running' }]);
    await t.clock.advance(0);
    const state = await t.engine.getRun(runId);
    expect(state.tasks.first!.status).toBe('completed');
    expect(state.tasks.outside!.status).toBe('running');
    expect(ran).toEqual(['first']);
    await t.engine.applyTaskUpdates(runId, [{ taskId: 'outside', status: 'failed', error: { code: 'E_REMOTE', message: 'remote job crashed' } }]);
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('failed');
    expect(done.tasks.outside).toMatchObject({ status: 'failed', error: { code: 'E_REMOTE', message: 'remote job crashed' } });
    expect(ran).toEqual(['first']);
  });

  it('aborts an executor whose task is completed from outside and ignores its late result', async () => {
    const aborted: string[] = [];
    const t = createTestEngine({
      descriptors: [
        echoTool,
        defineTool({ id: 'hang', execute: (_i, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => (aborted.push(ctx.taskId), resolve('late')))) }),
        workflow('race', [toolTask('slow', 'hang'), toolTask('next', 'echo', ['slow'])]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('race');
    await t.clock.advance(0);
    await t.engine.applyTaskUpdates(runId, [{ taskId: 'slow', status: 'completed', output: 'from outside' }]);
    const done = await t.engine.wait(runId);
    expect(aborted).toEqual(['slow']);
    expect(done.tasks.slow!.output).toBe('from outside');
    expect(done.tasks.next!.output).toEqual({ input: undefined, upstream: { slow: 'from outside' } });
    await expectConsistentLog(t, runId);
  });

  it('refuses bad updates as a whole and changes nothing', async () => {
    const t = createTestEngine({ descriptors: [echoTool, pipeline] });
    const { runId } = await t.engine.startWorkflow('ci');
    await t.engine.wait(runId);
    const before = await t.events(runId);
    await refusal(t.engine.applyTaskUpdates(runId, [{ taskId: 'build', status: 'completed', output: { wrong: true } }]), 'E_OUTPUT_INVALID');
    await refusal(t.engine.applyTaskUpdates(runId, [{ taskId: 'ghost', status: 'completed' }]), 'E_TASK_NOT_FOUND');
    const invalid = await refusal(
      t.engine.applyTaskUpdates(runId, [
        { taskId: 'build', status: 'completed', output: { artifact: 'a' } },
        { taskId: 'build', status: 'failed', error: { message: 'twice' } },
      ]),
      'E_TASK_UPDATE_INVALID',
    );
    expect(invalid.message).toContain('already ended (completed)');
    await refusal(t.engine.applyTaskUpdates(runId, [{ taskId: 'build', status: 'paused' as never }]), 'E_TASK_UPDATE_INVALID');
    expect(await t.events(runId)).toEqual(before);
  });
});
