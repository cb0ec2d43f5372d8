import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHost, Services, type TroupeHost } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';
import { defineInlinePack, defineTool, defineWorkflow, type HostConfig } from '@troupe/sdk';
import { FakeClock } from '@troupe/testing';

/**
 * A host restarted on the same SQLite file (in this process, on a fake
 * clock): timers come back from the store, human tasks keep waiting, and
 * schedules neither fire twice nor forget what they missed while down.
 */
const dir = mkdtempSync(join(tmpdir(), 'troupe-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const calls: string[] = [];
const flaky = defineTool({
  id: 'flaky',
  execute: (_input, ctx) => {
    calls.push(`${ctx.idempotencyKey}#${ctx.attempt}`);
    if (ctx.attempt === 1) throw Object.assign(new Error('not yet'), { code: 'E_NOT_YET' });
    return { attempt: ctx.attempt };
  },
});
const noop = defineTool({ id: 'noop', execute: () => 'ok' });
const pack = defineInlinePack({
  id: 'durable-pack',
  version: '1.0.0',
  descriptors: [
    flaky,
    noop,
    defineWorkflow({
      id: 'mix',
      version: '1.0.0',
      tasks: [
        { id: 'flaky', executor: { type: 'tool', toolId: 'flaky' }, retry: { maxAttempts: 2, backoff: 'fixed', initialDelayMs: 10_000, jitter: false } },
        { id: 'ask', executor: { type: 'human', mode: 'approval', prompt: 'Go on?' } },
        { id: 'after', dependsOn: ['flaky', 'ask'], executor: { type: 'tool', toolId: 'noop' } },
      ],
    }),
    defineWorkflow({ id: 'tick', version: '1.0.0', tasks: [{ id: 'noop', executor: { type: 'tool', toolId: 'noop' } }] }),
  ],
});

const config: HostConfig = { triggers: [{ id: 'hourly', type: 'cron', cron: '0 * * * *', timezone: 'UTC', workflowId: 'tick' }] };
const HOUR = 3_600_000;
const clock = new FakeClock(Date.UTC(2025, 2, 1, 12, 0, 0));

async function startHost(database: string): Promise<TroupeHost> {
  const host = createHost({ config, logLevel: 'silent', services: [{ token: Services.store, value: createSqliteStore({ path: database }) }, { token: Services.clock, value: clock }] }).register(pack);
  await host.start();
  return host;
}

describe('a host restarted on its SQLite file', () => {
  it('rebuilds retry timers, keeps human tasks waiting, and fires schedules exactly once, catching up what it missed', async () => {
    const database = join(dir, 'restart.db');
    const first = await startHost(database);
    const { runId } = await first.engine.startWorkflow('mix');
    await clock.advance(1000);
    const before = await first.engine.getRun(runId);
    expect(before.tasks.flaky).toMatchObject({ status: 'retry_wait', attempt: 1, nextAttemptAt: clock.now() - 1000 + 10_000 });
    expect(before.tasks.ask!.status).toBe('awaiting_input');
    await clock.advance(HOUR - 1000); // 13:00: the hourly trigger fires once
    await first.stop();
    expect(clock.pendingTimers).toBe(0);

    // Down from 13:00 to 15:30: the retry came due and the 14:00 and 15:00 fires were missed.
    await clock.advance(2.5 * HOUR);
    const second = await startHost(database);
    const resumed = await second.engine.wait(runId);
    expect(resumed.status).toBe('awaiting_input');
    expect(resumed.tasks.flaky).toMatchObject({ status: 'completed', attempt: 2, output: { attempt: 2 } });
    expect(calls).toEqual([`${runId}:flaky#1`, `${runId}:flaky#2`]);
    await second.engine.answerHumanTask(runId, 'ask', { approved: true, actor: 'ada' });
    expect((await second.engine.wait(runId)).status).toBe('completed');

    await clock.advance(HOUR); // 16:30: the 16:00 fire
    const fired = (await second.engine.listRuns({ definitionId: 'tick', limit: 50 })).runs.map((run) => new Date(Number(run.runId.split(':').at(-1))).toISOString());
    // catchUp "latest" (the default): one run for the latest missed fire (15:00), none for 14:00; 13:00 not again.
    expect(fired).toEqual(['2025-03-01T13:00:00.000Z', '2025-03-01T15:00:00.000Z', '2025-03-01T16:00:00.000Z']);
    await second.stop();
    expect(statSync(database).size).toBeGreaterThan(0);
  });
});
