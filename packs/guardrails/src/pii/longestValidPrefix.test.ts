import { describe, expect, it } from 'vitest';
import { longestValidPrefix } from './longestValidPrefix.js';

const isSpace = (c: string): boolean => c === ' ';

describe('longestValidPrefix', () => {
  it('takes the whole candidate when it is valid', () => {
    expect(longestValidPrefix('ab cd', isSpace, () => true)).toBe(5);
  });

  it('drops trailing groups until the prefix is valid, longest first', () => {
    const tried: string[] = [];
    const length = longestValidPrefix('ab cd ef', isSpace, (p) => {
      tried.push(p);
      return p.length <= 5;
    });
    expect(length).toBe(5);
    expect(tried).toEqual(['ab cd ef', 'ab cd']);
  });

  it('cuts only where a group ends and gives up when nothing is valid', () => {
    const tried: string[] = [];
    const never = (p: string): boolean => {
      tried.push(p);
      return false;
    };
    expect(longestValidPrefix('a  (b', (c) => c === ' ' || c === '(', never)).toBeUndefined();
    expect(tried).toEqual(['a  (b', 'a']);
  });
});
