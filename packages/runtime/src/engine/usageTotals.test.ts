import type { RunEvent } from '@troupe/sdk';
import { describe, expect, it } from 'vitest';
import { foldRunEvents } from './foldRunEvents.js';
import { addUsage, usageData } from './usageTotals.js';

const pin = { definitionId: 'w', definitionVersion: '1.0.0', definitionHash: 'h', packVersions: {} };

describe('model usage', () => {
  it('keeps only sound numbers from a provider: counts are non-negative integers, a cost a non-negative finite number', () => {
    expect(usageData('r', { inputTokens: 12.4, outputTokens: -3, costUsd: Number.NaN, model: '' })).toEqual({ roleId: 'r', inputTokens: 12, outputTokens: 0 });
    expect(usageData('r', { inputTokens: Number.POSITIVE_INFINITY, outputTokens: '7' as unknown as number, costUsd: 0.25, model: 'm'.repeat(500) })).toEqual({
      roleId: 'r',
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0.25,
      model: 'm'.repeat(200),
    });
  });

  it('sums calls, with a cost only once a call was priced', () => {
    const one = addUsage(undefined, { roleId: 'r', inputTokens: 3, outputTokens: 1 });
    expect(one).toEqual({ calls: 1, inputTokens: 3, outputTokens: 1 });
    expect(addUsage(one, { roleId: 'r', inputTokens: 2, outputTokens: 2, costUsd: 0.5 })).toEqual({ calls: 2, inputTokens: 5, outputTokens: 3, costUsd: 0.5 });
  });

  it('folds model.usage events into the run totals and the seat of each role', () => {
    const event = (seq: number, type: RunEvent['type'], data?: Record<string, unknown>, taskId?: string): RunEvent => ({ runId: 'run', seq, type, at: seq, taskId, data });
    const state = foldRunEvents([
      event(1, 'run.created', { pin, input: null, roleAssignments: { a: 'pa', b: 'pb' }, taskIds: ['x', 'y'] }),
      event(2, 'run.started'),
      event(3, 'model.usage', { roleId: 'a', inputTokens: 10, outputTokens: 2, costUsd: 0.1 }, 'x'),
      event(4, 'model.usage', { roleId: 'b', inputTokens: 5, outputTokens: 5 }, 'y'),
      event(5, 'model.usage', { roleId: 'a', inputTokens: 1, outputTokens: 1 }, 'x'),
    ]);
    expect(state.usage).toEqual({ calls: 3, inputTokens: 16, outputTokens: 8, costUsd: 0.1 });
    expect(state.seats.a).toMatchObject({ usage: { calls: 2, inputTokens: 11, outputTokens: 3, costUsd: 0.1 }, seq: 5 });
    expect(state.seats.b!.usage).toEqual({ calls: 1, inputTokens: 5, outputTokens: 5 });
    expect(state.tasks.x!.status).toBe('pending');
  });
});
