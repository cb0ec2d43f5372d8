import { describe, expect, it } from 'vitest';
import { isLuhnValid } from './isLuhnValid.js';

describe('isLuhnValid', () => {
  it('accepts well-known test card numbers', () => {
    for (const n of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '79927398713']) {
      expect(isLuhnValid(n)).toBe(true);
    }
  });

  it('rejects a number with one digit changed or two digits swapped', () => {
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('79927398731')).toBe(false);
  });

  it('rejects anything that is not only digits', () => {
    expect(isLuhnValid('')).toBe(false);
    expect(isLuhnValid('4111 1111 1111 1111')).toBe(false);
  });
});
