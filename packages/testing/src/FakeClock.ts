import type { Clock } from '@troupe/runtime';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** Lets pending promise chains and setImmediate callbacks (such as the engine's group commit) run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A clock that only moves when told to: retry backoff, timeouts and delays
 * fire when a test advances it, never by real waiting.
 */
export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer: Timer = { id: this.nextId++, at: this.current + Math.max(0, ms), callback };
    // Keep timers ordered by due time, then by creation.
    let index = this.timers.length;
    while (index > 0 && this.timers[index - 1]!.at > timer.at) index--;
    this.timers.splice(index, 0, timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** When the next timer is due, if any. */
  nextTimerAt(): number | undefined {
    return this.timers[0]?.at;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due, in order,
   * and letting the work each one starts settle before the next.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, next.at);
      next.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /** Advances to the next timer and fires it (and any due at the same instant). */
  async advanceToNext(): Promise<boolean> {
    const at = this.nextTimerAt();
    if (at === undefined) return false;
    await this.advance(Math.max(0, at - this.current));
    return true;
  }
}
