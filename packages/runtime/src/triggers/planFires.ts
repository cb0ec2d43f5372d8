import type { TriggerState } from '@troupe/sdk';
import type { CompiledCronTrigger, CompiledRunAtTrigger } from './compileTriggers.js';

export interface FirePlanOptions {
  /** A fire due for this long or less is on time, whatever the catchUp policy. */
  readonly misfireThresholdMs: number;
  /** Most fires started at once under catchUp "all". */
  readonly maxCatchUpFires: number;
}

/** What a time trigger does now: which due fires to start and when it fires next. */
export interface FirePlan {
  /** Fires to start, epoch ms ascending. */
  readonly fires: readonly number[];
  /** The next planned fire after now, if the trigger fires again. */
  readonly next: number | undefined;
  /** Earliest due fire, when some due fires are not started (catchUp, or the cap of "all"). */
  readonly skippedFrom?: number;
  /** True when catchUp "all" had more due fires than the cap. */
  readonly truncated: boolean;
}

/**
 * Applies a time trigger's catchUp policy to the fires due between its last
 * planned fire (`state.nextFireAt`) and `now`:
 * - none: only an on-time fire (due no longer than the misfire threshold) starts;
 * - latest: the most recent due fire starts, once;
 * - all: every due fire starts, oldest first, the latest `maxCatchUpFires` at most.
 * A cron trigger without state (first registration) has nothing due.
 */
export function planFires(trigger: CompiledCronTrigger | CompiledRunAtTrigger, state: TriggerState | undefined, now: number, options: FirePlanOptions): FirePlan {
  if (trigger.kind === 'runAt') {
    const { runAt } = trigger;
    if (state?.lastFiredAt === runAt) return { fires: [], next: undefined, truncated: false };
    if (runAt > now) return { fires: [], next: runAt, truncated: false };
    if (trigger.catchUp === 'none' && now - runAt > options.misfireThresholdMs) return { fires: [], next: undefined, skippedFrom: runAt, truncated: false };
    return { fires: [runAt], next: undefined, truncated: false };
  }
  const { schedule } = trigger;
  const next = schedule.nextAfter(now);
  const pendingFrom = state?.nextFireAt;
  if (pendingFrom === undefined || pendingFrom > now) return { fires: [], next, truncated: false };
  if (trigger.catchUp === 'all') {
    const window = schedule.between(pendingFrom, now, options.maxCatchUpFires);
    return window.truncated
      ? { fires: window.fires, next, skippedFrom: pendingFrom, truncated: true }
      : { fires: window.fires, next, truncated: false };
  }
  const latest = schedule.latestAtOrBefore(now);
  if (latest === undefined || latest < pendingFrom) return { fires: [], next, truncated: false };
  const earlierMissed = latest > pendingFrom;
  if (trigger.catchUp === 'none' && now - latest > options.misfireThresholdMs) return { fires: [], next, skippedFrom: pendingFrom, truncated: false };
  return earlierMissed ? { fires: [latest], next, skippedFrom: pendingFrom, truncated: false } : { fires: [latest], next, truncated: false };
}
