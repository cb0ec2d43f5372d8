import { describe, expect, it } from 'vitest';
import { suggestName } from './suggestName.js';

describe('suggestName', () => {
  const workflows = ['hello', 'review', 'count-words', 'triage'];

  it.each([
    ['helo', 'hello'],
    ['reveiw', 'review'],
    ['count', 'count-words'],
    ['count_words', 'count-words'],
  ])('%s → %s', (typed, meant) => {
    expect(suggestName(typed, workflows)).toBe(meant);
  });

  it('suggests nothing for a name far from every candidate, or with no candidates', () => {
    expect(suggestName('deploy-production', workflows)).toBeUndefined();
    expect(suggestName('hello', [])).toBeUndefined();
  });
});
