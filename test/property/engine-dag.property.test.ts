import { defineTool, defineWorkflow, TERMINAL_RUN_STATUSES, type TaskDefinition } from '@troupe/sdk';
import { foldRunEvents } from '@troupe/runtime';
import { createTestEngine } from '@troupe/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

type Outcome = 'ok' | 'async' | 'fail' | 'flaky';

interface TaskSpec {
  readonly deps: number[];
  readonly outcome: Outcome;
  readonly when: boolean | undefined;
  readonly join: 'any_completed' | 'all_completed' | 'all_settled';
  readonly retries: number;
}

/** Random DAGs: each task may depend on any earlier ones, so the graph is acyclic by construction. */
const dagArbitrary = fc.integer({ min: 1, max: 12 }).chain((size) =>
  fc.tuple(
    ...Array.from({ length: size }, (_, index) =>
      fc.record({
        deps: index === 0 ? fc.constant<number[]>([]) : fc.uniqueArray(fc.integer({ min: 0, max: index - 1 }), { maxLength: Math.min(index, 3) }),
        outcome: fc.constantFrom<Outcome>('ok', 'ok', 'async', 'fail', 'flaky'),
        when: fc.option(fc.boolean(), { nil: undefined }),
        join: fc.constantFrom('any_completed', 'any_completed', 'all_completed', 'all_settled'),
        retries: fc.integer({ min: 1, max: 3 }),
      }),
    ),
  ),
);

const TERMINAL_EVENTS = new Set(['task.completed', 'task.failed', 'task.skipped', 'task.cancelled']);

describe('engine properties over random DAGs', () => {
  it('every task ends exactly once, never starts before its dependencies end, seq has no gaps, state = fold(log)', async () => {
    await fc.assert(
      fc.asyncProperty(dagArbitrary, fc.integer({ min: 1, max: 4 }), async (specs: readonly TaskSpec[], maxParallelTasks) => {
        const failuresLeft = new Map<string, number>();
        const tool = defineTool({
          id: 'prop',
          execute: async (input, ctx) => {
            const outcome = (input as { outcome: Outcome }).outcome;
            if (outcome === 'async') await new Promise((resolve) => setImmediate(resolve));
            if (outcome === 'fail') throw Object.assign(new Error('planned failure'), { code: 'E_PLANNED' });
            if (outcome === 'flaky') {
              const left = failuresLeft.get(ctx.taskId) ?? 1;
              failuresLeft.set(ctx.taskId, left - 1);
              if (left > 0) throw Object.assign(new Error('flaky failure'), { code: 'E_FLAKY' });
            }
            return { task: ctx.taskId, attempt: ctx.attempt };
          },
        });
        const tasks: TaskDefinition[] = specs.map((spec, index) => ({
          id: `t${index}`,
          executor: { type: 'tool', toolId: 'prop' },
          ...(spec.deps.length ? { dependsOn: spec.deps.map((d) => `t${d}`) } : {}),
          input: { outcome: { value: spec.outcome } },
          ...(spec.when !== undefined ? { when: `input.flags.t${index} == ${spec.when}` } : {}),
          joinPolicy: spec.join,
          retry: { maxAttempts: spec.retries, initialDelayMs: 10, jitter: false },
        }));
        const flags = Object.fromEntries(specs.map((spec, index) => [`t${index}`, spec.when ?? true]));
        const t = createTestEngine({ descriptors: [tool, defineWorkflow({ id: 'prop', version: '1.0.0', tasks, maxParallelTasks })] });
        const { runId } = await t.engine.startWorkflow('prop', { input: { flags } });
        let state = await t.engine.getRun(runId);
        for (let round = 0; round < 200 && !TERMINAL_RUN_STATUSES.includes(state.status); round++) {
          await t.clock.advance(10);
          state = await t.engine.getRun(runId);
        }
        expect(TERMINAL_RUN_STATUSES).toContain(state.status);
        const events = await t.events(runId);

        // seq is gap-free from 1.
        events.forEach((event, index) => expect(event.seq).toBe(index + 1));
        // The stored state is the fold of the stored log.
        expect(foldRunEvents(events)).toEqual(state);

        const ended = new Map<string, number>();
        for (const event of events) {
          if (event.taskId === undefined || !TERMINAL_EVENTS.has(event.type)) continue;
          // Exactly one terminal event per task.
          expect(ended.has(event.taskId)).toBe(false);
          ended.set(event.taskId, event.seq);
        }
        for (const task of tasks) {
          expect(ended.has(task.id)).toBe(true);
          expect(['completed', 'failed', 'skipped', 'cancelled']).toContain(state.tasks[task.id]!.status);
        }
        // No task starts before every one of its dependencies has ended.
        for (const event of events) {
          if (event.type !== 'task.started') continue;
          const task = tasks.find((candidate) => candidate.id === event.taskId)!;
          for (const dep of task.dependsOn ?? []) {
            expect(ended.get(dep)).toBeLessThan(event.seq);
          }
        }
        // The run fails exactly when some failure was not taken over by an all_settled dependant.
        const unhandled = tasks.some(
          (task, index) => state.tasks[task.id]!.status === 'failed' && !specs.some((spec) => spec.join === 'all_settled' && spec.deps.includes(index)),
        );
        expect(state.status).toBe(unhandled ? 'failed' : 'completed');
        // Retried tasks keep counting attempts; nothing runs more often than allowed.
        for (const [index, spec] of specs.entries()) expect(state.tasks[`t${index}`]!.attempt).toBeLessThanOrEqual(spec.retries);
        expect(t.clock.pendingTimers).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('a cancel at any point still ends every task exactly once, with a gap-free log that folds to the state', async () => {
    await fc.assert(
      fc.asyncProperty(dagArbitrary, fc.integer({ min: 0, max: 6 }), async (specs: readonly TaskSpec[], cancelAfter) => {
        const tool = defineTool({
          id: 'slow',
          execute: (_input, ctx) =>
            new Promise((resolve, reject) => {
              // Each task ends on a later macrotask unless its signal fires first.
              const timer = setTimeout(() => resolve(ctx.taskId), 0);
              ctx.signal.addEventListener('abort', () => {
                clearTimeout(timer);
                reject(ctx.signal.reason);
              });
            }),
        });
        const tasks: TaskDefinition[] = specs.map((spec, index) => ({
          id: `t${index}`,
          executor: { type: 'tool', toolId: 'slow' },
          ...(spec.deps.length ? { dependsOn: spec.deps.map((d) => `t${d}`) } : {}),
          joinPolicy: spec.join,
        }));
        const t = createTestEngine({ descriptors: [tool, defineWorkflow({ id: 'cancel-me', version: '1.0.0', tasks })] });
        const { runId } = await t.engine.startWorkflow('cancel-me');
        for (let i = 0; i < cancelAfter; i++) await new Promise((resolve) => setTimeout(resolve, 0));
        // The run may have ended on its own just before: then cancel is refused (E_RUN_TERMINAL).
        const state = await t.engine.cancel(runId, 'property').catch(() => t.engine.wait(runId, { untilTerminal: true }));
        expect(TERMINAL_RUN_STATUSES).toContain(state.status);
        const events = await t.events(runId);
        events.forEach((event, index) => expect(event.seq).toBe(index + 1));
        expect(foldRunEvents(events)).toEqual(await t.engine.getRun(runId));
        const terminal = events.filter((event) => event.taskId !== undefined && TERMINAL_EVENTS.has(event.type)).map((event) => event.taskId);
        expect([...terminal].sort()).toEqual(tasks.map((task) => task.id).sort());
        expect(events.at(-1)!.type.startsWith('run.')).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
