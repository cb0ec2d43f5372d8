import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { echoTool, expectConsistentLog, refusal, toolTask, workflow } from './engineFixtures.js';

const approvalFlow = workflow('publish', [
  toolTask('draft', 'echo', [], { input: { text: { from: 'input.text' } } }),
  { id: 'approve', dependsOn: ['draft'], executor: { type: 'human', mode: 'approval', prompt: 'Publish this draft?', assignee: 'editors' } },
  toolTask('post', 'echo', ['approve']),
]);

const inputFlow = workflow('ask', [
  { id: 'budget', executor: { type: 'human', mode: 'input', prompt: 'How much may we spend?' }, inputSchema: { type: 'object', required: ['amount'], properties: { amount: { type: 'number', minimum: 0 } } } },
  toolTask('spend', 'echo', ['budget'], { input: { amount: { from: 'tasks.budget.output.amount' } } }),
]);

describe('engine: human tasks', () => {
  it('waits for an approval without holding a timer, then resumes when approved', async () => {
    const t = createTestEngine({ descriptors: [echoTool, approvalFlow] });
    const { runId } = await t.engine.startWorkflow('publish', { input: { text: 'hello' } });
    const waiting = await t.engine.wait(runId);
    expect(waiting.status).toBe('awaiting_input');
    expect(waiting.tasks.approve).toMatchObject({ status: 'awaiting_input', attempt: 1 });
    expect(t.clock.pendingTimers).toBe(0);
    const asked = (await t.events(runId)).find((e) => e.type === 'task.awaiting_input')!;
    expect(asked.data).toMatchObject({ mode: 'approval', prompt: 'Publish this draft?', assignee: 'editors', input: { upstream: { draft: { text: 'hello' } } } });

    const answered = await t.engine.answerHumanTask(runId, 'approve', { approved: true, comment: 'ship it', actor: 'grace' });
    expect(answered.tasks.approve).toMatchObject({ status: 'completed', answeredBy: 'grace', output: { approved: true, comment: 'ship it', actor: 'grace' } });
    const done = await t.engine.wait(runId, { untilTerminal: true });
    expect(done.status).toBe('completed');
    expect(done.tasks.post!.status).toBe('completed');
    await expectConsistentLog(t, runId);
  });

  it('fails the task with E_TASK_REJECTED when the approval is rejected', async () => {
    const t = createTestEngine({ descriptors: [echoTool, approvalFlow] });
    const { runId } = await t.engine.startWorkflow('publish', { input: { text: 'hello' } });
    await t.engine.wait(runId);
    await t.engine.answerHumanTask(runId, 'approve', { approved: false, comment: 'too long', actor: 'grace' });
    const done = await t.engine.wait(runId, { untilTerminal: true });
    expect(done.status).toBe('failed');
    expect(done.tasks.approve).toMatchObject({ status: 'failed', error: { code: 'E_TASK_REJECTED', message: 'Task approve was rejected by grace: too long' } });
    expect(done.tasks.post!.status).toBe('cancelled');
  });

  it('takes an input answer checked against the task inputSchema', async () => {
    const t = createTestEngine({ descriptors: [echoTool, inputFlow] });
    const { runId } = await t.engine.startWorkflow('ask');
    expect((await t.engine.wait(runId)).status).toBe('awaiting_input');
    const bad = await refusal(t.engine.answerHumanTask(runId, 'budget', { value: { amount: -5 } }), 'E_ANSWER_INVALID');
    expect(bad.details.problems).toEqual(['/amount must be >= 0']);
    await refusal(t.engine.answerHumanTask(runId, 'budget', { approved: true }), 'E_ANSWER_INVALID');
    // A refused answer changes nothing.
    expect((await t.engine.getRun(runId)).tasks.budget!.status).toBe('awaiting_input');
    await t.engine.answerHumanTask(runId, 'budget', { value: { amount: 120 }, actor: 'finance' });
    const done = await t.engine.wait(runId, { untilTerminal: true });
    expect(done.tasks.spend!.output).toEqual({ amount: 120 });
    await expectConsistentLog(t, runId);
  });

  it('refuses answers to tasks that do not wait, to unknown tasks and to ended runs', async () => {
    const t = createTestEngine({ descriptors: [echoTool, approvalFlow] });
    const { runId } = await t.engine.startWorkflow('publish', { input: { text: 'x' } });
    await t.engine.wait(runId);
    const notWaiting = await refusal(t.engine.answerHumanTask(runId, 'draft', { approved: true }), 'E_TASK_NOT_AWAITING');
    expect(notWaiting.message).toBe(`Task draft of run ${runId} is not waiting for an answer (it is completed)`);
    await refusal(t.engine.answerHumanTask(runId, 'nope', { approved: true }), 'E_TASK_NOT_FOUND');
    await refusal(t.engine.answerHumanTask(runId, 'approve', { approved: 'yes' } as never), 'E_ANSWER_INVALID');
    await t.engine.answerHumanTask(runId, 'approve', { approved: true });
    await t.engine.wait(runId, { untilTerminal: true });
    await refusal(t.engine.answerHumanTask(runId, 'approve', { approved: true }), 'E_RUN_TERMINAL');
    await refusal(t.engine.answerHumanTask('missing-run', 'approve', { approved: true }), 'E_RUN_NOT_FOUND');
  });

  it('gives the host slot back while waiting for a human', async () => {
    const t = createTestEngine({ config: { maxConcurrentRuns: 1 }, descriptors: [echoTool, approvalFlow, workflow('quick', [toolTask('a', 'echo')])] });
    const first = await t.engine.startWorkflow('publish', { input: { text: 'x' } });
    expect((await t.engine.wait(first.runId)).status).toBe('awaiting_input');
    const second = await t.engine.startWorkflow('quick');
    expect((await t.engine.wait(second.runId)).status).toBe('completed');
    await t.engine.answerHumanTask(first.runId, 'approve', { approved: true });
    expect((await t.engine.wait(first.runId, { untilTerminal: true })).status).toBe('completed');
  });
});
