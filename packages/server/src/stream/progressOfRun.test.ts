import { describe, expect, it } from 'vitest';
import type { RunState } from '@troupe/sdk';
import { progressOfRun } from './progressOfRun.js';

describe('progressOfRun', () => {
  it('counts tasks per status, the percent ended and the current tasks', () => {
    const state = {
      runId: 'r',
      pin: { definitionId: 'd', definitionVersion: '1.0.0', definitionHash: 'h', packVersions: {} },
      status: 'awaiting_input',
      conversationId: 'c',
      input: {},
      roleAssignments: {},
      createdAt: 0,
      updatedAt: 0,
      seq: 9,
      tasks: {
        a: { id: 'a', status: 'completed', attempt: 1 },
        b: { id: 'b', status: 'skipped', attempt: 0 },
        c: { id: 'c', status: 'awaiting_input', attempt: 1 },
        d: { id: 'd', status: 'pending', attempt: 0 },
      },
      seats: {},
    } satisfies RunState;
    expect(progressOfRun(state)).toEqual({
      runId: 'r',
      definitionId: 'd',
      conversationId: 'c',
      status: 'awaiting_input',
      seq: 9,
      counts: { completed: 1, skipped: 1, awaiting_input: 1, pending: 1 },
      total: 4,
      percent: 50,
      currentTaskIds: ['c'],
    });
  });
});
