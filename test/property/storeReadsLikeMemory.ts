import { TERMINAL_RUN_STATUSES, type RunCommit, type RunEvent, type RunHeader, type RunStatus, type SeatSnapshot, type TaskState, type WorkflowDefinition, type WorkflowStore } from '@troupe/sdk';
import { MemoryStore } from '@troupe/runtime';
import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * The property a durable store must hold: over random commit sequences (events
 * or none, task and seat rows, status, context and time changes, reopens) it
 * reads back exactly what MemoryStore does. Each store's test supplies how to
 * open a fresh store for one case and how to reopen it.
 */
const RUNS = 3;
const TASK_IDS = ['a', 'b', 'c'];
const STATUSES: readonly RunStatus[] = ['running', 'running', 'running', 'awaiting_input', 'paused', 'completed', 'failed', 'cancelled'];
const terminal = new Set<RunStatus>(TERMINAL_RUN_STATUSES);

const definition: WorkflowDefinition = { id: 'wf', version: '1.0.0', tasks: TASK_IDS.map((id) => ({ id, executor: { type: 'tool' as const, toolId: 't' } })) };

/** What one run does in one batch: new events (maybe none), changed task and seat rows, a header change. */
interface RunStep {
  readonly run: number;
  readonly events: number;
  readonly tasks: readonly { readonly id: string; readonly status: TaskState['status']; readonly output: number }[];
  readonly seat: SeatSnapshot['status'] | undefined;
  readonly status: RunStatus | undefined;
  /** Whether the run's time is not its last event's. */
  readonly ownTime: boolean;
  readonly context: number | undefined;
}

type Step = { readonly kind: 'batch'; readonly runs: readonly RunStep[] } | { readonly kind: 'reopen' };

const runStep = fc.record({
  run: fc.integer({ min: 0, max: RUNS - 1 }),
  events: fc.integer({ min: 0, max: 3 }),
  tasks: fc.uniqueArray(
    fc.record({ id: fc.constantFrom(...TASK_IDS), status: fc.constantFrom<TaskState['status']>('ready', 'running', 'completed', 'failed'), output: fc.integer({ min: 0, max: 99 }) }),
    { selector: (task) => task.id, maxLength: 3 },
  ),
  seat: fc.option(fc.constantFrom<SeatSnapshot['status']>('idle', 'working', 'done'), { nil: undefined }),
  status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined, freq: 3 }),
  ownTime: fc.boolean(),
  context: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined, freq: 4 }),
});

const steps = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('batch' as const), runs: fc.uniqueArray(runStep, { selector: (step) => step.run, minLength: 1, maxLength: RUNS }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  ),
  { minLength: 1, maxLength: 25 },
);

/** Turns the generated steps of one run into the commit an engine would send, advancing the model of the run. */
class RunModel {
  header: RunHeader | undefined;
  clock = 0;
  constructor(readonly runId: string) {}

  get ended(): boolean {
    return this.header !== undefined && terminal.has(this.header.status);
  }

  commit(step: RunStep): RunCommit {
    const created = this.header === undefined;
    const previous: RunHeader = this.header ?? {
      runId: this.runId,
      pin: { definitionId: 'wf', definitionVersion: '1.0.0', definitionHash: 'h', packVersions: { p: '1.0.0' } },
      status: 'running',
      input: { topic: 'owls' },
      roleAssignments: { writer: 'ada' },
      createdAt: 1,
      updatedAt: 1,
      seq: 0,
    };
    const events: RunEvent[] = Array.from({ length: step.events }, (_, index) => ({
      runId: this.runId,
      seq: previous.seq + index + 1,
      type: 'task.progress' as const,
      at: (this.clock += 1),
      taskId: TASK_IDS[index % TASK_IDS.length],
      attempt: 1,
      data: { index },
    }));
    const status = step.status ?? previous.status;
    const updatedAt = step.ownTime || events.length === 0 ? (this.clock += 1) : this.clock;
    const header: RunHeader = {
      ...previous,
      status,
      updatedAt,
      seq: previous.seq + events.length,
      ...(terminal.has(status) ? { endedAt: updatedAt } : {}),
      ...(step.context !== undefined ? { context: { n: step.context } } : {}),
    };
    this.header = header;
    return {
      runId: this.runId,
      ...(created ? { created: { definition } } : {}),
      events,
      header,
      tasks: step.tasks.map((task) => ({ id: task.id, status: task.status, attempt: 1, output: task.output })),
      seats: step.seat ? [{ roleId: 'writer', personaId: 'ada', status: step.seat, history: [], seq: header.seq }] : [],
    };
  }
}

/** Opens the store under test for one generated case; `reopen` closes and opens the same data again. */
export interface StoreUnderTest {
  open(): Promise<WorkflowStore>;
  /** Removes what the case left behind (files, schemas), after the store is closed. */
  dispose?(): Promise<void> | void;
}

export async function assertReadsLikeMemoryStore(newCase: () => StoreUnderTest, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(steps, async (plan: readonly Step[]) => {
      const subject = newCase();
      const memory = new MemoryStore();
      let store = await subject.open();
      const runs = Array.from({ length: RUNS }, (_, index) => new RunModel(`r${index}`));
      try {
        for (const step of plan) {
          if (step.kind === 'reopen') {
            await store.close();
            store = await subject.open();
            continue;
          }
          const batch = step.runs.filter((runStep) => !runs[runStep.run]!.ended).map((runStep) => runs[runStep.run]!.commit(runStep));
          if (batch.length === 0) continue;
          await memory.commit(batch);
          await store.commit(batch);
          for (const run of runs) {
            if (!run.header) continue;
            expect(await store.getRun(run.runId)).toEqual(await memory.getRun(run.runId));
            expect(await store.readEvents(run.runId)).toEqual(await memory.readEvents(run.runId));
          }
          expect(await store.listRuns()).toEqual(await memory.listRuns());
          expect(await store.listUnfinishedRuns()).toEqual(await memory.listUnfinishedRuns());
        }
      } finally {
        await store.close();
        await subject.dispose?.();
      }
    }),
    { numRuns },
  );
}
