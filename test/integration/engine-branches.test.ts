import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { echoTool, expectConsistentLog, failTool, taskStatuses, toolTask, workflow } from './engineFixtures.js';

describe('engine: branches, skip propagation and join policies', () => {
  const branchy = workflow('branchy', [
    toolTask('classify', 'echo', [], { input: { kind: { from: 'input.kind' } } }),
    toolTask('bug', 'echo', ['classify'], { when: 'tasks.classify.output.kind == "bug"' }),
    toolTask('triage', 'echo', ['bug']),
    toolTask('feature', 'echo', ['classify'], { when: 'tasks.classify.output.kind in ["feature", "idea"]' }),
    toolTask('spec', 'echo', ['feature']),
    toolTask('notify', 'echo', ['triage', 'spec']),
  ]);

  it('skips a branch whose `when` is false, and skips everything that depends only on skipped tasks', async () => {
    const t = createTestEngine({ descriptors: [echoTool, branchy] });
    const { runId } = await t.engine.startWorkflow('branchy', { input: { kind: 'bug' } });
    const done = await t.engine.wait(runId);
    expect(taskStatuses(done)).toEqual({ classify: 'completed', bug: 'completed', triage: 'completed', feature: 'skipped', spec: 'skipped', notify: 'completed' });
    // The join ran with one completed and one skipped dependency and saw only the completed output.
    expect(done.tasks.notify!.output).toEqual({ input: { kind: 'bug' }, upstream: { triage: expect.any(Object) } });
    const skips = (await t.events(runId)).filter((e) => e.type === 'task.skipped').map((e) => [e.taskId, e.data!.reason]);
    expect(skips).toEqual([
      ['feature', 'when'],
      ['spec', 'dependencies_skipped'],
    ]);
    await expectConsistentLog(t, runId);
  });

  it('skips a join when all of its dependencies were skipped, and completes the run', async () => {
    const t = createTestEngine({ descriptors: [echoTool, branchy] });
    const done = await t.engine.wait((await t.engine.startWorkflow('branchy', { input: { kind: 'question' } })).runId);
    expect(done.status).toBe('completed');
    expect(taskStatuses(done)).toEqual({ classify: 'completed', bug: 'skipped', triage: 'skipped', feature: 'skipped', spec: 'skipped', notify: 'skipped' });
    expect(done.output).toEqual({});
  });

  it('all_completed skips the join unless every dependency completed', async () => {
    const t = createTestEngine({
      descriptors: [
        echoTool,
        workflow('strict', [
          toolTask('a', 'echo'),
          toolTask('b', 'echo', [], { when: 'input.runB' }),
          toolTask('join', 'echo', ['a', 'b'], { joinPolicy: 'all_completed' }),
        ]),
      ],
    });
    expect(taskStatuses(await t.engine.wait((await t.engine.startWorkflow('strict', { input: { runB: false } })).runId)).join).toBe('skipped');
    expect(taskStatuses(await t.engine.wait((await t.engine.startWorkflow('strict', { input: { runB: true } })).runId)).join).toBe('completed');
  });

  it('all_settled runs after a failure, sees the statuses, and takes the failure over so the run completes', async () => {
    const t = createTestEngine({
      descriptors: [
        echoTool,
        failTool,
        workflow('settled', [
          toolTask('risky', 'fail'),
          toolTask('safe', 'echo'),
          toolTask('report', 'echo', ['risky', 'safe'], {
            joinPolicy: 'all_settled',
            input: { risky: { from: 'tasks.risky.status' }, error: { from: 'tasks.risky.error.code' }, safe: { from: 'tasks.safe.status' } },
          }),
        ]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('settled');
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(done.tasks.risky!.status).toBe('failed');
    expect(done.tasks.report!.output).toEqual({ risky: 'failed', error: 'E_TOOL_BROKE', safe: 'completed' });
    await expectConsistentLog(t, runId);
  });

  it('any_completed fails a task whose dependency failed with E_DEPENDENCY_FAILED', async () => {
    const t = createTestEngine({
      descriptors: [
        echoTool,
        failTool,
        workflow('dep-failed', [
          toolTask('risky', 'fail'),
          toolTask('after', 'echo', ['risky']),
          toolTask('cleanup', 'echo', ['risky'], { joinPolicy: 'all_settled' }),
        ]),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('dep-failed')).runId);
    expect(done.tasks.after).toMatchObject({ status: 'failed', error: { code: 'E_DEPENDENCY_FAILED', details: { taskId: 'after', dependency: 'risky' } } });
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'E_TASK_FAILED', details: { taskId: 'after' } });
  });

  it('fails fast: an unhandled failure cancels running and pending work', async () => {
    const t = createTestEngine({
      descriptors: [echoTool, failTool, workflow('fast', [toolTask('risky', 'fail'), toolTask('next', 'echo', ['risky']), toolTask('other', 'echo', ['next'])])],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('fast')).runId);
    expect(taskStatuses(done)).toEqual({ risky: 'failed', next: 'cancelled', other: 'cancelled' });
    expect(done.error).toMatchObject({ code: 'E_TASK_FAILED', message: 'Task risky failed: tool broke' });
  });

  it('builds task input from bindings and the run output from output bindings', async () => {
    const t = createTestEngine({
      descriptors: [
        echoTool,
        workflow(
          'bindings',
          [
            toolTask('first', 'echo', [], { input: { repo: { from: 'input.repo' }, fixed: { value: [1, 2] }, who: { from: 'context.user || "anonymous"' } } }),
            toolTask('second', 'echo', ['first'], { input: { url: { from: 'tasks.first.output.repo' } } }),
          ],
          { output: { url: { from: 'tasks.second.output.url' }, first: { from: 'tasks.first.output' } } },
        ),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('bindings', { input: { repo: 'troupe' }, context: { user: 'ada' } })).runId);
    expect(done.tasks.first!.output).toEqual({ repo: 'troupe', fixed: [1, 2], who: 'ada' });
    expect(done.output).toEqual({ url: 'troupe', first: { repo: 'troupe', fixed: [1, 2], who: 'ada' } });
    expect(done.context).toEqual({ user: 'ada' });
  });
});
