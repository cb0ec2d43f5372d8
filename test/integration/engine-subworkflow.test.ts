import { defineTool, TroupeError } from '@troupe/sdk';
import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { echoTool, expectConsistentLog, failTool, refusal, toolTask, workflow } from './engineFixtures.js';

const child = workflow('child', [toolTask('double', 'double', [], { input: { n: { from: 'input.n' } } })], { output: { from: 'tasks.double.output' } });
const double = defineTool({ id: 'double', execute: (input) => ({ doubled: (input as { n: number }).n * 2 }) });

describe('engine: sub-workflows', () => {
  it('runs a child workflow whose result becomes the task output', async () => {
    const t = createTestEngine({
      descriptors: [
        double,
        echoTool,
        child,
        workflow('parent', [{ id: 'sub', executor: { type: 'workflow', workflowId: 'child', versionRange: '^1.0.0' }, input: { n: { from: 'input.n' } } }, toolTask('use', 'echo', ['sub'])]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('parent', { input: { n: 21 }, conversationId: 'conv-1' });
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(done.tasks.sub!.output).toEqual({ doubled: 42 });
    const childRunId = done.tasks.sub!.childRunId!;
    expect(childRunId).toBe(`${runId}/sub/1`);
    const childRun = await t.engine.getRun(childRunId);
    expect(childRun).toMatchObject({ status: 'completed', parentRunId: runId, parentTaskId: 'sub', conversationId: 'conv-1', input: { n: 21 } });
    await expectConsistentLog(t, runId);
    await expectConsistentLog(t, childRunId);
  });

  it('fails the parent task when the child fails', async () => {
    const t = createTestEngine({ descriptors: [failTool, workflow('bad-child', [toolTask('x', 'fail')]), workflow('parent', [{ id: 'sub', executor: { type: 'workflow', workflowId: 'bad-child' } }])] });
    const done = await t.engine.wait((await t.engine.startWorkflow('parent')).runId);
    expect(done.tasks.sub).toMatchObject({ status: 'failed', error: { code: 'E_TASK_FAILED', cause: { code: 'E_TASK_FAILED' } } });
    expect(done.tasks.sub!.error!.message).toContain('sub-workflow run');
  });

  it('cancelling the parent cancels the child, whose tool sees the abort', async () => {
    const aborted: unknown[] = [];
    const t = createTestEngine({
      descriptors: [
        defineTool({ id: 'hang', execute: (_i, ctx) => new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => (aborted.push(ctx.signal.reason), reject(ctx.signal.reason)))) }),
        workflow('slow-child', [toolTask('wait', 'hang')]),
        workflow('parent', [{ id: 'sub', executor: { type: 'workflow', workflowId: 'slow-child' } }]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('parent');
    await t.clock.advance(0);
    const childRunId = (await t.engine.getRun(runId)).tasks.sub!.childRunId!;
    expect((await t.engine.getRun(childRunId)).status).toBe('running');
    await t.engine.cancel(runId, 'user gave up');
    const childDone = await t.engine.wait(childRunId);
    expect(childDone.status).toBe('cancelled');
    expect(childDone.tasks.wait!.status).toBe('cancelled');
    expect((aborted[0] as TroupeError).code).toBe('E_RUN_CANCELLED');
    expect((await t.engine.getRun(runId)).status).toBe('cancelled');
  });

  it('checks the child\'s secrets when the parent starts', async () => {
    const t = createTestEngine({
      descriptors: [double, workflow('needs-secret', [toolTask('x', 'double')], { requiredSecrets: ['child.token'] }), workflow('parent', [{ id: 'sub', executor: { type: 'workflow', workflowId: 'needs-secret' } }])],
    });
    const error = await refusal(t.engine.startWorkflow('parent'), 'E_SECRET_MISSING');
    expect(error.details.missing).toEqual(['child.token']);
  });
});
