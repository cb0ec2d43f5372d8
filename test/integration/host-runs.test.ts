import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, MemoryStore, Services, type HostOptions, type TroupeHost } from '@troupe/runtime';
import { defineInlinePack, defineTool, defineWorkflow, type InlinePack, type RunEvent, type WorkflowStore } from '@troupe/sdk';
import { createSqliteStore } from '@troupe/store-sqlite';
import { FakeClock } from '@troupe/testing';

const hosts: TroupeHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
});

function host(options: HostOptions = {}): TroupeHost {
  const created = createHost({ logLevel: 'silent', ...options });
  hosts.push(created);
  return created;
}

const echo = defineTool({ id: 'echo', execute: (input: unknown) => input });
const single = defineWorkflow({
  id: 'single',
  version: '1.0.0',
  tasks: [{ id: 'say', executor: { type: 'tool', toolId: 'echo' }, input: { said: { from: 'input.text || "nothing"' } } }],
  triggers: [{ id: 'on-ping', type: 'event', event: 'ping', filter: 'event.loud == true', input: { value: { text: 'from the definition' } } }],
});

function pack(extra: Partial<InlinePack> = {}): InlinePack {
  return defineInlinePack({ id: 'basics', version: '1.0.0', descriptors: [echo, single], ...extra });
}

/** A store whose close() is recorded, to check what the host does in which order. */
function recordingStore(log: string[], inner: WorkflowStore = new MemoryStore()): WorkflowStore {
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'close') return () => (log.push('store closed'), target.close());
      if (property === 'open') return () => (log.push('store opened'), target.open());
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('a host runs workflows over its packs', () => {
  it('exposes the engine as host.engine and Services.engine from start to stop, auditing packs and starts', async () => {
    const h = host().register(pack()).register(defineInlinePack({ id: 'broken', version: '1.0.0', activate: () => Promise.reject(new Error('nope')) }));
    expect(() => h.engine).toThrow(expect.objectContaining({ code: 'E_HOST_STATE' }));
    await h.start();
    expect(h.resolve(Services.engine)).toBe(h.engine);

    const run = await h.engine.startWorkflow('single', { input: { text: 'hi' }, actor: 'ada' });
    const done = await h.engine.wait(run.runId);
    expect(done).toMatchObject({ status: 'completed', output: { say: { said: 'hi' } } });

    const store = h.resolve(Services.store);
    await h.stop();
    expect(() => h.engine).toThrow(expect.objectContaining({ code: 'E_HOST_STATE' }));
    const audit = await store.listAudit();
    expect(audit.map((entry) => `${entry.actor} ${entry.action} ${String(entry.data?.pack ?? entry.runId)}`)).toEqual([
      'host pack.activated basics',
      'host pack.failed broken',
      `ada run.started ${run.runId}`,
      'host pack.deactivated basics',
    ]);
    expect(audit[1]!.data).toMatchObject({ code: 'E_PACK_ACTIVATE_FAILED' });
    expect(audit[2]!.data).toMatchObject({ workflowId: 'single', version: '1.0.0', packVersions: { basics: '1.0.0' } });
  });

  it.each(['memory', 'sqlite'])('writes a run\'s audit entries in the commit they describe (%s): no separate append that a crash or a full disk could lose', async (kind) => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-audit-in-commit-'));
    try {
      const inner = kind === 'sqlite' ? createSqliteStore({ path: join(dir, 'troupe.db') }) : new MemoryStore();
      let appends = 0;
      // appendAudit refuses everything: only what rides in a commit can land.
      const store = new Proxy(inner, {
        get(target, property) {
          if (property === 'appendAudit') return () => (appends++, Promise.reject(new Error('audit append refused')));
          const value = Reflect.get(target, property) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const h = host({ services: [{ token: Services.store, value: store }] }).register(pack());
      await h.start();
      const runs = await Promise.all(['a', 'b', 'c'].map((text) => h.engine.startWorkflow('single', { input: { text }, actor: 'ada' })));
      await Promise.all(runs.map((run) => h.engine.wait(run.runId)));
      const started = await inner.listAudit({ action: 'run.started' });
      expect(started.map((entry) => entry.runId).sort()).toEqual(runs.map((run) => run.runId).sort());
      const beforeStop = appends;
      await h.stop();
      // Only host entries (pack.activated, pack.deactivated) took the separate path.
      expect(beforeStop).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads packs only with runWorkflows: false: no store is opened, no engine exists', async () => {
    const log: string[] = [];
    const h = host({ runWorkflows: false, services: [{ token: Services.store, value: recordingStore(log) }] }).register(pack());
    const report = await h.start();
    expect(report.packs[0]).toMatchObject({ id: 'basics', status: 'active' });
    expect(() => h.engine).toThrow(expect.objectContaining({ code: 'E_HOST_STATE', message: expect.stringContaining('runWorkflows: false') }));
    await h.stop();
    expect(log).toEqual([]);
  });

  it('stops triggers, then the engine (runs stay unfinished), then packs in reverse, then the store; a new host resumes the runs', async () => {
    const log: string[] = [];
    const store = new MemoryStore();
    let hang = true;
    const slow = defineTool({
      id: 'slow',
      execute: (_input, ctx) => {
        log.push(`slow ${ctx.idempotencyKey} attempt ${ctx.attempt}`);
        if (!hang) return 'done';
        return new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => (log.push('slow aborted'), reject(ctx.signal.reason))));
      },
    });
    const workflow = defineWorkflow({ id: 'slowly', version: '1.0.0', tasks: [{ id: 'wait', executor: { type: 'tool', toolId: 'slow' } }] });
    const slowPack = (): InlinePack => defineInlinePack({ id: 'slow-pack', version: '1.0.0', descriptors: [slow, workflow], deactivate: () => void log.push('slow-pack deactivated') });
    const first = host({ services: [{ token: Services.store, value: recordingStore(log, store) }] })
      .register(pack({ deactivate: () => void log.push('basics deactivated') }))
      .register(slowPack());
    await first.start();
    const started = new Promise<void>((resolve) => first.engine.subscribe(({ event }) => event.type === 'task.started' && resolve()));
    const { runId } = await first.engine.startWorkflow('slowly');
    await started;
    await first.stop();
    expect(log).toEqual([
      'store opened',
      `slow ${runId}:wait attempt 1`,
      'slow aborted',
      'slow-pack deactivated',
      'basics deactivated',
      'store closed',
    ]);
    expect((await store.getRun(runId))!.status).toBe('running');

    hang = false;
    const second = host({ services: [{ token: Services.store, value: store }] }).register(slowPack());
    await second.start();
    const resumed = await second.engine.wait(runId);
    expect(resumed).toMatchObject({ status: 'completed', tasks: { wait: { attempt: 2, output: 'done' } } });
    expect(log).toContain(`slow ${runId}:wait attempt 2`);
  });
});

describe('a host fires triggers and prunes old runs', () => {
  it('fires event triggers of definitions and of the config through host.emit, reporting invalid triggers', async () => {
    const h = host({
      config: {
        triggers: [
          { id: 'cfg', type: 'event', event: 'ping', workflowId: 'single' },
          { id: 'bad', type: 'cron', cron: 'not a pattern', workflowId: 'single' },
          { id: 'orphan', type: 'event', event: 'ping', workflowId: 'missing' },
        ],
      },
    }).register(pack());
    const report = await h.start();
    expect(report.errors?.map((error) => `${error.code} ${String(error.details?.triggerId)}`)).toEqual(['E_TRIGGER_INVALID missing#orphan', 'E_TRIGGER_INVALID single#bad']);

    const loud = await h.emit('ping', { loud: true, text: 'hey' });
    expect(loud.map((fire) => `${fire.triggerKey} ${fire.outcome}`).sort()).toEqual(['single#cfg started', 'single#on-ping started']);
    const runs = await Promise.all(loud.map((fire) => (fire.outcome === 'started' ? h.engine.wait(fire.run.runId) : undefined)));
    expect(runs.map((run) => run?.output).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { say: { said: 'from the definition' } },
      { say: { said: 'hey' } },
    ]);
    const quiet = await h.emit('ping', { loud: false });
    expect(quiet.map((fire) => fire.triggerKey)).toEqual(['single#cfg']);
    expect(await h.emit('nobody-listens', {})).toEqual([]);
    const audit = await h.resolve(Services.store).listAudit({ action: 'run.started' });
    expect(audit.map((entry) => entry.actor).sort()).toEqual(['trigger:single#cfg', 'trigger:single#cfg', 'trigger:single#on-ping']);
  });

  it('fires cron triggers on the host clock and prunes ended runs past their retention in the background', async () => {
    const clock = new FakeClock(Date.UTC(2025, 0, 1, 12, 0, 0));
    const h = host({
      config: { triggers: [{ id: 'tick', type: 'cron', cron: '0 * * * *', timezone: 'UTC', workflowId: 'single' }], retention: { completedDays: 1, pruneIntervalMinutes: 60 } },
      services: [{ token: Services.clock, value: clock }],
    }).register(pack());
    await h.start();
    await clock.advance(60 * 60_000);
    const { runs } = await h.engine.listRuns();
    expect(runs.map((run) => `${run.runId} ${run.status}`)).toEqual([`trg:single:tick:${Date.UTC(2025, 0, 1, 13)} completed`]);

    // A day and an hour later the first run is past its retention (the hourly prune removed it); the last day's runs are kept.
    await clock.advance(25 * 60 * 60_000);
    const after = await h.engine.listRuns({ limit: 500 });
    expect(after.runs.some((run) => run.runId === runs[0]!.runId)).toBe(false);
    expect(after.runs.length).toBeGreaterThanOrEqual(24);
    expect(after.runs.every((run) => run.endedAt! >= clock.now() - 25 * 60 * 60_000)).toBe(true);
  });
});

describe('events the host records', () => {
  it('audits answers and cancellations with their actor', async () => {
    const ask = defineWorkflow({ id: 'ask', version: '1.0.0', tasks: [{ id: 'ok', executor: { type: 'human', mode: 'approval' } }] });
    const h = host().register(pack({ descriptors: [echo, single, ask] }));
    await h.start();
    const first = await h.engine.startWorkflow('ask');
    expect((await h.engine.wait(first.runId)).status).toBe('awaiting_input');
    await h.engine.answerHumanTask(first.runId, 'ok', { approved: true, comment: 'fine', actor: 'grace' });
    const second = await h.engine.startWorkflow('ask');
    await h.engine.wait(second.runId);
    await h.engine.cancel(second.runId, 'not needed', 'alan');
    const audit = await h.resolve(Services.store).listAudit();
    const answered = audit.find((entry) => entry.action === 'task.answered');
    expect(answered).toMatchObject({ actor: 'grace', runId: first.runId, taskId: 'ok', data: { approved: true, comment: 'fine' } });
    expect(audit.find((entry) => entry.action === 'run.cancelled')).toMatchObject({ actor: 'alan', runId: second.runId, data: { reason: 'not needed' } });
    const events: RunEvent[] = [...(await h.engine.readEvents(first.runId))];
    expect(events.at(-1)!.type).toBe('run.completed');
  });
});
