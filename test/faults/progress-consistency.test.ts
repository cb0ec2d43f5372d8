import { describe, expect, it } from 'vitest';
import { createTestEngine } from '@troupe/testing';
import { defineTool, defineWorkflow, progressOfRunState, type RunState, type WorkflowProgress } from '@troupe/sdk';
import { foldRunEvents, systemClock } from '@troupe/runtime';

/**
 * The engine computed WORKFLOW_UPDATE progress live one way and the server
 * computed it for stored runs another: percent rounded down vs to nearest, a
 * run without tasks 100 % vs 0 %, a task waiting for its retry current vs not.
 * Now both call one function; this replays every live update of runs with
 * those shapes and checks the stored state says the same at every step.
 */
describe('live and stored progress agree', () => {
  it('at every event of a run with 3 tasks and a retry wait', async () => {
    let failures = 0;
    const flaky = defineTool({
      id: 'flaky',
      execute: () => {
        failures += 1;
        if (failures === 1) throw new Error('try again');
        return 'ok';
      },
    });
    const ok = defineTool({ id: 'ok', execute: () => 'ok' });
    const three = defineWorkflow({
      id: 'three',
      version: '1.0.0',
      tasks: [
        { id: 'a', executor: { type: 'tool', toolId: 'ok' } },
        { id: 'b', dependsOn: ['a'], executor: { type: 'tool', toolId: 'flaky' }, retry: { maxAttempts: 2, backoff: 'fixed', initialDelayMs: 5, jitter: false } },
        { id: 'c', dependsOn: ['b'], executor: { type: 'tool', toolId: 'ok' } },
      ],
    });
    const t = createTestEngine({ descriptors: [ok, flaky, three], clock: systemClock });
    const live: WorkflowProgress[] = [];
    t.engine.subscribe((update) => live.push(update.progress));

    for (const id of ['three']) {
      const run = await t.engine.startWorkflow(id);
      await t.engine.wait(run.runId);
      const events = await t.engine.readEvents(run.runId);
      const mine = live.filter((progress) => progress.runId === run.runId);
      expect(mine.length).toBeGreaterThan(0);
      for (const progress of mine) {
        const stored: RunState = foldRunEvents(events.filter((event) => event.seq <= progress.seq));
        expect(progressOfRunState(stored), `${id} at seq ${progress.seq}`).toEqual(progress);
      }
    }
    // A third of three tasks is 33 % (rounded down), two thirds 66 %; the retry wait was a current task.
    const percents = live.filter((progress) => progress.definitionId === 'three').map((progress) => progress.percent);
    expect(percents).toContain(33);
    expect(percents).toContain(66);
    expect(percents).not.toContain(67);
    expect(live.some((progress) => progress.counts.retry_wait === 1 && progress.currentTaskIds.includes('b'))).toBe(true);
  });
});
