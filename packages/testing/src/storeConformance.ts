import assert from 'node:assert/strict';
import {
  isTroupeError,
  type ErrorCode,
  type RunCommit,
  type RunEvent,
  type RunEventType,
  type RunHeader,
  type RunState,
  type RunStatus,
  type SeatSnapshot,
  type TaskState,
  type WorkflowDefinition,
  type WorkflowStore,
} from '@troupe/sdk';

/**
 * The test-framework functions the suite needs. Pass vitest's (or node:test's)
 * so the suite carries no test-framework dependency; assertions use node:assert.
 */
export interface ConformanceTestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
  afterEach(body: () => Promise<void>): void;
}

/** How the suite gets stores of the implementation under test. */
export interface StoreHarness {
  /** A fresh, empty store, already opened. */
  create(): Promise<WorkflowStore>;
  /**
   * Closes `store` and opens the same data again, as a restarted host would.
   * Persistent stores return a new instance on the same file or database.
   */
  reopen(store: WorkflowStore): Promise<WorkflowStore>;
  /** Closes the store and removes what create() made. */
  destroy(store: WorkflowStore): Promise<void>;
}

const DEFINITION: WorkflowDefinition = {
  id: 'review',
  version: '1.2.0',
  roles: [{ roleId: 'writer', personaId: 'ada' }],
  tasks: [
    { id: 'draft', executor: { type: 'gmi', roleId: 'writer', instructions: 'Write it.' } },
    { id: 'approve', dependsOn: ['draft'], executor: { type: 'human', mode: 'approval' } },
  ],
  metadata: { owner: 'docs', nested: { list: [1, 'two', null] } },
};

interface RunOptions {
  readonly createdAt?: number;
  readonly definitionId?: string;
  readonly conversationId?: string;
}

/** Builds a run's consecutive commits the way the engine would: events continue the log, header follows. */
class RunScript {
  header: RunHeader;
  private readonly definition: WorkflowDefinition;
  private created = false;

  constructor(runId: string, options: RunOptions = {}) {
    const createdAt = options.createdAt ?? 1_700_000_000_000;
    this.definition = options.definitionId === undefined ? DEFINITION : { ...DEFINITION, id: options.definitionId };
    this.header = {
      runId,
      pin: {
        definitionId: this.definition.id,
        definitionVersion: this.definition.version,
        definitionHash: 'sha256:abc',
        packVersions: { '@acme/pack-review': '1.2.0' },
      },
      status: 'queued',
      input: { topic: 'stores', words: 300 },
      ...(options.conversationId !== undefined ? { conversationId: options.conversationId } : {}),
      roleAssignments: { writer: 'ada' },
      context: { tenant: 't1' },
      createdAt,
      updatedAt: createdAt,
      seq: 0,
    };
  }

  get runId(): string {
    return this.header.runId;
  }

  /** The next commit: `types.length` new events, the header changed by `header`. */
  commit(
    types: readonly RunEventType[],
    change: { header?: Partial<RunHeader>; tasks?: readonly TaskState[]; seats?: readonly SeatSnapshot[]; taskId?: string } = {},
  ): RunCommit {
    const at = this.header.updatedAt + 1;
    const events: RunEvent[] = types.map((type, index) => ({
      runId: this.runId,
      seq: this.header.seq + index + 1,
      type,
      at,
      ...(change.taskId !== undefined ? { taskId: change.taskId, attempt: 1 } : {}),
      data: { index, note: 'ünïcödé ✓' },
    }));
    this.header = { ...this.header, updatedAt: at, ...change.header, seq: this.header.seq + types.length };
    const commit: RunCommit = {
      runId: this.runId,
      ...(this.created ? {} : { created: { definition: this.definition } }),
      events,
      header: this.header,
      tasks: change.tasks ?? [],
      seats: change.seats ?? [],
    };
    this.created = true;
    return commit;
  }

  /** A started run with two tasks and one seat. */
  start(): RunCommit {
    return this.commit(['run.created', 'run.started', 'task.ready'], {
      header: { status: 'running' },
      tasks: [task('draft', 'ready'), task('approve', 'pending')],
      seats: [seat('writer', 'idle', this.header.seq + 3)],
    });
  }

  /** Ends the run in `status` at `endedAt`. */
  end(status: 'completed' | 'failed' | 'cancelled', endedAt: number): RunCommit {
    return this.commit([`run.${status}`], {
      header: { status, endedAt, updatedAt: endedAt, ...(status === 'completed' ? { output: { ok: true } } : {}) },
      tasks: [task('draft', 'completed', { output: 'done' })],
    });
  }
}

function task(id: string, status: TaskState['status'], extra: Partial<TaskState> = {}): TaskState {
  return { id, status, attempt: status === 'pending' || status === 'ready' ? 0 : 1, ...extra };
}

function seat(roleId: string, status: SeatSnapshot['status'], seq: number, extra: Partial<SeatSnapshot> = {}): SeatSnapshot {
  return { roleId, personaId: 'ada', status, history: [{ seq, at: 1, status }], seq, ...extra };
}

/** The RunState a store must rebuild from a run's commits: latest header, latest row per task and seat. */
function fold(commits: readonly RunCommit[]): RunState {
  const tasks: Record<string, TaskState> = {};
  const seats: Record<string, SeatSnapshot> = {};
  for (const commit of commits) {
    for (const row of commit.tasks) tasks[row.id] = row;
    for (const row of commit.seats) seats[row.roleId] = row;
  }
  return { ...commits[commits.length - 1]!.header, tasks, seats };
}

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isTroupeError(error, code), `expected ${code}, got ${String((error as { code?: unknown })?.code ?? error)}`);
    return true;
  });
}

/**
 * The behaviour every WorkflowStore must have, as one suite: run it against
 * each implementation so they stay interchangeable.
 *
 * ```ts
 * import { afterEach, describe, it } from 'vitest';
 * describeStoreConformance('my store', harness, { describe, it, afterEach });
 * ```
 */
export function describeStoreConformance(name: string, harness: StoreHarness, api: ConformanceTestApi): void {
  const { describe, it, afterEach } = api;

  describe(`WorkflowStore conformance: ${name}`, () => {
    let current: WorkflowStore | undefined;
    const fresh = async (): Promise<WorkflowStore> => {
      current = await harness.create();
      return current;
    };
    const reopen = async (store: WorkflowStore): Promise<WorkflowStore> => {
      current = await harness.reopen(store);
      return current;
    };
    afterEach(async () => {
      if (current) await harness.destroy(current);
      current = undefined;
    });

    describe('commit and getRun', () => {
      it('rebuilds the committed run: latest header, latest row per task and seat', async () => {
        const store = await fresh();
        const run = new RunScript('run-1');
        const commits = [
          run.start(),
          run.commit(['task.started'], { taskId: 'draft', tasks: [task('draft', 'running', { startedAt: 5 })], seats: [seat('writer', 'working', 4, { taskId: 'draft', attempt: 1 })] }),
          run.commit(['task.completed', 'task.awaiting_input'], {
            header: { status: 'awaiting_input' },
            taskId: 'draft',
            tasks: [task('draft', 'completed', { startedAt: 5, endedAt: 9, output: { text: 'draft', tokens: [1, 2] } }), task('approve', 'awaiting_input')],
            seats: [seat('writer', 'done', 6, { lastOutputPreview: 'draft' })],
          }),
        ];
        await store.commit([commits[0]!]);
        await store.commit([commits[1]!]);
        await store.commit([commits[2]!]);
        assert.deepStrictEqual(await store.getRun('run-1'), fold(commits));
        assert.equal(await store.getRun('missing'), undefined);
      });

      it('stores the definition once, from the creating commit', async () => {
        const store = await fresh();
        const run = new RunScript('run-1');
        await store.commit([run.start()]);
        await store.commit([run.commit(['task.started'])]);
        assert.deepStrictEqual(await store.getDefinition('run-1'), DEFINITION);
        assert.equal(await store.getDefinition('missing'), undefined);
      });

      it('refuses to create a run id that exists (E_RUN_EXISTS) and keeps the first definition', async () => {
        const store = await fresh();
        await store.commit([new RunScript('run-1').start()]);
        const again = new RunScript('run-1', { definitionId: 'other' });
        await rejectsWith(store.commit([again.start()]), 'E_RUN_EXISTS');
        assert.equal((await store.getDefinition('run-1'))?.id, 'review');
        assert.equal((await store.getRun('run-1'))?.pin.definitionId, 'review');
      });

      it('refuses a commit to a run it does not have (E_RUN_NOT_FOUND)', async () => {
        const store = await fresh();
        const run = new RunScript('run-1');
        run.start();
        await rejectsWith(store.commit([run.commit(['task.started'])]), 'E_RUN_NOT_FOUND');
        assert.equal(await store.getRun('run-1'), undefined);
      });

      it('applies several commits of several runs in one batch', async () => {
        const store = await fresh();
        const a = new RunScript('a');
        const b = new RunScript('b', { createdAt: 1_700_000_000_100 });
        const aCommits = [a.start(), a.commit(['task.started'], { tasks: [task('draft', 'running')] })];
        const bCommits = [b.start()];
        await store.commit([aCommits[0]!, bCommits[0]!, aCommits[1]!]);
        assert.deepStrictEqual(await store.getRun('a'), fold(aCommits));
        assert.deepStrictEqual(await store.getRun('b'), fold(bCommits));
        assert.deepStrictEqual((await store.readEvents('a')).map((event) => event.seq), [1, 2, 3, 4]);
      });

      it('accepts a commit that changes only rows, without events', async () => {
        const store = await fresh();
        const run = new RunScript('run-1');
        const commits = [run.start(), run.commit([], { seats: [seat('writer', 'working', 3, { lastOutputPreview: 'tok' })] })];
        await store.commit([commits[0]!]);
        await store.commit([commits[1]!]);
        assert.deepStrictEqual(await store.getRun('run-1'), fold(commits));
      });

      it('hands out states that cannot change the store', async () => {
        const store = await fresh();
        const run = new RunScript('run-1');
        const commits = [run.start()];
        await store.commit(commits);
        const state = (await store.getRun('run-1'))!;
        (state.tasks as Record<string, TaskState>)['intruder'] = task('intruder', 'failed');
        delete (state.seats as Record<string, SeatSnapshot>)['writer'];
        (state as { status: RunStatus }).status = 'failed';
        assert.deepStrictEqual(await store.getRun('run-1'), fold(commits));
      });
    });

    describe('event log', () => {
      it('refuses events that do not continue the log gap-free (E_STORE_CONFLICT)', async () => {
        const store = await fresh();
        const run = new RunScript('run-1');
        await store.commit([run.start()]);
        const good = run.commit(['task.started']);
        const gap: RunCommit = { ...good, events: [{ ...good.events[0]!, seq: 5 }], header: { ...good.header, seq: 5 } };
        const repeat: RunCommit = { ...good, events: [{ ...good.events[0]!, seq: 3 }], header: { ...good.header, seq: 3 } };
        const wrongRun: RunCommit = { ...good, events: [{ ...good.events[0]!, runId: 'other' }] };
        const headerBehind: RunCommit = { ...good, header: { ...good.header, seq: 3 } };
        for (const bad of [gap, repeat, wrongRun, headerBehind]) await rejectsWith(store.commit([bad]), 'E_STORE_CONFLICT');
        assert.equal((await store.readEvents('run-1')).length, 3);
        await store.commit([good]);
        assert.deepStrictEqual((await store.readEvents('run-1')).map((event) => event.seq), [1, 2, 3, 4]);
      });

      it('refuses a new run whose log does not start at seq 1', async () => {
        const store = await fresh();
        const start = new RunScript('run-1').start();
        const shifted: RunCommit = { ...start, events: start.events.map((event) => ({ ...event, seq: event.seq + 1 })), header: { ...start.header, seq: 4 } };
        await rejectsWith(store.commit([shifted]), 'E_STORE_CONFLICT');
        assert.equal(await store.getRun('run-1'), undefined);
      });

      it('reads events in order, after a seq, up to a limit', async () => {
        const store = await fresh();
        const run = new RunScript('run-1');
        const commits = [run.start(), run.commit(['task.started', 'task.progress', 'task.progress'], { taskId: 'draft' })];
        await store.commit([commits[0]!]);
        await store.commit([commits[1]!]);
        const all = commits.flatMap((commit) => commit.events);
        assert.deepStrictEqual(await store.readEvents('run-1'), all);
        assert.deepStrictEqual(await store.readEvents('run-1', 4), all.slice(4));
        assert.deepStrictEqual(await store.readEvents('run-1', 2, 2), all.slice(2, 4));
        assert.deepStrictEqual(await store.readEvents('run-1', 6), []);
        assert.deepStrictEqual(await store.readEvents('missing'), []);
      });
    });

    describe('atomicity', () => {
      it('a bad commit anywhere in a batch changes nothing', async () => {
        const store = await fresh();
        const a = new RunScript('a');
        const b = new RunScript('b');
        await store.commit([a.start(), b.start()]);
        const before = { a: await store.getRun('a'), b: await store.getRun('b'), events: await store.readEvents('a') };

        const aNext = a.commit(['task.started'], { header: { status: 'running' }, tasks: [task('draft', 'running')] });
        const cNew = new RunScript('c').start();
        const bNext = b.commit(['task.started']);
        const bBad: RunCommit = { ...bNext, events: [{ ...bNext.events[0]!, seq: 99 }], header: { ...bNext.header, seq: 99 } };
        await rejectsWith(store.commit([aNext, cNew, bBad]), 'E_STORE_CONFLICT');

        assert.deepStrictEqual(await store.getRun('a'), before.a);
        assert.deepStrictEqual(await store.getRun('b'), before.b);
        assert.deepStrictEqual(await store.readEvents('a'), before.events);
        assert.equal(await store.getRun('c'), undefined);
        assert.equal(await store.getDefinition('c'), undefined);
        // The same good commits succeed once the bad one is gone.
        await store.commit([aNext, cNew, bNext]);
        assert.equal((await store.readEvents('a')).length, 4);
      });
    });

    describe('listRuns', () => {
      const seed = async (store: WorkflowStore): Promise<void> => {
        // Committed out of time order on purpose: the listing follows createdAt, then runId.
        const specs: readonly [string, number, RunOptions, RunStatus][] = [
          ['r3', 30, { conversationId: 'c1' }, 'completed'],
          ['r1', 10, { conversationId: 'c1' }, 'running'],
          ['r2', 20, { definitionId: 'other' }, 'failed'],
          ['r5', 40, {}, 'running'],
          ['r4', 40, { conversationId: 'c2' }, 'awaiting_input'],
          ['r6', 60, { definitionId: 'other', conversationId: 'c1' }, 'cancelled'],
          ['r7', 70, {}, 'queued'],
        ];
        for (const [runId, createdAt, options, status] of specs) {
          const run = new RunScript(runId, { ...options, createdAt });
          const commits = [run.start()];
          if (status === 'completed' || status === 'failed' || status === 'cancelled') commits.push(run.end(status, createdAt + 5));
          else commits.push(run.commit(['run.resumed'], { header: { status } }));
          await store.commit(commits);
        }
      };
      const ids = (page: { runs: readonly { runId: string }[] }): string[] => page.runs.map((run) => run.runId);

      it('orders by createdAt then runId and summarises each run', async () => {
        const store = await fresh();
        await seed(store);
        const page = await store.listRuns();
        assert.deepStrictEqual(ids(page), ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
        assert.equal(page.nextCursor, undefined);
        assert.deepStrictEqual(page.runs[2], {
          runId: 'r3',
          definitionId: 'review',
          definitionVersion: '1.2.0',
          status: 'completed',
          conversationId: 'c1',
          createdAt: 30,
          updatedAt: 35,
          endedAt: 35,
          seq: 4,
        });
        assert.deepStrictEqual(ids(await store.listRuns({ order: 'desc' })), ['r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
      });

      it('filters by status, definition and conversation', async () => {
        const store = await fresh();
        await seed(store);
        assert.deepStrictEqual(ids(await store.listRuns({ status: 'running' })), ['r1', 'r5']);
        assert.deepStrictEqual(ids(await store.listRuns({ status: ['failed', 'cancelled', 'queued'] })), ['r2', 'r6', 'r7']);
        assert.deepStrictEqual(ids(await store.listRuns({ definitionId: 'other' })), ['r2', 'r6']);
        assert.deepStrictEqual(ids(await store.listRuns({ conversationId: 'c1' })), ['r1', 'r3', 'r6']);
        assert.deepStrictEqual(ids(await store.listRuns({ conversationId: 'c1', definitionId: 'other', status: 'cancelled' })), ['r6']);
        assert.deepStrictEqual(ids(await store.listRuns({ status: [] })), []);
      });

      it('pages with a cursor, in both orders, with filters', async () => {
        const store = await fresh();
        await seed(store);
        const walk = async (filter: Parameters<WorkflowStore['listRuns']>[0]): Promise<string[][]> => {
          const pages: string[][] = [];
          let cursor: string | undefined;
          do {
            const page = await store.listRuns({ ...filter, ...(cursor !== undefined ? { cursor } : {}) });
            pages.push(ids(page));
            cursor = page.nextCursor;
          } while (cursor !== undefined);
          return pages;
        };
        assert.deepStrictEqual(await walk({ limit: 3 }), [['r1', 'r2', 'r3'], ['r4', 'r5', 'r6'], ['r7']]);
        assert.deepStrictEqual(await walk({ limit: 2, order: 'desc' }), [['r7', 'r6'], ['r5', 'r4'], ['r3', 'r2'], ['r1']]);
        assert.deepStrictEqual(await walk({ limit: 2, status: ['running', 'awaiting_input', 'queued'] }), [['r1', 'r4'], ['r5', 'r7']]);
        // A full last page has no cursor only when nothing follows it.
        assert.deepStrictEqual(await walk({ limit: 7 }), [['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']]);
      });

      it('keeps paging stable when runs are created between pages', async () => {
        const store = await fresh();
        await seed(store);
        const first = await store.listRuns({ limit: 4 });
        await store.commit([new RunScript('r0', { createdAt: 5 }).start(), new RunScript('r8', { createdAt: 80 }).start()]);
        const second = await store.listRuns({ limit: 4, cursor: first.nextCursor! });
        assert.deepStrictEqual(ids(first), ['r1', 'r2', 'r3', 'r4']);
        assert.deepStrictEqual(ids(second), ['r5', 'r6', 'r7', 'r8']);
      });

      it('bounds the page size and rejects a forged cursor (E_STORE_CURSOR_INVALID)', async () => {
        const store = await fresh();
        const batch: RunCommit[] = [];
        for (let index = 0; index < 520; index += 1) batch.push(new RunScript(`run-${String(index).padStart(3, '0')}`, { createdAt: index }).start());
        await store.commit(batch);
        assert.equal((await store.listRuns()).runs.length, 50);
        assert.equal((await store.listRuns({ limit: 10_000 })).runs.length, 500);
        assert.equal((await store.listRuns({ limit: 0 })).runs.length, 1);
        await rejectsWith(store.listRuns({ cursor: 'not-a-cursor' }), 'E_STORE_CURSOR_INVALID');
      });
    });

    describe('recovery', () => {
      it('lists unfinished runs as full states, in creation order', async () => {
        const store = await fresh();
        const running = new RunScript('running', { createdAt: 2 });
        const waiting = new RunScript('waiting', { createdAt: 1 });
        const done = new RunScript('done', { createdAt: 0 });
        const runningCommits = [running.start()];
        const waitingCommits = [waiting.start(), waiting.commit(['task.awaiting_input'], { header: { status: 'awaiting_input' }, tasks: [task('approve', 'awaiting_input')] })];
        await store.commit([...runningCommits, ...waitingCommits, done.start(), done.end('completed', 9)]);
        assert.deepStrictEqual(await store.listUnfinishedRuns(), [fold(waitingCommits), fold(runningCommits)]);
      });

      it('keeps everything across close and open', async () => {
        let store = await fresh();
        const run = new RunScript('run-1');
        const commits = [run.start(), run.commit(['task.started'], { tasks: [task('draft', 'running')] })];
        await store.commit(commits);
        await store.appendAudit([{ at: 1, actor: 'host', action: 'run.started', runId: 'run-1' }]);
        await store.saveTriggerState({ key: 'review#nightly', lastFiredAt: 100, nextFireAt: 200 });
        store = await reopen(store);
        assert.deepStrictEqual(await store.getRun('run-1'), fold(commits));
        assert.deepStrictEqual(await store.getDefinition('run-1'), DEFINITION);
        assert.deepStrictEqual(await store.readEvents('run-1'), commits.flatMap((commit) => commit.events));
        assert.deepStrictEqual(await store.listUnfinishedRuns(), [fold(commits)]);
        assert.deepStrictEqual(await store.listAudit(), [{ at: 1, actor: 'host', action: 'run.started', runId: 'run-1' }]);
        assert.deepStrictEqual(await store.getTriggerState('review#nightly'), { key: 'review#nightly', lastFiredAt: 100, nextFireAt: 200 });
        // The log continues where it stopped.
        await store.commit([run.commit(['task.completed'])]);
        assert.equal((await store.readEvents('run-1')).length, 5);
      });
    });

    describe('audit', () => {
      it('appends entries and lists them oldest first, filtered, the latest `limit`', async () => {
        const store = await fresh();
        await store.appendAudit([
          { at: 1, actor: 'host', action: 'pack.activated', data: { pack: 'p', version: '1.0.0' } },
          { at: 2, actor: 'guardrails', action: 'guardrail.decision', runId: 'a', taskId: 't', data: { decision: 'block' } },
          { at: 3, actor: 'token:ops', action: 'task.approved', runId: 'a', taskId: 'approve' },
        ]);
        await store.appendAudit([{ at: 4, actor: 'guardrails', action: 'guardrail.decision', runId: 'b', taskId: 't', data: { decision: 'allow' } }]);
        assert.deepStrictEqual((await store.listAudit()).map((entry) => entry.at), [1, 2, 3, 4]);
        assert.deepStrictEqual(await store.listAudit({ runId: 'a' }), [
          { at: 2, actor: 'guardrails', action: 'guardrail.decision', runId: 'a', taskId: 't', data: { decision: 'block' } },
          { at: 3, actor: 'token:ops', action: 'task.approved', runId: 'a', taskId: 'approve' },
        ]);
        assert.deepStrictEqual((await store.listAudit({ action: 'guardrail.decision' })).map((entry) => entry.runId), ['a', 'b']);
        assert.deepStrictEqual((await store.listAudit({ limit: 2 })).map((entry) => entry.at), [3, 4]);
        assert.deepStrictEqual(await store.listAudit({ runId: 'nobody' }), []);
      });

      it('with auditInCommit, writes the audit entries a commit carries with it, and none of a refused batch', async () => {
        const store = await fresh();
        // A store without the capability gets its entries by appendAudit (the test above).
        if (store.auditInCommit !== true) return;
        const a = new RunScript('a');
        const b = new RunScript('b');
        const started = (runId: string, at: number) => ({ at, actor: 'host', action: 'run.started', runId, data: { workflowId: 'review' } });
        await store.commit([{ ...a.start(), audit: [started('a', 1)] }, { ...b.start(), audit: [started('b', 2), { at: 3, actor: 'token:ops', action: 'task.approved', runId: 'b', taskId: 'approve' }] }]);
        assert.deepStrictEqual(await store.listAudit(), [
          started('a', 1),
          started('b', 2),
          { at: 3, actor: 'token:ops', action: 'task.approved', runId: 'b', taskId: 'approve' },
        ]);
        const aNext = a.commit(['task.started']);
        const bNext = b.commit(['task.started']);
        const bBad: RunCommit = { ...bNext, events: [{ ...bNext.events[0]!, seq: 99 }], header: { ...bNext.header, seq: 99 } };
        await rejectsWith(store.commit([{ ...aNext, audit: [{ at: 4, actor: 'host', action: 'task.retried', runId: 'a' }] }, bBad]), 'E_STORE_CONFLICT');
        assert.equal((await store.listAudit()).length, 3);
        // Reopened: the entries were written with the commits, not kept aside.
        const again = await reopen(store);
        assert.deepStrictEqual((await again.listAudit({ runId: 'b' })).map((entry) => entry.action), ['run.started', 'task.approved']);
      });
    });

    describe('trigger state', () => {
      it('saves, replaces and reads trigger state by key', async () => {
        const store = await fresh();
        assert.equal(await store.getTriggerState('review#nightly'), undefined);
        await store.saveTriggerState({ key: 'review#nightly', nextFireAt: 200 });
        assert.deepStrictEqual(await store.getTriggerState('review#nightly'), { key: 'review#nightly', nextFireAt: 200 });
        await store.saveTriggerState({ key: 'review#nightly', lastFiredAt: 200, nextFireAt: 300 });
        await store.saveTriggerState({ key: 'review#hourly', lastFiredAt: 5 });
        assert.deepStrictEqual(await store.getTriggerState('review#nightly'), { key: 'review#nightly', lastFiredAt: 200, nextFireAt: 300 });
        assert.deepStrictEqual(await store.getTriggerState('review#hourly'), { key: 'review#hourly', lastFiredAt: 5 });
      });
    });

    describe('prune', () => {
      it('deletes terminal runs that ended before their status cut-off, with their events and audit', async () => {
        const store = await fresh();
        const specs: readonly [string, 'completed' | 'failed' | 'cancelled' | 'running', number][] = [
          ['old-completed', 'completed', 100],
          ['new-completed', 'completed', 300],
          ['old-failed', 'failed', 100],
          ['old-cancelled', 'cancelled', 100],
          ['old-running', 'running', 100],
        ];
        for (const [runId, status, endedAt] of specs) {
          const run = new RunScript(runId, { createdAt: 50 });
          const commits = [run.start()];
          if (status !== 'running') commits.push(run.end(status, endedAt));
          await store.commit(commits);
          await store.appendAudit([{ at: endedAt, actor: 'host', action: 'run.started', runId }]);
        }
        await store.appendAudit([{ at: 10, actor: 'host', action: 'pack.activated' }]);

        // failed runs are kept longer: no cut-off given for them here.
        assert.equal(await store.prune({ endedBefore: { completed: 200, cancelled: 200 } }), 2);
        assert.deepStrictEqual((await store.listRuns()).runs.map((run) => run.runId).sort(), ['new-completed', 'old-failed', 'old-running']);
        for (const runId of ['old-completed', 'old-cancelled']) {
          assert.equal(await store.getRun(runId), undefined);
          assert.equal(await store.getDefinition(runId), undefined);
          assert.deepStrictEqual(await store.readEvents(runId), []);
          assert.deepStrictEqual(await store.listAudit({ runId }), []);
        }
        assert.equal((await store.listAudit({ action: 'pack.activated' })).length, 1);
        assert.equal(await store.prune({ endedBefore: { completed: 200, cancelled: 200 } }), 0);

        assert.equal(await store.prune({ endedBefore: { completed: 1e15, failed: 1e15, cancelled: 1e15 }, auditBefore: 50 }), 2);
        assert.deepStrictEqual((await store.listRuns()).runs.map((run) => run.runId), ['old-running']);
        assert.deepStrictEqual(await store.listAudit(), [{ at: 100, actor: 'host', action: 'run.started', runId: 'old-running' }]);
      });

      it('lets a pruned run id be used again', async () => {
        const store = await fresh();
        const run = new RunScript('run-1');
        await store.commit([run.start(), run.end('completed', 10)]);
        assert.equal(await store.prune({ endedBefore: { completed: 20 } }), 1);
        const again = new RunScript('run-1');
        const commits = [again.start()];
        await store.commit(commits);
        assert.deepStrictEqual(await store.getRun('run-1'), fold(commits));
        assert.equal((await store.readEvents('run-1')).length, 3);
      });
    });
  });
}
