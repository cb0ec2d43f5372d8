import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createApprovalApp } from './approvalApp.js';

/** `troupe run` runs the background prune its README promises, although the run itself is short. */
const app = createApprovalApp({ retention: { completedDays: 0 } });
const KEY = { TROUPE_SECRET_MAIL_KEY: 'k' };
afterAll(() => rmSync(app.dir, { recursive: true, force: true }));

describe('troupe run and retention', () => {
  it('deletes the completed runs past retention when it starts', async () => {
    const first = await app.troupe(['run', 'keyed', '--json'], KEY);
    expect(first.code).toBe(3);
    const firstId = (JSON.parse(first.stdout) as { runId: string }).runId;
    expect((await app.troupe(['approve', firstId, 'ask'], KEY)).code).toBe(0);

    const second = await app.troupe(['run', 'guarded', '--json']);
    expect(second.code).toBe(3);
    const runs = JSON.parse((await app.troupe(['runs', '--json'])).stdout) as { runs: { runId: string; status: string }[] };
    expect(runs.runs.map((run) => `${run.runId} ${run.status}`)).toEqual([`${(JSON.parse(second.stdout) as { runId: string }).runId} awaiting_input`]);
  }, 180_000);
});
