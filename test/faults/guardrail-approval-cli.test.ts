import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry, RunState } from '@troupe/sdk';
import { createApprovalApp, runIdOf } from './approvalApp.js';

/**
 * A guardrail's require_approval on a tool's output, answered with `troupe
 * approve` from a new process: the approval survives the process boundary,
 * the tool runs once, the run completes, and the approver saw why it asked.
 */
const app = createApprovalApp();
afterAll(() => rmSync(app.dir, { recursive: true, force: true }));

describe('troupe approve of a guardrail approval, across processes', () => {
  it('shows the guardrail reason, completes the run with one execution, audits a guardrail approval', async () => {
    const started = await app.troupe(['run', 'guarded']);
    expect(started.code, started.stderr).toBe(3);
    const runId = runIdOf(started);
    expect(started.stdout).toContain('guardrail outbound-review asks before the task\'s output goes on: outbound-review: mail goes to 3 recipients');
    expect(started.stdout).toContain(`troupe approve ${runId} send`);

    const status = await app.troupe(['status', runId]);
    expect(status.stdout).toContain('guardrail outbound-review asks before the task\'s output goes on: outbound-review: mail goes to 3 recipients');
    const json = JSON.parse((await app.troupe(['status', runId, '--json'])).stdout) as RunState & { questions: unknown[] };
    expect(json.questions).toEqual([
      expect.objectContaining({ taskId: 'send', mode: 'approval', guardrail: { ids: ['outbound-review'], phase: 'output', reason: 'outbound-review: mail goes to 3 recipients' } }),
    ]);

    const approved = await app.troupe(['approve', runId, 'send', '--comment', 'fine']);
    expect(approved.code, approved.stdout + approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`approved send of run ${runId}`);
    expect(approved.stdout).toContain(`✓ run ${runId} completed`);

    const done = JSON.parse((await app.troupe(['status', runId, '--json'])).stdout) as RunState;
    expect(done.tasks.send).toMatchObject({ status: 'completed', attempt: 1, output: { sent: 3 } });
    expect(app.effects()).toEqual([`send_mail ${runId}:send attempt 1`]);
    const audit = JSON.parse((await app.troupe(['audit', '--run', runId, '--json'])).stdout) as { entries: AuditEntry[] } | AuditEntry[];
    const entries = Array.isArray(audit) ? audit : audit.entries;
    expect(entries.find((entry) => entry.action === 'task.answered')).toMatchObject({ taskId: 'send', data: { approved: true, guardrail: true, phase: 'output', comment: 'fine' } });
  }, 180_000);

  it('prints the guardrail in the --json questions of troupe run', async () => {
    const started = await app.troupe(['run', 'guarded', '--json']);
    expect(started.code).toBe(3);
    const state = JSON.parse(started.stdout) as RunState & { questions: { guardrail?: unknown }[] };
    expect(state.questions[0]!.guardrail).toEqual({ ids: ['outbound-review'], phase: 'output', reason: 'outbound-review: mail goes to 3 recipients' });
  }, 180_000);
});
