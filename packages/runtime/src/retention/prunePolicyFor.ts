import type { PrunePolicy, RetentionConfig } from '@troupe/sdk';

const DAY_MS = 86_400_000;

/** Days ended runs are kept when the config says nothing: what a newcomer gets. */
export const DEFAULT_RETENTION = {
  completedDays: 30,
  failedDays: 90,
  cancelledDays: 30,
  pruneIntervalMinutes: 60,
} as const satisfies RetentionConfig;

/**
 * The store's prune policy for a retention config at instant `now`: each
 * terminal status keeps the runs that ended within its number of days.
 * Audit entries are pruned only when `auditDays` is set.
 */
export function prunePolicyFor(config: RetentionConfig = {}, now: number): PrunePolicy {
  const cutoff = (days: number): number => now - days * DAY_MS;
  return {
    endedBefore: {
      completed: cutoff(config.completedDays ?? DEFAULT_RETENTION.completedDays),
      failed: cutoff(config.failedDays ?? DEFAULT_RETENTION.failedDays),
      cancelled: cutoff(config.cancelledDays ?? DEFAULT_RETENTION.cancelledDays),
    },
    ...(config.auditDays !== undefined ? { auditBefore: cutoff(config.auditDays) } : {}),
  };
}
