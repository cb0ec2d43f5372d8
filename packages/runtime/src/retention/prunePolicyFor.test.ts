import { describe, expect, it } from 'vitest';
import { prunePolicyFor } from './prunePolicyFor.js';

const DAY = 86_400_000;
const now = Date.UTC(2025, 5, 1);

describe('prunePolicyFor', () => {
  it('keeps completed and cancelled runs 30 days and failed runs 90 by default, and every audit entry', () => {
    expect(prunePolicyFor(undefined, now)).toEqual({ endedBefore: { completed: now - 30 * DAY, failed: now - 90 * DAY, cancelled: now - 30 * DAY } });
  });

  it('takes the configured days, audit included', () => {
    expect(prunePolicyFor({ completedDays: 1, failedDays: 0, cancelledDays: 7, auditDays: 365 }, now)).toEqual({
      endedBefore: { completed: now - DAY, failed: now, cancelled: now - 7 * DAY },
      auditBefore: now - 365 * DAY,
    });
  });
});
