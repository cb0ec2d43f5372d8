import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { echoTool, expectConsistentLog, recordingTool, taskStatuses, toolTask, workflow } from './engineFixtures.js';

describe('engine: task graphs run themselves', () => {
  it('runs a sequential chain in order, handing each output to the next task', async () => {
    const calls: { taskId: string; attempt: number; input: unknown; idempotencyKey: string }[] = [];
    const t = createTestEngine({
      descriptors: [
        recordingTool('step', calls, (input) => ({ count: ((input as { upstream: Record<string, { count: number }> }).upstream.a?.count ?? 0) + 1 })),
        workflow('chain', [toolTask('a', 'step'), toolTask('b', 'step', ['a']), toolTask('c', 'step', ['b'])]),
      ],
    });
    const started = await t.engine.startWorkflow('chain', { input: { n: 1 } });
    const done = await t.engine.wait(started.runId);
    expect(done.status).toBe('completed');
    expect(calls.map((c) => c.taskId)).toEqual(['a', 'b', 'c']);
    expect(calls[1]!.input).toEqual({ input: { n: 1 }, upstream: { a: { count: 1 } } });
    expect(calls[0]!.idempotencyKey).toBe(`${started.runId}:a`);
    expect(done.output).toEqual({ c: { count: 1 } });
    await expectConsistentLog(t, started.runId);
  });

  it('fans out and joins: the join sees every branch output', async () => {
    const t = createTestEngine({
      descriptors: [
        echoTool,
        workflow('fan', [
          toolTask('root', 'echo'),
          ...['x', 'y', 'z'].map((id) => toolTask(id, 'echo', ['root'], { input: { branch: { value: id } } })),
          toolTask('join', 'echo', ['x', 'y', 'z']),
        ]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('fan', { input: 'go' });
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(done.tasks.join!.output).toEqual({ input: 'go', upstream: { x: { branch: 'x' }, y: { branch: 'y' }, z: { branch: 'z' } } });
    await expectConsistentLog(t, runId);
  });

  it('runs a diamond: the bottom starts only after both sides ended', async () => {
    const order: string[] = [];
    const t = createTestEngine({
      descriptors: [
        recordingTool('rec', [], (_input, ctx) => {
          order.push(ctx.taskId);
          return ctx.taskId;
        }),
        workflow('diamond', [toolTask('top', 'rec'), toolTask('left', 'rec', ['top']), toolTask('right', 'rec', ['top']), toolTask('bottom', 'rec', ['left', 'right'])]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('diamond');
    const done = await t.engine.wait(runId);
    expect(taskStatuses(done)).toEqual({ top: 'completed', left: 'completed', right: 'completed', bottom: 'completed' });
    expect(order[0]).toBe('top');
    expect(order[3]).toBe('bottom');
    const events = await t.events(runId);
    const started = (id: string) => events.find((e) => e.type === 'task.started' && e.taskId === id)!.seq;
    const ended = (id: string) => events.find((e) => e.type === 'task.completed' && e.taskId === id)!.seq;
    expect(started('bottom')).toBeGreaterThan(ended('left'));
    expect(started('bottom')).toBeGreaterThan(ended('right'));
    await expectConsistentLog(t, runId);
  });
});
