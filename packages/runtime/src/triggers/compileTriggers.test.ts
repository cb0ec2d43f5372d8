import { isTroupeError, type TroupeError } from '@troupe/sdk';
import { describe, expect, it } from 'vitest';
import { combineTriggerProblems, compileTriggers } from './compileTriggers.js';
import type { WorkflowTrigger } from './WorkflowTrigger.js';

const now = Date.UTC(2025, 0, 1);

function reasonOf(problem: TroupeError | undefined): string {
  return String(problem?.details['reason']);
}

describe('compileTriggers', () => {
  it('compiles each kind of trigger', () => {
    const { compiled, problems } = compileTriggers(
      [
        { workflowId: 'wf', id: 'nightly', type: 'cron', cron: '0 2 * * *', timezone: 'Europe/Paris' },
        { workflowId: 'wf', id: 'once', type: 'runAt', runAt: '2025-06-01T09:00:00Z', catchUp: 'none' },
        { workflowId: 'wf', id: 'push', type: 'event', event: 'git.push', filter: 'event.branch == "main"', input: { from: 'event.repo' } },
      ],
      now,
    );
    expect(problems).toEqual([]);
    expect(compiled.map((trigger) => [trigger.key, trigger.kind])).toEqual([
      ['wf#nightly', 'cron'],
      ['wf#once', 'runAt'],
      ['wf#push', 'event'],
    ]);
    expect(compiled[0]).toMatchObject({ catchUp: 'latest' });
    expect(compiled[1]).toMatchObject({ catchUp: 'none', runAt: Date.UTC(2025, 5, 1, 9) });
  });

  it('collects every problem of every trigger as E_TRIGGER_INVALID, and still compiles the valid ones', () => {
    const triggers = [
      { workflowId: 'wf', id: 'bad-cron', type: 'cron', cron: '0 25 * * *' },
      { workflowId: 'wf', id: 'bad-zone', type: 'cron', cron: '0 9 * * *', timezone: 'Europe/Atlantis', catchUp: 'sometimes' },
      { workflowId: 'wf', id: 'bad-date', type: 'runAt', runAt: 'next tuesday' },
      { workflowId: 'wf', id: 'bad-filter', type: 'event', event: 'git.push', filter: 'event.branch ==' },
      { workflowId: 'wf', id: 'bad-root', type: 'event', event: 'git.push', filter: 'input.branch == "main"' },
      { workflowId: 'wf', id: 'bad-type', type: 'webhook' },
      { workflowId: 'wf', id: 'ok', type: 'event', event: 'git.push' },
      { workflowId: 'wf', id: 'ok', type: 'event', event: 'git.tag' },
    ] as unknown as WorkflowTrigger[];
    const { compiled, problems } = compileTriggers(triggers, now);
    expect(compiled.map((trigger) => trigger.key)).toEqual(['wf#ok']);
    expect(problems.every((problem) => isTroupeError(problem, 'E_TRIGGER_INVALID'))).toBe(true);
    expect(problems.map((problem) => problem.details['triggerId'])).toEqual(['wf#bad-cron', 'wf#bad-zone', 'wf#bad-date', 'wf#bad-filter', 'wf#bad-root', 'wf#bad-type', 'wf#ok']);
    expect(reasonOf(problems[0])).toMatch(/cron pattern "0 25 \* \* \*" is invalid/);
    expect(reasonOf(problems[1])).toMatch(/"catchUp" must be "none", "latest" or "all".*; the timezone "Europe\/Atlantis" is not an IANA timezone/);
    expect(reasonOf(problems[2])).toMatch(/not an ISO 8601 date-time/);
    expect(reasonOf(problems[3])).toMatch(/^filter: /);
    expect(reasonOf(problems[4])).toMatch(/^filter: .*input/);
    expect(reasonOf(problems[5])).toMatch(/"type" must be "cron", "runAt" or "event", not "webhook"/);
    expect(reasonOf(problems[6])).toMatch(/same key wf#ok/);
    expect(problems[0]!.message).toBe(`Trigger wf#bad-cron is invalid: ${reasonOf(problems[0])}`);
    expect(problems[0]!.hint).toMatch(/5- or 6-field pattern/);
  });

  it('refuses a cron pattern that never fires, and event input bindings of the wrong shape', () => {
    const { problems } = compileTriggers(
      [
        { workflowId: 'wf', id: 'feb30', type: 'cron', cron: '0 0 30 2 *' },
        { workflowId: 'wf', id: 'input', type: 'event', event: 'x', input: 'event.body' as never },
      ],
      now,
    );
    expect(problems.map(reasonOf)).toEqual([expect.stringMatching(/never fires/), expect.stringMatching(/"input" of an event trigger must be/)]);
  });

  it('combines several problems into one error that lists them all', () => {
    const { problems } = compileTriggers(
      [
        { workflowId: 'a', id: 'x', type: 'runAt', runAt: 'soon' },
        { workflowId: 'b', id: 'y', type: 'cron', cron: 'often' },
      ],
      now,
    );
    const combined = combineTriggerProblems(problems)!;
    expect(combined.code).toBe('E_TRIGGER_INVALID');
    expect(combined.details['triggerId']).toEqual(['a#x', 'b#y']);
    expect(combined.message).toMatch(/^2 triggers are invalid: a#x: runAt "soon".* \| b#y: the cron pattern "often"/);
    expect(combineTriggerProblems(problems.slice(0, 1))).toBe(problems[0]);
    expect(combineTriggerProblems([])).toBeUndefined();
  });
});
