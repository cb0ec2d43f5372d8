import { describe, expect, it } from 'vitest';
import { ibanRemainder, isValidIban } from './isValidIban.js';

describe('isValidIban', () => {
  it.each([['DE89370400440532013000'], ['GB82 WEST 1234 5698 7654 32'], ['fr1420041010050500013m02606'], ['NO9386011117947']])(
    'accepts %s',
    (iban) => {
      expect(isValidIban(iban)).toBe(true);
    },
  );

  it('rejects a wrong check digit, a wrong length for the country and junk', () => {
    expect(isValidIban('DE88370400440532013000')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false);
    expect(isValidIban('XX')).toBe(false);
    expect(isValidIban('1234567890123456')).toBe(false);
  });

  it('computes the ISO 7064 remainder piecewise', () => {
    expect(ibanRemainder('DE89370400440532013000')).toBe(1);
    expect(ibanRemainder('DE00370400440532013000')).not.toBe(1);
  });
});
