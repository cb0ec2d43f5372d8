import { describe, expect, it } from 'vitest';
import { findPii } from './findPii.js';

describe('findPii', () => {
  it('returns every kind in text order', () => {
    const text = 'Mail a@b.io, call +44 20 7946 0958, card 4111111111111111, IBAN DE89370400440532013000.';
    expect(findPii(text).map((m) => [m.kind, m.value])).toEqual([
      ['email', 'a@b.io'],
      ['phone', '+44 20 7946 0958'],
      ['card', '4111111111111111'],
      ['iban', 'DE89370400440532013000'],
    ]);
  });

  it('only looks for the kinds asked for', () => {
    expect(findPii('a@b.io 4111111111111111', ['card']).map((m) => m.kind)).toEqual(['card']);
  });

  it('never returns overlapping matches', () => {
    const matches = findPii('+4111111111111111 4111 1111 1111 1111');
    for (let i = 1; i < matches.length; i++) expect(matches[i]!.start).toBeGreaterThanOrEqual(matches[i - 1]!.end);
  });

  it('returns nothing for text without digits or "@"', () => {
    expect(findPii('just words here')).toEqual([]);
  });
});
