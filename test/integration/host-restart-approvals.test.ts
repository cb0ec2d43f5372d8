import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHost, Services, type TroupeHost } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';
import { defineGuardrail, defineInlinePack, defineTool, defineWorkflow, type InlinePack } from '@troupe/sdk';

/**
 * What a waiting run keeps across a host restart on the same SQLite file: a
 * guardrail approval (the executor runs once), a refusal for a missing
 * secret that records nothing, and a pause that lifts once its cause is gone.
 */
const dir = mkdtempSync(join(tmpdir(), 'troupe-restart-approvals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const calls: string[] = [];
function pack(version = '1.0.0'): InlinePack {
  return defineInlinePack({
    id: 'approvals',
    version,
    manifest: { engine: '^1.0.0', secrets: [{ id: 'mail.key', optional: true }] },
    descriptors: [
      defineTool({ id: 'send', execute: (_input, ctx) => (calls.push(`send ${ctx.idempotencyKey} ${ctx.attempt}`), { sent: 3 }) }),
      defineTool({ id: 'pay', execute: (input: unknown, ctx) => (calls.push(`pay ${ctx.idempotencyKey} ${ctx.attempt}`), input) }),
      defineTool({ id: 'keyed', requiredSecrets: ['mail.key'], execute: (_input, ctx) => (calls.push(`keyed ${ctx.idempotencyKey}`), 'ok') }),
      defineGuardrail({ id: 'review-out', evaluateOutput: () => ({ action: 'require_approval', message: 'bulk mail' }) }),
      defineGuardrail({ id: 'review-in', evaluateInput: () => ({ action: 'require_approval', message: 'big amount' }) }),
      defineWorkflow({ id: 'out', version: '1.0.0', tasks: [{ id: 'send', executor: { type: 'tool', toolId: 'send' }, policyTags: ['outbound'] }] }),
      defineWorkflow({ id: 'in', version: '1.0.0', tasks: [{ id: 'pay', executor: { type: 'tool', toolId: 'pay' }, policyTags: ['money'], input: { amount: { value: 5000 } } }] }),
      defineWorkflow({
        id: 'secret',
        version: '1.0.0',
        tasks: [
          { id: 'ask', executor: { type: 'human', mode: 'approval' } },
          { id: 'mail', dependsOn: ['ask'], executor: { type: 'tool', toolId: 'keyed' } },
        ],
      }),
    ],
  });
}

async function host(database: string, options: { secrets?: Record<string, string>; withPack?: boolean; version?: string } = {}): Promise<TroupeHost> {
  const created = createHost({
    config: { policies: { outbound: ['review-out'], money: ['review-in'] } },
    logLevel: 'silent',
    ...(options.secrets ? { secrets: options.secrets } : {}),
    env: {},
    services: [{ token: Services.store, value: createSqliteStore({ path: database }) }],
  });
  if (options.withPack !== false) created.register(pack(options.version));
  await created.start();
  return created;
}

describe('a guardrail approval answered by the next host', () => {
  it.each([
    ['out', 'send', 'output'],
    ['in', 'pay', 'input'],
  ])('workflow %s: the %s task runs once, completes, and the audit says guardrail approval (%s)', async (workflowId, taskId, phase) => {
    const database = join(dir, `${workflowId}.db`);
    calls.length = 0;
    const first = await host(database);
    const { runId } = await first.engine.startWorkflow(workflowId);
    expect((await first.engine.wait(runId)).status).toBe('awaiting_input');
    await first.stop();

    const second = await host(database);
    await second.engine.answerHumanTask(runId, taskId, { approved: true, actor: 'ops' });
    const done = await second.engine.wait(runId);
    expect(done.status).toBe('completed');
    // An input approval starts the executor as the next attempt (as in one process); either way it runs once.
    const attempt = phase === 'output' ? 1 : 2;
    expect(done.tasks[taskId]).toMatchObject({ status: 'completed', attempt });
    expect(calls).toEqual([`${taskId} ${runId}:${taskId} ${attempt}`]);
    const audit = await second.resolve(Services.store).listAudit({ runId, action: 'task.answered' });
    expect(audit[0]).toMatchObject({ actor: 'ops', data: { approved: true, guardrail: true, phase } });
    await second.stop();
  });
});

describe('a waiting run whose secret is missing in the next host', () => {
  it('is left as stored: the answer is refused with E_SECRET_MISSING, nothing is recorded, and it can still be cancelled', async () => {
    const database = join(dir, 'secret.db');
    const first = await host(database, { secrets: { 'mail.key': 'k' } });
    const { runId } = await first.engine.startWorkflow('secret');
    const kept = await first.engine.startWorkflow('secret');
    await first.engine.wait(kept.runId);
    const before = await first.engine.wait(runId);
    await first.stop();

    const second = await host(database);
    await expect(second.engine.answerHumanTask(runId, 'ask', { approved: true })).rejects.toMatchObject({ code: 'E_SECRET_MISSING', details: { missing: ['mail.key'] } });
    const after = await second.engine.getRun(runId);
    expect(after).toMatchObject({ status: 'awaiting_input', seq: before.seq });
    await expect(second.engine.resume(runId)).rejects.toMatchObject({ code: 'E_SECRET_MISSING' });
    expect((await second.engine.cancel(kept.runId, 'no key here')).status).toBe('cancelled');
    await second.stop();

    const third = await host(database, { secrets: { 'mail.key': 'k' } });
    await third.engine.answerHumanTask(runId, 'ask', { approved: true });
    expect((await third.engine.wait(runId)).status).toBe('completed');
    await third.stop();
  });
});

describe('a run paused because its pack was gone', () => {
  it('pauses once, stays paused while the pack is missing, and resumes at the next start with it', async () => {
    const database = join(dir, 'paused.db');
    const first = await host(database, { secrets: { 'mail.key': 'k' } });
    const { runId } = await first.engine.startWorkflow('secret');
    await first.engine.wait(runId);
    await first.stop();

    for (let round = 0; round < 2; round++) {
      const without = await host(database, { withPack: false });
      expect((await without.engine.getRun(runId)).status).toBe('paused');
      await expect(without.engine.resume(runId)).rejects.toMatchObject({ code: 'E_PACK_INCOMPATIBLE' });
      await without.stop();
    }
    const back = await host(database, { secrets: { 'mail.key': 'k' } });
    expect((await back.engine.getRun(runId)).status).toBe('awaiting_input');
    const events = await back.engine.readEvents(runId);
    expect(events.filter((event) => event.type === 'run.paused')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'run.resumed')).toHaveLength(1);
    await back.engine.answerHumanTask(runId, 'ask', { approved: true });
    expect((await back.engine.wait(runId)).status).toBe('completed');
    await back.stop();
  });
});
