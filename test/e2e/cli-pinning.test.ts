import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunState } from '@troupe/sdk';
import { runCli } from './cliProcess.js';
import { createScratchApp } from './scratchApp.js';

const app = createScratchApp();
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('a run waiting across an upgrade of its pack (new process each time)', () => {
  it('pauses with E_PACK_INCOMPATIBLE and a hint when the pack moved to another major; troupe status shows why', async () => {
    const waiting = await runCli(['run', 'review', '--json'], { cwd: app });
    expect(waiting.code).toBe(3);
    const { runId } = JSON.parse(waiting.stdout) as RunState;

    const manifest = join(app, 'review-pack', 'package.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"version":"1.0.0"', '"version":"2.0.0"'));

    const approve = await runCli(['approve', runId, 'approve'], { cwd: app });
    expect(approve.code).toBe(1);
    expect(approve.stderr).toMatch(new RegExp(`^E_PACK_INCOMPATIBLE: Run ${runId} is pinned to review@1\\.0\\.0 \\(@fixtures/review@1\\.0\\.0\\), which is no longer available or compatible`));
    expect(approve.stderr).toContain('hint: Reinstall a compatible pack version to resume the run, or cancel it and start a new run.');
    expect(approve.stderr).not.toContain('TROUPE_DEBUG');

    const status = await runCli(['status', runId], { cwd: app });
    expect(status.stdout).toMatch(/^status {4}paused: E_PACK_INCOMPATIBLE: /m);
    expect(status.stdout).toMatch(/^ {10}hint: Reinstall a compatible pack version/m);
    const runs = await runCli(['runs', '--status', 'paused', '--json'], { cwd: app });
    expect((JSON.parse(runs.stdout) as { runs: { runId: string }[] }).runs.map((run) => run.runId)).toEqual([runId]);
  });
});
