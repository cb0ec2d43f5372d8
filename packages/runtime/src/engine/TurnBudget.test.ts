import { describe, expect, it } from 'vitest';
import { TurnBudget } from './TurnBudget.js';

describe('TurnBudget', () => {
  it('lets a burst go on within budget, then makes every caller wait for one shared turn, after which a new burst starts', async () => {
    const turns = new TurnBudget(0);
    expect(turns.check()).toBeUndefined();
    const first = turns.check();
    expect(first).toBeInstanceOf(Promise);
    expect(turns.check()).toBe(first);
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    // The turn comes after the event loop went round: I/O and due timers got in.
    await first;
    expect(turns.check()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(timerRan).toBe(true);
  });

  it('never makes anyone wait while each burst ends within budget', async () => {
    const turns = new TurnBudget(60_000);
    for (let i = 0; i < 1000; i++) expect(turns.check()).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(turns.check()).toBeUndefined();
  });
});
