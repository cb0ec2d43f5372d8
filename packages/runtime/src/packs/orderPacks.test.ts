import { describe, expect, it } from 'vitest';
import { orderPacks } from './orderPacks.js';

describe('orderPacks', () => {
  it('puts every pack after the packs it requires, keeping input order otherwise', () => {
    const { order, cycles } = orderPacks([
      { id: 'app', requires: ['ui', 'core'] },
      { id: 'ui', requires: ['core'] },
      { id: 'core', requires: [] },
      { id: 'lonely', requires: ['not-a-node'] },
    ]);
    expect(order).toEqual(['core', 'ui', 'app', 'lonely']);
    expect(cycles).toEqual([]);
  });

  it('names every member of each cycle and leaves them out of the order', () => {
    const { order, cycles } = orderPacks([
      { id: 'a', requires: ['b'] },
      { id: 'b', requires: ['c'] },
      { id: 'c', requires: ['a'] },
      { id: 'self', requires: ['self'] },
      { id: 'after', requires: ['a'] },
      { id: 'free', requires: [] },
    ]);
    expect(cycles).toEqual([['a', 'b', 'c'], ['self']]);
    expect(order).toEqual(['after', 'free']);
  });
});
