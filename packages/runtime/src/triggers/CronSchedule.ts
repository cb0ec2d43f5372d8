import { describeThrown } from '@troupe/sdk';
import { Cron } from 'croner';

/** Fires of a cron pattern that fall in a window; the latest ones when there are too many. */
export interface FireWindow {
  /** Epoch ms, ascending. */
  readonly fires: readonly number[];
  /** True when the window held more than the limit and only the latest fires are listed. */
  readonly truncated: boolean;
}

/**
 * Date arithmetic of one cron pattern in one timezone, by croner. croner only
 * computes dates here (paused, no callback): timers belong to the injected
 * Clock, so fake clocks drive schedules in tests.
 */
export class CronSchedule {
  readonly #cron: Cron;

  /** Throws an Error saying what is wrong with the pattern or the timezone. */
  constructor(
    readonly pattern: string,
    readonly timezone?: string,
  ) {
    if (timezone !== undefined) assertTimezone(timezone);
    try {
      // 5 fields (minutes) or 6 (seconds first); croner's 7th year field is not standard cron.
      this.#cron = new Cron(pattern, { paused: true, mode: '5-or-6-parts', ...(timezone !== undefined ? { timezone } : {}) });
    } catch (error) {
      throw new Error(`the cron pattern "${pattern}" is invalid (${cronReason(error)})`, { cause: error });
    }
  }

  /** The first fire strictly after `ms`, or undefined when the pattern never fires again. */
  nextAfter(ms: number): number | undefined {
    return this.#cron.nextRun(new Date(ms))?.getTime();
  }

  /** The latest fire at or before `ms`. */
  latestAtOrBefore(ms: number): number | undefined {
    // croner works in whole seconds and lists fires strictly before the reference.
    return this.#cron.previousRuns(1, new Date(nextWholeSecond(ms)))[0]?.getTime();
  }

  /** Fires in [from, to], at most `limit` of them (the latest ones). */
  between(from: number, to: number, limit: number): FireWindow {
    const fires: number[] = [];
    for (let fire = this.nextAfter(from - 1); fire !== undefined && fire <= to; fire = this.nextAfter(fire)) {
      if (fires.length === limit) {
        // Too many to list from the start: take the latest `limit` counting back from `to`.
        const latest = this.#cron.previousRuns(limit, new Date(nextWholeSecond(to))).map((date) => date.getTime());
        return { fires: latest.filter((at) => at >= from).reverse(), truncated: true };
      }
      fires.push(fire);
    }
    return { fires, truncated: false };
  }
}

function nextWholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000 + 1000;
}

function assertTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch (error) {
    throw new Error(`the timezone "${timezone}" is not an IANA timezone name (such as "Europe/Paris" or "UTC")`, { cause: error });
  }
}

function cronReason(error: unknown): string {
  const message = describeThrown(error);
  return message.replace(/^CronPattern:\s*/, '');
}
