import { describe, expect, it } from 'vitest';
import { findPhoneNumbers } from './findPhoneNumbers.js';

const values = (text: string): string[] => findPhoneNumbers(text).map((m) => m.value);

describe('findPhoneNumbers', () => {
  it.each([
    ['+1 (555) 123-4567'],
    ['+44 20 7946 0958'],
    ['+44 (0)20 7946 0958'],
    ['+33 1 23 45 67 89'],
    ['+4915112345678'],
    ['+49 30 1234567'],
    ['+91-98765-43210'],
  ])('finds the international number %s', (phone) => {
    expect(values(`call ${phone} today`)).toEqual([phone]);
  });

  it.each([
    ['(555) 123-4567'],
    ['555-123-4567'],
    ['555.123.4567'],
    ['1-800-555-1234'],
    ['020 7946 0958'],
    ['07700 900123'],
    ['01 23 45 67 89'],
    ['030-1234567'],
    ['(030) 1234567'],
  ])('finds the national number %s', (phone) => {
    expect(values(`tel: ${phone}.`)).toEqual([phone]);
  });

  it.each([
    ['a plain id', 'order 12345678901 shipped'],
    ['a millisecond timestamp', 'at 1700000000000'],
    ['an ISO date and time', '2024-01-15T10:30:00.000Z'],
    ['a European date', 'due 01.02.2024 at 10:00'],
    ['a date with dashes', 'on 01-15-2024 10:30'],
    ['a version string', 'upgraded to 10.0.19041.1 and 1.2.3'],
    ['an IP address', 'host 192.168.100.200'],
    ['a UUID', 'id 123e4567-e89b-12d3-a456-426614174000'],
    ['arithmetic', 'x+12345678'],
    ['a short number', 'room 0123'],
  ])('does not take %s for a phone number', (_what, text) => {
    expect(values(text)).toEqual([]);
  });

  it('does not stretch an international number over a long list of figures', () => {
    expect(values('+1 555 123 4567 then 2024 01 15')).toEqual(['+1 555 123 4567']);
    expect(values('+1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16')).not.toContain('+1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16');
  });

  it('finds numbers listed one after another with a different separator', () => {
    expect(values('555-123-4567 555-987-6543 and 020 7946 0958, 020 7946 0959')).toEqual([
      '555-123-4567',
      '555-987-6543',
      '020 7946 0958',
      '020 7946 0959',
    ]);
    expect(values('Call 555-123-4567 5 times')).toEqual(['555-123-4567']);
  });

  it('does not read the tail of a long run of figures as a phone number', () => {
    expect(values('01 01 01 01 01 01 01 01 01 01')).toEqual([]);
    expect(values('readings 12 34 020 7946 0958')).toEqual([]);
  });
});
