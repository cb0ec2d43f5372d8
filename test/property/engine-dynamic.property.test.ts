import { defineTool, defineWorkflow, TERMINAL_RUN_STATUSES, type TaskDefinition } from '@troupe/sdk';
import { DescriptorRegistry, foldRunEvents, MemoryStore } from '@troupe/runtime';
import { createTestEngine, FakeClock, type TestEngine } from '@troupe/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Drives a run on a fake clock until it ends (retry delays are 10 ms). */
async function finish(t: TestEngine, runId: string) {
  let state = await t.engine.getRun(runId);
  for (let i = 0; i < 400 && !TERMINAL_RUN_STATUSES.includes(state.status); i++) {
    await t.clock.advance(10);
    await tick();
    state = await t.engine.getRun(runId);
  }
  return state;
}

async function expectFoldedLog(t: TestEngine, runId: string): Promise<void> {
  const events = await t.events(runId);
  events.forEach((event, index) => expect(event.seq).toBe(index + 1));
  expect(foldRunEvents(events)).toEqual(await t.engine.getRun(runId));
}

/** Each element / round: the tool's result is a pure function of it, so a replay must give the same outputs. */
function workload(executions: Map<string, number>, flaky: ReadonlySet<number>) {
  const failedOnce = new Set<string>();
  return defineTool({
    id: 'work',
    execute: async (input, ctx) => {
      const { item, index, round } = input as { item?: number; index?: number; round?: { index: number; previous: number | null } };
      const key = round ? `${ctx.runId}:r${round.index}` : `${ctx.runId}:e${index}`;
      executions.set(key, (executions.get(key) ?? 0) + 1);
      await tick();
      const position = round ? round.index : index!;
      if (flaky.has(position) && !failedOnce.has(key)) {
        failedOnce.add(key);
        throw Object.assign(new Error('flaky'), { code: 'E_FLAKY' });
      }
      return round ? (round.previous ?? 0) + position + 1 : item! * 10 + position;
    },
  });
}

function fanOut(concurrency: number, maxItems: number): TaskDefinition[] {
  return [
    { id: 'each', executor: { type: 'tool', toolId: 'work' }, forEach: { items: 'input.items', maxItems, concurrency }, retry: { maxAttempts: 2, initialDelayMs: 10, jitter: false } },
  ];
}

function looping(maxRounds: number, stopAt: number): TaskDefinition[] {
  return [
    {
      id: 'loop',
      executor: { type: 'tool', toolId: 'work' },
      loop: { maxRounds, until: `round.index >= ${stopAt - 1}` },
      retry: { maxAttempts: 2, initialDelayMs: 10, jitter: false },
    },
  ];
}

/** What round n of `looping` gives: the running sum of 1..n+1. */
const loopValue = (round: number): number => ((round + 1) * (round + 2)) / 2;

describe('engine properties of forEach and loop', () => {
  it('forEach: outputs in element order, one instance per element, at most maxAttempts each; the log folds to the state', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { maxLength: 4 }),
        async (items, concurrency, flakyList) => {
          const executions = new Map<string, number>();
          const flaky = new Set(flakyList);
          const t = createTestEngine({ descriptors: [workload(executions, flaky), defineWorkflow({ id: 'fan', version: '1.0.0', tasks: fanOut(concurrency, 12) })] });
          const { runId } = await t.engine.startWorkflow('fan', { input: { items } });
          const state = await finish(t, runId);
          expect(state.status).toBe('completed');
          expect(state.tasks.each!.output).toEqual(items.map((item, index) => item * 10 + index));
          const instances = state.tasks.each!.instances ?? [];
          expect(instances).toHaveLength(items.length);
          instances.forEach((instance, index) => {
            expect(instance.status).toBe('completed');
            expect(instance.attempt).toBe(flaky.has(index) ? 2 : 1);
          });
          await expectFoldedLog(t, runId);
          expect(t.clock.pendingTimers).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('loop: runs min(stopAt, maxRounds) rounds in order; completes iff the condition held within maxRounds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 10 }), fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }), async (maxRounds, stopAt, flakyList) => {
        const executions = new Map<string, number>();
        const t = createTestEngine({ descriptors: [workload(executions, new Set(flakyList)), defineWorkflow({ id: 'loop', version: '1.0.0', tasks: looping(maxRounds, stopAt) })] });
        const { runId } = await t.engine.startWorkflow('loop');
        const state = await finish(t, runId);
        const rounds = Math.min(stopAt, maxRounds);
        const history = Array.from({ length: rounds }, (_, round) => loopValue(round));
        expect(state.tasks.loop!.instances!.map((instance) => instance.output)).toEqual(history);
        if (stopAt <= maxRounds) {
          expect(state.status).toBe('completed');
          expect(state.tasks.loop!.output).toEqual({ rounds, stoppedBy: 'until', output: history.at(-1), history });
        } else {
          expect(state.status).toBe('failed');
          expect(state.tasks.loop!.error!.code).toBe('E_LOOP_MAX_ROUNDS');
        }
        // Round n started only after round n-1 completed.
        const events = await t.events(runId);
        let lastCompleted = -1;
        for (const event of events) {
          if (event.type === 'task.instance_started') expect(event.data!.instance as number).toBeLessThanOrEqual(lastCompleted + 1);
          if (event.type === 'task.instance_completed') lastCompleted = event.data!.instance as number;
        }
        await expectFoldedLog(t, runId);
      }),
      { numRuns: 60 },
    );
  });

  it('a crash at any point then recovery gives what an uninterrupted run gives, without re-running completed elements or rounds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('forEach', 'loop'),
        fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 30 }),
        async (kind, items, concurrency, crashAfter) => {
          const executions = new Map<string, number>();
          const tool = workload(executions, new Set());
          const tasks = kind === 'forEach' ? fanOut(concurrency, 8) : looping(8, items.length);
          const store = new MemoryStore();
          const clock = new FakeClock();
          const registry = new DescriptorRegistry();
          registry.register('pack', '1.0.0', [tool, defineWorkflow({ id: 'dyn', version: '1.0.0', tasks })]);

          const first = createTestEngine({ store, clock, registry });
          const { runId } = await first.engine.startWorkflow('dyn', { input: { items } });
          for (let i = 0; i < crashAfter; i++) await tick();
          await first.close();
          const atCrash = await store.getRun(runId);
          const taskId = kind === 'forEach' ? 'each' : 'loop';
          const completedAtCrash = (atCrash!.tasks[taskId]!.instances ?? []).filter((instance) => instance.status === 'completed').map((instance) => instance.index);

          const second = createTestEngine({ store, clock, registry });
          await second.engine.recover();
          const state = TERMINAL_RUN_STATUSES.includes(atCrash!.status) ? atCrash! : await finish(second, runId);

          // The uninterrupted run, on its own engine.
          const reference = createTestEngine({ registry });
          const ref = await finish(reference, (await reference.engine.startWorkflow('dyn', { input: { items } })).runId);

          expect(state.status).toBe(ref.status);
          expect(state.tasks[taskId]!.output).toEqual(ref.tasks[taskId]!.output);
          expect(state.tasks[taskId]!.instances!.map((instance) => instance.output)).toEqual(ref.tasks[taskId]!.instances!.map((instance) => instance.output));
          for (const index of completedAtCrash) expect(executions.get(`${runId}:${kind === 'forEach' ? 'e' : 'r'}${index}`)).toBe(1);
          await expectFoldedLog(second, runId);
        },
      ),
      { numRuns: 60 },
    );
  });
});
