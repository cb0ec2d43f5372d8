import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTroupeError, type RunCommit, type RunEvent, type RunHeader, type RunStatus, type WorkflowDefinition, type WorkflowStore } from '@troupe/sdk';
import { MemoryStore, RetentionPruner, type RetentionPrunerOptions } from '@troupe/runtime';
import { SqliteStore } from '@troupe/store-sqlite';
import { FakeClock, RecordingLogger } from '@troupe/testing';
import { afterEach, describe, expect, it } from 'vitest';

const DAY = 86_400_000;
const definition: WorkflowDefinition = { id: 'wf', version: '1.0.0', tasks: [{ id: 't', executor: { type: 'tool', toolId: 'noop' } }] };

/** A run as the engine would have committed it: created at `createdAt`, then ended (or not) at `endedAt`. */
function runCommits(runId: string, status: RunStatus, createdAt: number, endedAt?: number): RunCommit[] {
  const header = (seq: number, extra: Partial<RunHeader>): RunHeader => ({
    runId,
    pin: { definitionId: 'wf', definitionVersion: '1.0.0', definitionHash: 'h', packVersions: {} },
    status: 'running',
    input: { payload: 'x'.repeat(200) },
    roleAssignments: {},
    createdAt,
    updatedAt: createdAt,
    seq,
    ...extra,
  });
  const event = (seq: number, type: RunEvent['type'], at: number): RunEvent => ({ runId, seq, type, at });
  const commits: RunCommit[] = [
    { runId, created: { definition }, events: [event(1, 'run.created', createdAt), event(2, 'run.started', createdAt)], header: header(2, {}), tasks: [{ id: 't', status: 'running', attempt: 1 }], seats: [] },
  ];
  if (endedAt !== undefined) {
    commits.push({
      runId,
      events: [event(3, `run.${status}` as RunEvent['type'], endedAt)],
      header: header(3, { status, endedAt, updatedAt: endedAt }),
      tasks: [{ id: 't', status: status === 'completed' ? 'completed' : 'failed', attempt: 1 }],
      seats: [],
    });
  } else if (status !== 'running') {
    commits.push({ runId, events: [event(3, 'task.awaiting_input', createdAt + 1)], header: header(3, { status, updatedAt: createdAt + 1 }), tasks: [], seats: [] });
  }
  return commits;
}

let folder: string | undefined;
const stores: WorkflowStore[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

const kinds: Record<string, () => Promise<WorkflowStore>> = {
  memory: async () => new MemoryStore(),
  sqlite: async () => {
    folder ??= mkdtempSync(join(tmpdir(), 'troupe-retention-'));
    const store = new SqliteStore({ path: join(folder, 'troupe.db') });
    await store.open();
    stores.push(store);
    return store;
  },
};

function pruner(options: Omit<RetentionPrunerOptions, 'logger'> & { logger?: RecordingLogger }): RetentionPruner {
  return new RetentionPruner({ logger: new RecordingLogger(), ...options });
}

async function runIds(store: WorkflowStore): Promise<string[]> {
  return (await store.listRuns({ limit: 1000 })).runs.map((run) => run.runId).sort();
}

for (const [kind, open] of Object.entries(kinds)) {
  describe(`retention on the ${kind} store`, () => {
    it('prunes ended runs past their status retention, and keeps recent and unfinished ones', async () => {
      const store = await open();
      const clock = new FakeClock(Date.UTC(2025, 6, 1));
      const now = clock.now();
      const ago = (days: number) => now - days * DAY;
      await store.commit([
        ...runCommits('completed-31d', 'completed', ago(32), ago(31)),
        ...runCommits('completed-29d', 'completed', ago(32), ago(29)),
        ...runCommits('failed-60d', 'failed', ago(61), ago(60)),
        ...runCommits('failed-91d', 'failed', ago(92), ago(91)),
        ...runCommits('cancelled-31d', 'cancelled', ago(32), ago(31)),
        ...runCommits('running-200d', 'running', ago(200)),
        ...runCommits('waiting-200d', 'awaiting_input', ago(200)),
      ]);
      await store.appendAudit([
        { at: ago(31), actor: 'host', action: 'run.started', runId: 'completed-31d' },
        { at: ago(400), actor: 'host', action: 'pack.activated' },
        { at: ago(10), actor: 'host', action: 'pack.activated' },
      ]);
      const logger = new RecordingLogger();

      // Config as in troupe.config.json; cancelled runs take the default of 30 days.
      const retention = pruner({ store, clock, logger, config: { completedDays: 30, failedDays: 90, auditDays: 365 } });
      expect(await retention.pruneNow()).toBe(3);
      expect(await runIds(store)).toEqual(['completed-29d', 'failed-60d', 'running-200d', 'waiting-200d']);
      expect(await store.readEvents('completed-31d')).toEqual([]);
      expect(await store.listAudit()).toEqual([{ at: ago(10), actor: 'host', action: 'pack.activated' }]);
      expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'info', message: 'pruned 3 ended run(s) past their retention' }));
      expect(await retention.pruneNow()).toBe(0);

      // Time passes: the 29-day-old run ages out too; unfinished runs never do.
      await clock.advance(2 * DAY);
      expect(await retention.pruneNow()).toBe(1);
      expect(await runIds(store)).toEqual(['failed-60d', 'running-200d', 'waiting-200d']);
    });

    it('prunes in the background every pruneIntervalMinutes, through the clock, until stopped', async () => {
      const store = await open();
      const clock = new FakeClock(Date.UTC(2025, 6, 1));
      const retention = pruner({ store, clock, config: { completedDays: 1, pruneIntervalMinutes: 60 } });
      await store.commit([...runCommits('a', 'completed', clock.now() - 3 * DAY, clock.now() - 2 * DAY), ...runCommits('b', 'completed', clock.now() - 1000, clock.now())]);
      retention.start();
      await clock.advance(0);
      expect(await runIds(store)).toEqual(['b']);

      await clock.advance(DAY - 1);
      expect(await runIds(store)).toEqual(['b']);
      // b passes one day at 24:00; the pass at 25:00 takes it.
      await clock.advance(60 * 60_000 + 1);
      expect(await runIds(store)).toEqual([]);

      await store.commit(runCommits('c', 'completed', clock.now() - 3 * DAY, clock.now() - 2 * DAY));
      await retention.stop();
      expect(clock.pendingTimers).toBe(0);
      await clock.advance(2 * 60 * 60_000);
      expect(await runIds(store)).toEqual(['c']);
    });
  });
}

describe('retention config', () => {
  it('refuses negative or non-numeric values with E_CONFIG_INVALID', () => {
    try {
      pruner({ store: new MemoryStore(), clock: new FakeClock(), config: { completedDays: -1, pruneIntervalMinutes: 0 } });
      expect.unreachable();
    } catch (error) {
      expect(isTroupeError(error, 'E_CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toMatch(/\/retention\/completedDays must be a number of days >= 0, \/retention\/pruneIntervalMinutes must be a number of minutes > 0/);
    }
  });
});

describe('retention soak on SQLite', () => {
  it('keeps the database file from growing once runs age out at the rate they arrive', async () => {
    const store = (await kinds['sqlite']!()) as SqliteStore;
    const clock = new FakeClock(Date.UTC(2025, 0, 1));
    const retention = pruner({ store, clock, config: { completedDays: 7, failedDays: 7, pruneIntervalMinutes: 60 } });
    retention.start();
    const sizeOf = () => statSync(store.path).size + (statSync(`${store.path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    const sizes: number[] = [];
    let counter = 0;
    for (let day = 0; day < 40; day++) {
      const batch: RunCommit[] = [];
      for (let index = 0; index < 50; index++) {
        counter++;
        batch.push(...runCommits(`run-${counter}`, counter % 5 === 0 ? 'failed' : 'completed', clock.now(), clock.now() + 60_000));
      }
      await store.commit(batch);
      await clock.advance(DAY);
      sizes.push(sizeOf());
    }
    await retention.stop();
    // 7 days of runs (plus the day in flight) are kept; nothing older.
    expect((await store.listRuns({ limit: 1000 })).runs.length).toBeLessThanOrEqual(8 * 50);
    // Once the window is full (day 10), the file stops growing.
    expect(Math.max(...sizes.slice(20))).toBeLessThanOrEqual(sizes[10]! * 1.25);
  });
});
