import { describe, expect, it } from 'vitest';
import { mergeOverlaps } from './mergeOverlaps.js';
import type { PiiMatch } from './PiiMatch.js';

const match = (text: string, kind: PiiMatch['kind'], start: number, end: number): PiiMatch => ({ kind, start, end, value: text.slice(start, end) });

describe('mergeOverlaps', () => {
  const text = '0123456789abcdef';

  it('sorts matches and keeps disjoint ones as they are', () => {
    const a = match(text, 'email', 8, 10);
    const b = match(text, 'phone', 0, 4);
    expect(mergeOverlaps(text, [a, b])).toEqual([b, a]);
  });

  it('merges a partly overlapping match into the earlier one', () => {
    expect(mergeOverlaps(text, [match(text, 'phone', 0, 6), match(text, 'card', 4, 10)])).toEqual([match(text, 'phone', 0, 10)]);
  });

  it('names a shared span after the checksummed kind and drops contained matches', () => {
    expect(mergeOverlaps(text, [match(text, 'phone', 2, 8), match(text, 'card', 2, 8), match(text, 'email', 3, 5)])).toEqual([
      match(text, 'card', 2, 8),
    ]);
  });
});
