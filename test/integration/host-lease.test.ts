import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHost, Services, type TroupeHost } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';
import { defineInlinePack, defineTool, defineWorkflow } from '@troupe/sdk';

const dir = mkdtempSync(join(tmpdir(), 'troupe-lease-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const calls: string[] = [];
const pack = defineInlinePack({
  id: 'lease-pack',
  version: '1.0.0',
  descriptors: [
    defineTool({ id: 'note', execute: (_input, ctx) => (calls.push(ctx.idempotencyKey), 'noted') }),
    defineWorkflow({ id: 'w', version: '1.0.0', tasks: [{ id: 'ask', executor: { type: 'human', mode: 'approval' } }, { id: 'note', dependsOn: ['ask'], executor: { type: 'tool', toolId: 'note' } }] }),
  ],
});

function hostOn(file: string, holder: string, runWorkflows = true): TroupeHost {
  return createHost({ logLevel: 'silent', runWorkflows, hostLease: { holder }, services: [{ token: Services.store, value: createSqliteStore({ path: file }) }] }).register(pack);
}

describe('one host per store', () => {
  it('refuses a second driving host on the same SQLite file (E_STORE_LOCKED), lets a packs-only host load, and hands over at stop', async () => {
    const file = join(dir, 'troupe.db');
    const first = hostOn(file, 'first host');
    await first.start();
    const { runId } = await first.engine.startWorkflow('w');
    expect((await first.engine.wait(runId)).status).toBe('awaiting_input');

    const second = hostOn(file, 'second host');
    await expect(second.start()).rejects.toMatchObject({ code: 'E_STORE_LOCKED', message: expect.stringContaining(`first host (pid ${process.pid} on `) });
    expect(second.state).toBe('failed');
    const packsOnly = hostOn(file, 'packs only', false);
    await packsOnly.start();
    await packsOnly.stop();

    // The first host lost nothing: it still drives the run to the end.
    await first.engine.answerHumanTask(runId, 'ask', { approved: true });
    expect((await first.engine.wait(runId)).status).toBe('completed');
    expect(calls).toEqual([`${runId}:note`]);
    await first.stop();

    const third = hostOn(file, 'third host');
    await third.start();
    expect((await third.engine.getRun(runId)).status).toBe('completed');
    await third.stop();
  });
});
