import { describe, expect, it } from 'vitest';
import type { Logger, PrunePolicy } from '@troupe/sdk';
import { systemClock } from '../engine/Clock.js';
import { RetentionPruner } from './RetentionPruner.js';

const quiet: Logger = (() => {
  const noop = (): void => undefined;
  const self: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop, child: () => self };
  return self;
})();

describe('RetentionPruner', () => {
  it('prunes once at start even when stopped right after (a short `troupe run`), and stop waits for it', async () => {
    const policies: PrunePolicy[] = [];
    let finished = false;
    const store = {
      prune: async (policy: PrunePolicy): Promise<number> => {
        policies.push(policy);
        await Promise.resolve();
        finished = true;
        return 0;
      },
    };
    const pruner = new RetentionPruner({ store, clock: systemClock, logger: quiet, config: { completedDays: 0 } });
    pruner.start();
    await pruner.stop();
    expect(policies).toHaveLength(1);
    expect(finished).toBe(true);
  });
});
