import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineTool, defineWorkflow, isTroupeError, TroupeError, type RunState } from '@troupe/sdk';
import { collectTriggers, TriggerScheduler, type RunsApi, type StartWorkflowOptions, type WorkflowTrigger } from '@troupe/runtime';
import { SqliteStore } from '@troupe/store-sqlite';
import { createTestEngine, FakeClock, RecordingLogger } from '@troupe/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const HOUR = 3_600_000;
const utc = (iso: string): number => Date.parse(iso);

/** Records starts and refuses a used run id, like the engine. */
class RecordingRuns implements Pick<RunsApi, 'startWorkflow'> {
  readonly runIds: string[] = [];

  async startWorkflow(workflowId: string, options: StartWorkflowOptions = {}): Promise<RunState> {
    const runId = options.runId!;
    if (this.runIds.includes(runId)) throw new TroupeError('E_RUN_EXISTS', { runId });
    this.runIds.push(runId);
    return { runId, pin: { definitionId: workflowId, definitionVersion: '1', definitionHash: 'h', packVersions: {} }, status: 'queued', input: null, roleAssignments: {}, createdAt: 0, updatedAt: 0, seq: 1, tasks: {}, seats: {} };
  }
}

let folder: string;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'troupe-triggers-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(folder, { recursive: true, force: true });
});

async function openStore(): Promise<SqliteStore> {
  const store = new SqliteStore({ path: join(folder, 'troupe.db') });
  await store.open();
  cleanups.push(() => store.close());
  return store;
}

function schedulerOver(store: SqliteStore, runs: Pick<RunsApi, 'startWorkflow'>, clock: FakeClock): TriggerScheduler {
  const scheduler = new TriggerScheduler({ runs, store, clock, logger: new RecordingLogger() });
  cleanups.push(() => scheduler.stop());
  return scheduler;
}

describe('triggers on the SQLite store', () => {
  const hourly: WorkflowTrigger = { workflowId: 'wf', id: 'hourly', type: 'cron', cron: '0 * * * *', timezone: 'UTC' };

  it('keep their schedule in the database file: a restarted process neither fires again nor loses missed fires', async () => {
    const clock = new FakeClock(utc('2025-01-01T00:30:00Z'));
    const runs = new RecordingRuns();
    const firstStore = await openStore();
    const first = schedulerOver(firstStore, runs, clock);
    await first.start([hourly]);
    await clock.advance(30 * 60_000);
    await first.stop();
    await firstStore.close();

    // Restarted at once: nothing is due again.
    const secondStore = await openStore();
    await schedulerOver(secondStore, runs, clock).start([hourly]);
    expect(runs.runIds).toEqual([`trg:wf:hourly:${utc('2025-01-01T01:00:00Z')}`]);
    await secondStore.close();

    // Down three hours: the default catchUp (latest) fires once, for 04:00.
    await clock.advance(3 * HOUR);
    const thirdStore = await openStore();
    await schedulerOver(thirdStore, runs, clock).start([hourly]);
    expect(runs.runIds).toEqual([`trg:wf:hourly:${utc('2025-01-01T01:00:00Z')}`, `trg:wf:hourly:${utc('2025-01-01T04:00:00Z')}`]);
    expect(await thirdStore.getTriggerState('wf#hourly')).toEqual({ key: 'wf#hourly', lastFiredAt: utc('2025-01-01T04:00:00Z'), nextFireAt: utc('2025-01-01T05:00:00Z') });
  });

  it('start workflows on the real engine, once per fire, across an engine restart', async () => {
    const clock = new FakeClock(utc('2025-01-01T00:00:00Z'));
    const inputs: unknown[] = [];
    const tool = defineTool({
      id: 'collect',
      execute: (input) => {
        inputs.push(input);
        return null;
      },
    });
    const report = defineWorkflow({
      id: 'report',
      version: '1.0.0',
      tasks: [{ id: 'collect', executor: { type: 'tool', toolId: 'collect' }, input: { scope: { from: 'input.scope' }, at: { from: 'context.trigger.scheduledAt' } } }],
      triggers: [{ id: 'morning', type: 'cron', cron: '0 9 * * *', timezone: 'Europe/Paris', input: { scope: 'daily' } }],
    });
    const configTriggers = [
      { workflowId: 'report', id: 'kickoff', type: 'runAt' as const, runAt: '2025-01-01T02:00:00Z', input: { scope: 'once' } },
      { workflowId: 'missing', id: 'x', type: 'event' as const, event: 'x' },
    ];
    const store = await openStore();

    const first = createTestEngine({ store, clock, descriptors: [tool, report] });
    const collected = collectTriggers(first.engine.listDefinitions(), configTriggers, clock.now());
    expect(collected.triggers.map((trigger) => `${trigger.workflowId}#${trigger.id}`)).toEqual(['report#morning', 'report#kickoff']);
    expect(collected.problems.map((problem) => [problem.code, problem.details['triggerId']])).toEqual([['E_TRIGGER_INVALID', 'missing#x']]);
    expect(collected.problems[0]!.message).toMatch(/no active workflow "missing"/);

    const scheduler = new TriggerScheduler({ runs: first.engine, store, clock, logger: first.logger });
    await scheduler.start(collected.triggers);
    await clock.advance(8 * HOUR); // 02:00 UTC kickoff, 08:00 UTC = 09:00 Paris
    const { runs } = await store.listRuns();
    expect(runs.map((run) => [run.runId, run.status])).toEqual([
      [`trg:report:kickoff:${utc('2025-01-01T02:00:00Z')}`, 'completed'],
      [`trg:report:morning:${utc('2025-01-01T08:00:00Z')}`, 'completed'],
    ]);
    expect(inputs).toEqual([
      { scope: 'once', at: '2025-01-01T02:00:00.000Z' },
      { scope: 'daily', at: '2025-01-01T08:00:00.000Z' },
    ]);
    await scheduler.stop();
    await first.close();

    // The process died after recording the 08:00 fire but before clearing the mark.
    await store.saveTriggerState({ key: 'report#morning', lastFiredAt: utc('2025-01-01T08:00:00Z'), nextFireAt: utc('2025-01-02T08:00:00Z'), pendingFireAt: utc('2025-01-01T08:00:00Z') });
    const second = createTestEngine({ store, clock, descriptors: [tool, report] });
    await second.engine.recover();
    const refusals: string[] = [];
    const watched: Pick<RunsApi, 'startWorkflow'> = {
      startWorkflow: (id, options) =>
        second.engine.startWorkflow(id, options).catch((error: unknown) => {
          if (isTroupeError(error)) refusals.push(error.code);
          throw error;
        }),
    };
    const restarted = schedulerOver(store, watched, clock);
    await restarted.start(collectTriggers(second.engine.listDefinitions(), configTriggers, clock.now()).triggers);
    expect(refusals).toEqual(['E_RUN_EXISTS']);
    expect((await store.listRuns()).runs).toHaveLength(2);

    await clock.advance(24 * HOUR);
    expect((await store.listRuns()).runs.map((run) => run.runId)).toEqual([
      `trg:report:kickoff:${utc('2025-01-01T02:00:00Z')}`,
      `trg:report:morning:${utc('2025-01-01T08:00:00Z')}`,
      `trg:report:morning:${utc('2025-01-02T08:00:00Z')}`,
    ]);
    await restarted.stop();
    await second.close();
  });
});
