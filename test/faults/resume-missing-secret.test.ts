import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent, RunState } from '@troupe/sdk';
import { createApprovalApp, runIdOf } from './approvalApp.js';

/**
 * Runs never strand: resuming a run whose secret is missing in this shell is
 * refused up front and changes nothing; a run paused because its pack was
 * gone resumes once it is back (at the next start, or with `troupe resume`);
 * approve/answer print success only once the answer was taken.
 */
const app = createApprovalApp();
const KEY = { TROUPE_SECRET_MAIL_KEY: 'k-123' };
afterAll(() => rmSync(app.dir, { recursive: true, force: true }));

async function stored(runId: string): Promise<{ state: RunState; events: RunEvent[] }> {
  const state = JSON.parse((await app.troupe(['status', runId, '--json'])).stdout) as RunState;
  const events = JSON.parse((await app.troupe(['events', runId, '--json'])).stdout) as { events: RunEvent[] } | RunEvent[];
  return { state, events: Array.isArray(events) ? events : events.events };
}

describe('a run whose required secret is missing in this shell', () => {
  it('is refused up front with E_SECRET_MISSING listing the ids, changes nothing, and goes on once the secret is set', async () => {
    const started = await app.troupe(['run', 'keyed'], KEY);
    expect(started.code, started.stderr).toBe(3);
    const runId = runIdOf(started);
    const before = await stored(runId);

    const refused = await app.troupe(['approve', runId, 'ask']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('E_SECRET_MISSING: Workflow keyed needs secrets that are not set: mail.key');
    expect(refused.stderr).toContain('TROUPE_SECRET_MAIL_KEY');
    expect(refused.stdout).not.toContain('approved');
    const after = await stored(runId);
    expect(after.state.status).toBe('awaiting_input');
    expect(after.events).toEqual(before.events);

    const approved = await app.troupe(['approve', runId, 'ask'], KEY);
    expect(approved.code, approved.stdout + approved.stderr).toBe(0);
    expect(app.effects()).toEqual([`keyed_send ${runId}:mail attempt 1`]);
  }, 180_000);
});

describe('approve and answer print success only when the answer was taken', () => {
  it.each([
    [['approve', 'RUN', 'nope'], 'E_TASK_NOT_FOUND'],
    [['answer', 'RUN', 'ask', '--value', '1'], 'E_CLI_ANSWER_MODE'],
    [['approve', 'RUN', 'mail'], 'E_TASK_NOT_AWAITING'],
  ])('%j prints only %s', async (args, code) => {
    const runId = runIdOf(await app.troupe(['run', 'keyed'], KEY));
    const result = await app.troupe(args.map((arg) => (arg === 'RUN' ? runId : arg)), KEY);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${code}: `);
    expect(result.stdout).not.toMatch(/approved|answered/);
    expect((await stored(runId)).state.status).toBe('awaiting_input');
  }, 180_000);
});

describe('a run paused because its pack was gone', () => {
  const without = join(app.dir, 'without.json');
  const approvalPack = fileURLToPath(new URL('./approval-pack', import.meta.url));
  writeFileSync(without, JSON.stringify({ packs: [{ use: approvalPack, enabled: false }] }));

  it('stays paused while the cause remains, then resumes at the next start or with troupe resume', async () => {
    const first = runIdOf(await app.troupe(['run', 'keyed'], KEY));
    const second = runIdOf(await app.troupe(['run', 'keyed'], KEY));
    // A host without the pack pauses both runs; resume says why it still cannot go on.
    const refused = await app.troupe(['resume', second, '--config', 'without.json'], KEY);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('E_PACK_INCOMPATIBLE');
    expect((await stored(first)).state.status).toBe('paused');
    expect((await stored(second)).state.status).toBe('paused');

    // The pack is back: the next start resumes the first, and it takes its answer.
    const approved = await app.troupe(['approve', first, 'ask'], KEY);
    expect(approved.code, approved.stdout + approved.stderr).toBe(0);
    expect((await stored(first)).state.status).toBe('completed');

    const resumed = await app.troupe(['resume', second], KEY);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(3);
    expect(resumed.stdout).toContain(`troupe approve ${second} ask`);
    const { state, events } = await stored(second);
    expect(state.status).toBe('awaiting_input');
    expect(events.filter((event) => event.type === 'run.paused')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'run.resumed')).toHaveLength(1);
  }, 180_000);
});
