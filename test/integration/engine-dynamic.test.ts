import { defineTool, type WorkflowProgress } from '@troupe/sdk';
import { compileWorkflow, DescriptorRegistry, MemoryStore } from '@troupe/runtime';
import { createTestEngine, FakeClock } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { expectConsistentLog, refusal, toolTask, workflow } from './engineFixtures.js';

const plan = defineTool({ id: 'plan', execute: (input) => ({ subtasks: (input as { input: { subtasks: unknown } }).input.subtasks }) });

describe('engine: forEach tasks', () => {
  it('runs one recorded instance per element, at most `concurrency` at once, outputs in element order; a flaky element retries on its own', async () => {
    let inFlight = 0;
    let peak = 0;
    const failed = new Set<number>();
    const seen: string[] = [];
    const work = defineTool({
      id: 'work',
      execute: async (input, ctx) => {
        const { item, index } = input as { item: string; index: number };
        seen.push(`${ctx.idempotencyKey}#${ctx.attempt}`);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        if (item === 'flaky' && !failed.has(index)) {
          failed.add(index);
          throw Object.assign(new Error('try again'), { code: 'E_FLAKY' });
        }
        return `done:${item}`;
      },
    });
    const t = createTestEngine({
      descriptors: [
        plan,
        work,
        workflow('fan', [
          toolTask('plan', 'plan'),
          toolTask('workers', 'work', ['plan'], {
            forEach: { items: 'tasks.plan.output.subtasks', maxItems: 10, concurrency: 2 },
            retry: { maxAttempts: 2, initialDelayMs: 5, jitter: false },
          }),
        ]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('fan', { input: { subtasks: ['a', 'flaky', 'c', 'd'] } });
    for (let i = 0; i < 20 && (await t.engine.getRun(runId)).status === 'running'; i++) await t.clock.advance(5);
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(done.tasks.workers!.output).toEqual(['done:a', 'done:flaky', 'done:c', 'done:d']);
    expect(done.tasks.workers!.instances!.map((instance) => [instance.status, instance.attempt])).toEqual([
      ['completed', 1],
      ['completed', 2],
      ['completed', 1],
      ['completed', 1],
    ]);
    expect(done.tasks.workers!.attempt).toBe(1);
    expect(peak).toBe(2);
    // Each element has its own idempotency key, and the tool sees the element's attempt.
    expect([...seen].sort()).toEqual([`${runId}:workers:item-0#1`, `${runId}:workers:item-1#1`, `${runId}:workers:item-1#2`, `${runId}:workers:item-2#1`, `${runId}:workers:item-3#1`]);
    expect(done.tasks.workers!.dynamic).toEqual({ kind: 'forEach', completed: 4, total: 4 });
    const progress: WorkflowProgress[] = t.updates.filter((u) => u.event.runId === runId).map((u) => u.progress);
    expect(progress.some((p) => p.instances?.workers?.completed === 2 && p.instances.workers.total === 4)).toBe(true);
    const types = (await t.events(runId)).map((event) => event.type);
    expect(types.filter((type) => type === 'task.instance_started')).toHaveLength(5);
    expect(types).toContain('task.instance_retry_scheduled');
    await expectConsistentLog(t, runId);
  });

  it('fails the task with a coded error when the items are too many, not an array, or an element keeps failing', async () => {
    const boom = defineTool({
      id: 'boom',
      execute: (input) => {
        if ((input as { item: string }).item === 'bad') throw Object.assign(new Error('bad element'), { code: 'E_BAD' });
        return 'ok';
      },
    });
    const t = createTestEngine({
      descriptors: [
        plan,
        boom,
        workflow('fan', [toolTask('plan', 'plan'), toolTask('each', 'boom', ['plan'], { forEach: { items: 'tasks.plan.output.subtasks', maxItems: 3 } })]),
      ],
    });
    const tooMany = await t.engine.wait((await t.engine.startWorkflow('fan', { input: { subtasks: [1, 2, 3, 4] } })).runId);
    expect(tooMany.tasks.each!.error!.code).toBe('E_FOREACH_TOO_MANY');
    const notArray = await t.engine.wait((await t.engine.startWorkflow('fan', { input: { subtasks: 'abc' } })).runId);
    expect(notArray.tasks.each!.error!.code).toBe('E_FOREACH_NOT_ARRAY');
    const bad = await t.engine.wait((await t.engine.startWorkflow('fan', { input: { subtasks: ['ok', 'bad', 'ok'] } })).runId);
    expect(bad.status).toBe('failed');
    expect(bad.tasks.each!.error).toMatchObject({ code: 'E_FOREACH_ITEM_FAILED' });
    expect(bad.tasks.each!.instances![1]).toMatchObject({ status: 'failed', error: { code: 'E_BAD' } });
    const empty = await t.engine.wait((await t.engine.startWorkflow('fan', { input: { subtasks: [] } })).runId);
    expect(empty.tasks.each!.output).toEqual([]);
  });

  it('input bindings read the element as item.value and item.index', async () => {
    const t = createTestEngine({
      descriptors: [
        plan,
        defineTool({ id: 'echo', execute: (input) => input }),
        workflow('fan', [
          toolTask('plan', 'plan'),
          toolTask('each', 'echo', ['plan'], {
            forEach: { items: 'tasks.plan.output.subtasks', maxItems: 5, concurrency: 5 },
            input: { name: { from: 'item.value' }, position: { from: 'item.index' }, goal: { from: 'input.goal' } },
          }),
        ]),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('fan', { input: { goal: 'g', subtasks: ['x', 'y'] } })).runId);
    expect(done.tasks.each!.output).toEqual([
      { name: 'x', position: 0, goal: 'g' },
      { name: 'y', position: 1, goal: 'g' },
    ]);
  });

  it('after a crash, completed elements keep their outputs and only unfinished ones run again', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const calls: string[] = [];
    let hang = true;
    const registry = new DescriptorRegistry();
    registry.register('pack', '1.0.0', [
      plan,
      defineTool({
        id: 'work',
        execute: (input, ctx) => {
          const { item } = input as { item: string };
          calls.push(`${item}#${ctx.attempt}`);
          return hang && item === 'c' ? new Promise(() => undefined) : item.toUpperCase();
        },
      }),
      workflow('fan', [toolTask('plan', 'plan'), toolTask('each', 'work', ['plan'], { forEach: { items: 'tasks.plan.output.subtasks', maxItems: 5 } })]),
    ]);
    const first = createTestEngine({ store, clock, registry });
    const { runId } = await first.engine.startWorkflow('fan', { input: { subtasks: ['a', 'b', 'c', 'd'] } });
    await clock.advance(0);
    expect((await first.engine.getRun(runId)).tasks.each!.instances!.map((i) => i.status)).toEqual(['completed', 'completed', 'running']);
    await first.close();

    hang = false;
    const second = createTestEngine({ store, clock, registry });
    await second.engine.recover();
    const done = await second.engine.wait(runId);
    expect(done.tasks.each!.output).toEqual(['A', 'B', 'C', 'D']);
    expect(calls).toEqual(['a#1', 'b#1', 'c#1', 'c#2', 'd#1']);
    expect(done.tasks.each!.attempt).toBe(2);
    await expectConsistentLog(second, runId);
  });
});

describe('engine: loop tasks', () => {
  const counter = defineTool({
    id: 'count',
    execute: (input) => {
      const { round } = input as { round: { index: number; previous: { n: number } | null } };
      return { n: (round.previous?.n ?? 0) + 1, index: round.index };
    },
  });

  it('repeats until the stop condition holds; each round is recorded and reads the previous one', async () => {
    const t = createTestEngine({
      descriptors: [counter, workflow('loop', [toolTask('tick', 'count', [], { loop: { maxRounds: 10, until: 'round.output.n >= input.stop' } })])],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('loop', { input: { stop: 3 } })).runId);
    expect(done.status).toBe('completed');
    expect(done.tasks.tick!.output).toEqual({
      rounds: 3,
      stoppedBy: 'until',
      output: { n: 3, index: 2 },
      history: [
        { n: 1, index: 0 },
        { n: 2, index: 1 },
        { n: 3, index: 2 },
      ],
    });
    expect(done.tasks.tick!.dynamic).toEqual({ kind: 'loop', completed: 3, total: 10 });
  });

  it('at maxRounds fails with E_LOOP_MAX_ROUNDS, or completes with stoppedBy "maxRounds" when onMaxRounds is "complete"', async () => {
    const t = createTestEngine({
      descriptors: [
        counter,
        workflow('strict', [toolTask('tick', 'count', [], { loop: { maxRounds: 2, until: 'round.output.n > 5' } })]),
        workflow('lenient', [toolTask('tick', 'count', [], { loop: { maxRounds: 2, until: 'round.output.n > 5', onMaxRounds: 'complete' } })]),
      ],
    });
    const strict = await t.engine.wait((await t.engine.startWorkflow('strict')).runId);
    expect(strict.status).toBe('failed');
    expect(strict.tasks.tick!.error!.code).toBe('E_LOOP_MAX_ROUNDS');
    const lenient = await t.engine.wait((await t.engine.startWorkflow('lenient')).runId);
    expect(lenient.tasks.tick!.output).toMatchObject({ rounds: 2, stoppedBy: 'maxRounds', output: { n: 2 } });
  });

  it('a round that keeps failing after its own retries fails the task with E_LOOP_ROUND_FAILED', async () => {
    const calls: number[] = [];
    const t = createTestEngine({
      descriptors: [
        defineTool({
          id: 'wobbly',
          execute: (input, ctx) => {
            const { round } = input as { round: { index: number } };
            calls.push(round.index * 10 + ctx.attempt);
            if (round.index === 1) throw Object.assign(new Error('no'), { code: 'E_NO' });
            return round.index;
          },
        }),
        workflow('loop', [toolTask('tick', 'wobbly', [], { loop: { maxRounds: 5, until: 'false' }, retry: { maxAttempts: 2, initialDelayMs: 1, jitter: false } })]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('loop');
    await t.clock.advance(5);
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('failed');
    expect(done.tasks.tick!.error).toMatchObject({ code: 'E_LOOP_ROUND_FAILED' });
    expect(done.tasks.tick!.instances!.map((i) => [i.status, i.attempt])).toEqual([
      ['completed', 1],
      ['failed', 2],
    ]);
    expect(calls).toEqual([1, 11, 12]);
  });

  it('runs a sub-workflow per round (a sub-graph); after a crash mid-loop completed rounds are not run again', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const calls: string[] = [];
    let hangAt = 2;
    const registry = new DescriptorRegistry();
    registry.register('pack', '1.0.0', [
      defineTool({
        id: 'speak',
        execute: (input, ctx) => {
          const { round } = input as { round: number };
          calls.push(`${ctx.taskId}@${round}`);
          if (ctx.taskId === 'second' && round === hangAt) return new Promise(() => undefined);
          return `${ctx.taskId}${round}`;
        },
      }),
      workflow('round', [
        toolTask('first', 'speak', [], { input: { round: { from: 'input.round.index' } } }),
        toolTask('second', 'speak', ['first'], { input: { round: { from: 'input.round.index' } } }),
      ]),
      workflow('chat', [{ id: 'talk', executor: { type: 'workflow', workflowId: 'round' }, loop: { maxRounds: 5, until: 'round.output.second == "second3"' } }]),
    ]);
    const first = createTestEngine({ store, clock, registry });
    const { runId } = await first.engine.startWorkflow('chat');
    for (let i = 0; i < 10; i++) await clock.advance(0);
    const mid = await first.engine.getRun(runId);
    expect(mid.tasks.talk!.instances!.map((i) => i.status)).toEqual(['completed', 'completed', 'running']);
    expect(mid.tasks.talk!.childRunId).toBe(`${runId}/talk/round-2.1`);
    await first.close();

    hangAt = -1;
    const second = createTestEngine({ store, clock, registry });
    const recovered = await second.engine.recover();
    expect(recovered.resumed).toContain(runId);
    const done = await second.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(done.tasks.talk!.output).toMatchObject({ rounds: 4, stoppedBy: 'until' });
    // Rounds 0 and 1 ran once; round 2's child run resumed (its first task kept its output, the hung one ran again).
    expect(calls).toEqual(['first@0', 'second@0', 'first@1', 'second@1', 'first@2', 'second@2', 'second@2', 'first@3', 'second@3']);
    expect(done.tasks.talk!.instances!.map((i) => i.attempt)).toEqual([1, 1, 1, 1]);
    await expectConsistentLog(second, runId);
  });
});

describe('engine: dynamic tasks are validated at registration', () => {
  const registry = new DescriptorRegistry();
  registry.register('pack', '1.0.0', [plan]);
  const problemsOf = (task: object): string[] => {
    try {
      compileWorkflow({ id: 'w', version: '1.0.0', tasks: [{ id: 'p', executor: { type: 'tool', toolId: 'plan' } }, { id: 'x', dependsOn: ['p'], ...task } as never] }, registry);
      return [];
    } catch (error) {
      return (error as { diagnostics: { code: string }[] }).diagnostics.map((problem) => problem.code);
    }
  };

  it('requires the bounds and refuses executors that cannot repeat', () => {
    expect(problemsOf({ executor: { type: 'tool', toolId: 'plan' }, forEach: { items: 'tasks.p.output' } })).toEqual(['E_WORKFLOW_SCHEMA_INVALID']);
    expect(problemsOf({ executor: { type: 'tool', toolId: 'plan' }, forEach: { items: 'tasks.p.output', maxItems: 5000 } })).toEqual(['E_WORKFLOW_SCHEMA_INVALID']);
    expect(problemsOf({ executor: { type: 'tool', toolId: 'plan' }, loop: { until: 'round.index > 2' } })).toEqual(['E_WORKFLOW_SCHEMA_INVALID']);
    expect(problemsOf({ executor: { type: 'human', mode: 'approval' }, forEach: { items: 'tasks.p.output', maxItems: 5 } })).toEqual(['E_TASK_DYNAMIC_INVALID']);
    expect(problemsOf({ executor: { type: 'human', mode: 'approval' }, loop: { maxRounds: 3, until: 'true' } })).toEqual(['E_TASK_DYNAMIC_INVALID']);
    expect(
      problemsOf({ executor: { type: 'tool', toolId: 'plan' }, forEach: { items: 'tasks.p.output', maxItems: 5 }, loop: { maxRounds: 3, until: 'true' } }),
    ).toEqual(['E_TASK_DYNAMIC_INVALID']);
  });

  it('checks the expressions: items over upstream tasks only, item and round only where they exist', () => {
    expect(problemsOf({ executor: { type: 'tool', toolId: 'plan' }, forEach: { items: 'tasks.x.output', maxItems: 5 } })).toEqual(['E_EXPRESSION_INVALID']);
    expect(problemsOf({ executor: { type: 'tool', toolId: 'plan' }, forEach: { items: 'round.history', maxItems: 5 } })).toEqual(['E_EXPRESSION_INVALID']);
    expect(problemsOf({ executor: { type: 'tool', toolId: 'plan' }, loop: { maxRounds: 3, until: 'item.value' } })).toEqual(['E_EXPRESSION_INVALID']);
    expect(problemsOf({ executor: { type: 'tool', toolId: 'plan' }, input: { x: { from: 'item.value' } } })).toEqual(['E_EXPRESSION_INVALID']);
    expect(problemsOf({ executor: { type: 'tool', toolId: 'plan' }, loop: { maxRounds: 3, until: 'round.output.ok == true' }, input: { h: { from: 'round.history' } } })).toEqual([]);
  });

  it('refuses to start a run of a workflow whose forEach lacks its bound', async () => {
    const t = createTestEngine({ descriptors: [plan, workflow('w', [toolTask('x', 'plan', [], { forEach: { items: 'input.list' } as never })])] });
    await refusal(t.engine.startWorkflow('w'), 'E_WORKFLOW_INVALID');
  });
});
