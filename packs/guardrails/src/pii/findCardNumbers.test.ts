import { describe, expect, it } from 'vitest';
import { findCardNumbers, isCardNumber } from './findCardNumbers.js';

const values = (text: string): string[] => findCardNumbers(text).map((m) => m.value);

describe('findCardNumbers', () => {
  it.each([
    ['4111111111111111'],
    ['4111 1111 1111 1111'],
    ['5555-5555-5555-4444'],
    ['3782 822463 10005'],
    ['6011111111111117'],
    ['4222222222222'],
  ])('finds the card number %s', (card) => {
    expect(values(`pay with ${card}, thanks`)).toEqual([card]);
  });

  it('stops before a trailing CVV or expiry', () => {
    expect(values('4111 1111 1111 1111 123')).toEqual(['4111 1111 1111 1111']);
    expect(values('card 4111 1111 1111 1111 12/27')).toEqual(['4111 1111 1111 1111']);
  });

  it('finds a card that follows another group of digits', () => {
    expect(values('ref 1234 4111 1111 1111 1111')).toEqual(['4111 1111 1111 1111']);
  });

  it('ignores digit runs that fail the Luhn check', () => {
    expect(values('4111111111111112 and 1234 5678 9012 3456')).toEqual([]);
  });

  it('ignores Luhn-valid millisecond timestamps and long ids', () => {
    // 1700000000008 passes Luhn but no card network starts with 1.
    expect(isCardNumber('1700000000008')).toBe(false);
    expect(values('ts=1700000000008')).toEqual([]);
    expect(values('id 41111111111111110000')).toEqual([]);
    expect(values('pi 3.4111111111111111')).toEqual([]);
    expect(values('hex a4111111111111111')).toEqual([]);
  });
});
