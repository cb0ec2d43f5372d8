import { isTroupeError, TroupeError, type RunState, type TriggerState, type WorkflowStore } from '@troupe/sdk';
import { MemoryStore, TriggerScheduler, type RunsApi, type StartWorkflowOptions, type WorkflowTrigger } from '@troupe/runtime';
import { FakeClock, RecordingLogger } from '@troupe/testing';
import { afterEach, describe, expect, it } from 'vitest';

const HOUR = 3_600_000;
const utc = (iso: string): number => Date.parse(iso);

interface Start {
  readonly workflowId: string;
  readonly options: StartWorkflowOptions;
}

/**
 * Stands in for the engine: records starts and, like the engine, refuses a
 * run id that was already used. `ids` may be shared between "processes".
 */
class RecordingRuns implements Pick<RunsApi, 'startWorkflow'> {
  readonly starts: Start[] = [];
  /** Set to make every start fail with this error. */
  refuse: TroupeError | undefined;
  /** Set to make starts hang forever (a process frozen mid-start). */
  hang = false;
  #counter = 0;

  constructor(readonly ids: Set<string> = new Set()) {}

  async startWorkflow(workflowId: string, options: StartWorkflowOptions = {}): Promise<RunState> {
    if (this.hang) return new Promise<RunState>(() => undefined);
    if (this.refuse) throw this.refuse;
    const runId = options.runId ?? `run-${++this.#counter}`;
    if (this.ids.has(runId)) throw new TroupeError('E_RUN_EXISTS', { runId });
    this.ids.add(runId);
    this.starts.push({ workflowId, options });
    return {
      runId,
      pin: { definitionId: workflowId, definitionVersion: '1.0.0', definitionHash: 'h', packVersions: {} },
      status: 'queued',
      input: options.input,
      roleAssignments: {},
      createdAt: 0,
      updatedAt: 0,
      seq: 1,
      tasks: {},
      seats: {},
    };
  }

  /** Scheduled fire times started, as ISO strings. */
  fired(): string[] {
    return this.starts.map((start) => String((start.options.context?.['trigger'] as { scheduledAt?: string } | undefined)?.scheduledAt));
  }
}

const schedulers: TriggerScheduler[] = [];

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.stop()));
});

function scheduler(parts: { runs: RecordingRuns; store: WorkflowStore; clock: FakeClock; logger?: RecordingLogger; maxCatchUpFires?: number }): TriggerScheduler {
  const created = new TriggerScheduler({
    runs: parts.runs,
    store: parts.store,
    clock: parts.clock,
    logger: parts.logger ?? new RecordingLogger(),
    ...(parts.maxCatchUpFires !== undefined ? { maxCatchUpFires: parts.maxCatchUpFires } : {}),
  });
  schedulers.push(created);
  return created;
}

async function refusal(promise: Promise<unknown>): Promise<TroupeError> {
  try {
    await promise;
  } catch (error) {
    if (isTroupeError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('cron triggers', () => {
  it('fire at the pattern times of their timezone, with a run id, input and context per fire', async () => {
    const clock = new FakeClock(utc('2025-01-01T00:00:00Z'));
    const runs = new RecordingRuns();
    const triggers = scheduler({ runs, store: new MemoryStore(), clock });
    await triggers.start([{ workflowId: 'report', id: 'daily', type: 'cron', cron: '0 9 * * 1-5', timezone: 'America/New_York', input: { scope: 'all' } }]);
    expect(triggers.list()).toEqual([{ key: 'report#daily', workflowId: 'report', triggerId: 'daily', type: 'cron', nextFireAt: utc('2025-01-01T14:00:00Z') }]);

    await clock.advance(14 * HOUR - 1);
    expect(runs.starts).toEqual([]);
    await clock.advance(1);
    expect(runs.starts).toEqual([
      {
        workflowId: 'report',
        options: {
          runId: `trg:report:daily:${utc('2025-01-01T14:00:00Z')}`,
          input: { scope: 'all' },
          actor: 'trigger:report#daily',
          context: { trigger: { key: 'report#daily', id: 'daily', workflowId: 'report', type: 'cron', scheduledAt: '2025-01-01T14:00:00.000Z' } },
        },
      },
    ]);

    // Thursday and Friday at 09:00 New York, then Monday: the weekend is skipped.
    await clock.advance(5 * 24 * HOUR);
    expect(runs.fired()).toEqual(['2025-01-01T14:00:00.000Z', '2025-01-02T14:00:00.000Z', '2025-01-03T14:00:00.000Z', '2025-01-06T14:00:00.000Z']);
    expect(triggers.list()[0]).toMatchObject({ lastFiredAt: utc('2025-01-06T14:00:00Z'), nextFireAt: utc('2025-01-07T14:00:00Z') });
  });
});

describe('runAt triggers', () => {
  it('fire once at their date and never again', async () => {
    const clock = new FakeClock(utc('2025-01-01T00:00:00Z'));
    const runs = new RecordingRuns();
    const store = new MemoryStore();
    const trigger: WorkflowTrigger = { workflowId: 'launch', id: 'go', type: 'runAt', runAt: '2025-01-01T12:00:00+02:00' };
    const first = scheduler({ runs, store, clock });
    await first.start([trigger]);
    await clock.advance(10 * HOUR);
    expect(runs.fired()).toEqual(['2025-01-01T10:00:00.000Z']);
    expect(clock.pendingTimers).toBe(0);
    await first.stop();

    await clock.advance(24 * HOUR);
    await scheduler({ runs, store, clock }).start([trigger]);
    expect(runs.starts).toHaveLength(1);
  });

  it('fire a date already past at first start per catchUp: latest fires it, none never does', async () => {
    const clock = new FakeClock(utc('2025-03-01T00:00:00Z'));
    const runs = new RecordingRuns();
    await scheduler({ runs, store: new MemoryStore(), clock }).start([
      { workflowId: 'wf', id: 'late', type: 'runAt', runAt: '2025-02-01T00:00:00Z' },
      { workflowId: 'wf', id: 'skipped', type: 'runAt', runAt: '2025-02-01T00:00:00Z', catchUp: 'none' },
    ]);
    expect(runs.starts.map((start) => start.options.runId)).toEqual([`trg:wf:late:${utc('2025-02-01T00:00:00Z')}`]);
  });
});

describe('event triggers', () => {
  const triggers: WorkflowTrigger[] = [
    { workflowId: 'deploy', id: 'main', type: 'event', event: 'git.push', filter: 'event.branch == "main" && !event.draft', input: { from: 'event.repo' } },
    { workflowId: 'audit', id: 'all-pushes', type: 'event', event: 'git.push' },
    { workflowId: 'notify', id: 'tags', type: 'event', event: 'git.tag', input: { value: { channel: 'releases' } } },
  ];

  it('start the workflows whose filter matches the payload, with the bound input', async () => {
    const runs = new RecordingRuns();
    const events = scheduler({ runs, store: new MemoryStore(), clock: new FakeClock() });
    await events.start(triggers);

    const onMain = await events.emit('git.push', { branch: 'main', repo: 'acme/app' });
    expect(onMain.map((fire) => [fire.triggerKey, fire.outcome])).toEqual([
      ['deploy#main', 'started'],
      ['audit#all-pushes', 'started'],
    ]);
    expect(runs.starts.map((start) => [start.workflowId, start.options.input])).toEqual([
      ['deploy', 'acme/app'],
      ['audit', { branch: 'main', repo: 'acme/app' }],
    ]);
    expect(runs.starts[0]!.options.context).toEqual({ trigger: { key: 'deploy#main', id: 'main', workflowId: 'deploy', type: 'event', event: 'git.push' } });

    const onBranch = await events.emit('git.push', { branch: 'feature', repo: 'acme/app' });
    expect(onBranch.map((fire) => fire.triggerKey)).toEqual(['audit#all-pushes']);
    expect(await events.emit('git.tag', { tag: 'v1' })).toMatchObject([{ triggerKey: 'notify#tags', outcome: 'started' }]);
    expect(runs.starts[3]!.options.input).toEqual({ channel: 'releases' });
    expect(await events.emit('git.fork', {})).toEqual([]);
  });

  it('start nothing new for a redelivered event id, and report refused starts', async () => {
    const runs = new RecordingRuns();
    const events = scheduler({ runs, store: new MemoryStore(), clock: new FakeClock() });
    await events.start(triggers);
    const first = await events.emit('git.tag', { tag: 'v1' }, { eventId: 'delivery-7' });
    expect(first).toMatchObject([{ outcome: 'started', run: { runId: 'evt:notify:tags:delivery-7' } }]);
    expect(await events.emit('git.tag', { tag: 'v1' }, { eventId: 'delivery-7' })).toEqual([
      { triggerKey: 'notify#tags', workflowId: 'notify', outcome: 'duplicate', runId: 'evt:notify:tags:delivery-7' },
    ]);

    runs.refuse = new TroupeError('E_WORKFLOW_NOT_FOUND', { workflowId: 'notify' });
    const [failed] = await events.emit('git.tag', { tag: 'v2' });
    expect(failed).toMatchObject({ outcome: 'failed', error: { code: 'E_WORKFLOW_NOT_FOUND' } });
    expect(runs.starts).toHaveLength(1);
  });
});

describe('restarts', () => {
  const hourly: WorkflowTrigger = { workflowId: 'wf', id: 'hourly', type: 'cron', cron: '0 * * * *' };

  it('never fire a fire twice when the host restarts right after it', async () => {
    const clock = new FakeClock(utc('2025-01-01T00:30:00Z'));
    const store = new MemoryStore();
    const runs = new RecordingRuns();
    const first = scheduler({ runs, store, clock });
    await first.start([hourly]);
    await clock.advance(30 * 60_000);
    expect(runs.fired()).toEqual(['2025-01-01T01:00:00.000Z']);
    await first.stop();

    // Same instant, then 30 s later (within the misfire threshold): nothing is due again.
    await scheduler({ runs, store, clock }).start([hourly]);
    await clock.advance(30_000);
    await scheduler({ runs, store, clock }).start([hourly]);
    expect(runs.starts).toHaveLength(1);
  });

  it('start a fire recorded just before a crash exactly once: again if its run never started, not at all if it did', async () => {
    const clock = new FakeClock(utc('2025-01-01T00:30:00Z'));
    const store = new MemoryStore();
    const ids = new Set<string>();
    const crashed = new RecordingRuns(ids);
    crashed.hang = true; // the process dies after recording the fire, before the run exists
    // Not stopped after the test: its start never returns, like the dead process's.
    await new TriggerScheduler({ runs: crashed, store, clock, logger: new RecordingLogger() }).start([hourly]);
    await clock.advance(30 * 60_000);
    expect(await store.getTriggerState('wf#hourly')).toMatchObject({ pendingFireAt: utc('2025-01-01T01:00:00Z') });

    const restarted = new RecordingRuns(ids);
    await scheduler({ runs: restarted, store, clock }).start([hourly]);
    expect(restarted.fired()).toEqual(['2025-01-01T01:00:00.000Z']);
    expect(await store.getTriggerState('wf#hourly')).toEqual({ key: 'wf#hourly', lastFiredAt: utc('2025-01-01T01:00:00Z'), nextFireAt: utc('2025-01-01T02:00:00Z') });

    // The run started but the process died before clearing the mark: the engine refuses the copy.
    const state: TriggerState = { key: 'wf#hourly', lastFiredAt: utc('2025-01-01T01:00:00Z'), nextFireAt: utc('2025-01-01T02:00:00Z'), pendingFireAt: utc('2025-01-01T01:00:00Z') };
    await store.saveTriggerState(state);
    const again = new RecordingRuns(ids);
    await scheduler({ runs: again, store, clock }).start([hourly]);
    expect(again.starts).toEqual([]);
    expect(ids.size).toBe(1);
  });

  it('keep a fire the engine could not take yet, and start it when it can', async () => {
    const clock = new FakeClock(utc('2025-01-01T00:59:00Z'));
    const runs = new RecordingRuns();
    runs.refuse = new TroupeError('E_HOST_STATE', { action: 'start a run', state: 'starting' });
    const logger = new RecordingLogger();
    await scheduler({ runs, store: new MemoryStore(), clock, logger }).start([hourly]);
    await clock.advance(60_000);
    expect(runs.starts).toEqual([]);
    runs.refuse = undefined;
    await clock.advance(30_000);
    expect(runs.fired()).toEqual(['2025-01-01T01:00:00.000Z']);
    expect(logger.entries.some((entry) => entry.level === 'warn' && /trying again later/.test(entry.message))).toBe(true);
  });
});

describe('catchUp after downtime', () => {
  // Up at 00:00, down from 00:30 to 05:30: the fires of 01:00 … 05:00 were missed.
  async function downtime(catchUp: 'none' | 'latest' | 'all' | undefined, maxCatchUpFires?: number) {
    const trigger: WorkflowTrigger = { workflowId: 'wf', id: 'h', type: 'cron', cron: '0 * * * *', ...(catchUp ? { catchUp } : {}) };
    const clock = new FakeClock(utc('2025-01-01T00:00:00Z'));
    const store = new MemoryStore();
    const runs = new RecordingRuns();
    const logger = new RecordingLogger();
    const first = scheduler({ runs, store, clock });
    await first.start([trigger]);
    await clock.advance(30 * 60_000);
    await first.stop();
    await clock.advance(5 * HOUR);
    const second = scheduler({ runs, store, clock, logger, ...(maxCatchUpFires !== undefined ? { maxCatchUpFires } : {}) });
    await second.start([trigger]);
    const caughtUp = runs.fired().map((iso) => iso.slice(11, 16));
    await clock.advance(30 * 60_000);
    return { caughtUp, after: runs.fired().map((iso) => iso.slice(11, 16)), logger };
  }

  it('none: skips the missed fires and goes on with the next one', async () => {
    const { caughtUp, after, logger } = await downtime('none');
    expect(caughtUp).toEqual([]);
    expect(after).toEqual(['06:00']);
    expect(logger.entries.some((entry) => /skipping them/.test(entry.message))).toBe(true);
  });

  it('latest (the default): fires once for the most recent missed fire', async () => {
    expect(await downtime('latest')).toMatchObject({ caughtUp: ['05:00'], after: ['05:00', '06:00'] });
    expect(await downtime(undefined)).toMatchObject({ caughtUp: ['05:00'], after: ['05:00', '06:00'] });
  });

  it('all: fires each missed fire in order, at most the cap (the latest ones), and logs the cut', async () => {
    const all = await downtime('all');
    expect(all).toMatchObject({ caughtUp: ['01:00', '02:00', '03:00', '04:00', '05:00'], after: ['01:00', '02:00', '03:00', '04:00', '05:00', '06:00'] });
    expect(all.logger.entries.some((entry) => entry.level === 'info' && entry.message === 'starting 5 fire(s) missed while the host was down')).toBe(true);
    const capped = await downtime('all', 3);
    expect(capped.caughtUp).toEqual(['03:00', '04:00', '05:00']);
    expect(capped.logger.entries.some((entry) => entry.level === 'warn' && /more than 3 fires were missed/.test(entry.message))).toBe(true);
  });
});

describe('registration', () => {
  it('refuses invalid triggers with E_TRIGGER_INVALID listing each, and registers none', async () => {
    const clock = new FakeClock();
    const runs = new RecordingRuns();
    const triggers = scheduler({ runs, store: new MemoryStore(), clock });
    const error = await refusal(
      triggers.start([
        { workflowId: 'wf', id: 'ok', type: 'event', event: 'x' },
        { workflowId: 'wf', id: 'cron', type: 'cron', cron: '0 9 * *', timezone: 'Europe/Paris' },
        { workflowId: 'wf', id: 'zone', type: 'cron', cron: '0 9 * * *', timezone: 'Paris' },
        { workflowId: 'wf', id: 'date', type: 'runAt', runAt: '2025-13-01T00:00:00Z' },
        { workflowId: 'wf', id: 'filter', type: 'event', event: 'x', filter: 'event.kind = "a"' },
      ]),
    );
    expect(error.code).toBe('E_TRIGGER_INVALID');
    expect(error.details['triggerId']).toEqual(['wf#cron', 'wf#zone', 'wf#date', 'wf#filter']);
    expect(error.message).toMatch(/^4 triggers are invalid: wf#cron: the cron pattern "0 9 \* \*" is invalid/);
    expect(triggers.list()).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
    expect(await triggers.emit('x', {})).toEqual([]);
  });

  it('on update keeps unchanged triggers, re-registers changed ones, and stops removed ones', async () => {
    const clock = new FakeClock(utc('2025-01-01T00:00:00Z'));
    const store = new MemoryStore();
    const runs = new RecordingRuns();
    const triggers = scheduler({ runs, store, clock });
    const hourly: WorkflowTrigger = { workflowId: 'wf', id: 'hourly', type: 'cron', cron: '0 * * * *' };
    const nightly: WorkflowTrigger = { workflowId: 'wf', id: 'nightly', type: 'cron', cron: '0 0 * * *' };
    await triggers.start([hourly, nightly, { workflowId: 'wf', id: 'ev', type: 'event', event: 'a' }]);
    await clock.advance(HOUR);
    expect(runs.starts).toHaveLength(1);

    await triggers.update([{ ...hourly }, { ...nightly, cron: '30 * * * *' }, { workflowId: 'wf', id: 'ev', type: 'event', event: 'b' }]);
    expect(triggers.list().map((status) => [status.key, status.nextFireAt ?? status.event])).toEqual([
      ['wf#ev', 'b'],
      ['wf#hourly', utc('2025-01-01T02:00:00Z')],
      ['wf#nightly', utc('2025-01-01T01:30:00Z')],
    ]);
    expect(await triggers.emit('a', {})).toEqual([]);
    await clock.advance(HOUR);
    expect(runs.starts.map((start) => start.options.runId)).toEqual([
      `trg:wf:hourly:${utc('2025-01-01T01:00:00Z')}`,
      `trg:wf:nightly:${utc('2025-01-01T01:30:00Z')}`,
      `trg:wf:hourly:${utc('2025-01-01T02:00:00Z')}`,
    ]);

    await triggers.update([nightly]);
    await clock.advance(3 * HOUR);
    expect(runs.starts.filter((start) => start.options.runId!.startsWith('trg:wf:hourly'))).toHaveLength(2);
    // Added back hours later: it starts afresh instead of catching up on the gap.
    await triggers.update([nightly, hourly]);
    expect(runs.starts.filter((start) => start.options.runId!.startsWith('trg:wf:hourly'))).toHaveLength(2);
    expect(triggers.list().find((status) => status.key === 'wf#hourly')?.nextFireAt).toBe(utc('2025-01-01T06:00:00Z'));
  });

  it('stop clears every timer and ignores events', async () => {
    const clock = new FakeClock();
    const runs = new RecordingRuns();
    const triggers = scheduler({ runs, store: new MemoryStore(), clock });
    await triggers.start([
      { workflowId: 'wf', id: 'c', type: 'cron', cron: '* * * * *' },
      { workflowId: 'wf', id: 'e', type: 'event', event: 'x' },
    ]);
    expect(clock.pendingTimers).toBe(1);
    await triggers.stop();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(HOUR);
    expect(await triggers.emit('x', {})).toEqual([]);
    expect(runs.starts).toEqual([]);
  });
});
