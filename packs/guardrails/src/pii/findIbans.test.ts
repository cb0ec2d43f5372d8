import { describe, expect, it } from 'vitest';
import { findIbans } from './findIbans.js';

const values = (text: string): string[] => findIbans(text).map((m) => m.value);

describe('findIbans', () => {
  it('finds compact and printed IBANs', () => {
    expect(values('to DE89370400440532013000 or GB82 WEST 1234 5698 7654 32.')).toEqual([
      'DE89370400440532013000',
      'GB82 WEST 1234 5698 7654 32',
    ]);
  });

  it('stops a printed IBAN before a following word', () => {
    expect(values('IBAN BE68 5390 0754 7034 CODE 12')).toEqual(['BE68 5390 0754 7034']);
  });

  it('ignores look-alikes that fail mod-97', () => {
    expect(values('DE88370400440532013000 and AB12CDEFGHIJKLMNOP')).toEqual([]);
  });

  it('ignores an IBAN glued to other letters', () => {
    expect(values('xDE89370400440532013000')).toEqual([]);
  });
});
