import { describe, expect, it } from 'vitest';
import { FakeClock } from './FakeClock.js';

describe('FakeClock', () => {
  it('fires timers only when advanced, in due order, and lets their work settle', async () => {
    const clock = new FakeClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@300'), 300);
    clock.setTimeout(() => fired.push('a@100'), 100);
    const cancelled = clock.setTimeout(() => fired.push('never'), 200);
    clock.clearTimeout(cancelled);
    clock.setTimeout(() => {
      // A timer set by a timer inside the same advance still fires if due.
      void Promise.resolve().then(() => clock.setTimeout(() => fired.push('chained@250'), 100));
      fired.push('c@150');
    }, 150);
    expect(clock.pendingTimers).toBe(3);
    await clock.advance(99);
    expect(fired).toEqual([]);
    expect(clock.now()).toBe(1099);
    await clock.advance(201);
    expect(fired).toEqual(['a@100', 'c@150', 'chained@250', 'b@300']);
    expect(clock.now()).toBe(1300);
    expect(clock.pendingTimers).toBe(0);
  });

  it('advances to the next timer', async () => {
    const clock = new FakeClock(0);
    let fired = false;
    clock.setTimeout(() => (fired = true), 5000);
    expect(clock.nextTimerAt()).toBe(5000);
    expect(await clock.advanceToNext()).toBe(true);
    expect(fired).toBe(true);
    expect(clock.now()).toBe(5000);
    expect(await clock.advanceToNext()).toBe(false);
  });
});
