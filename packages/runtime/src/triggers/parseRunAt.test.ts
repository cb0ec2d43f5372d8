import { describe, expect, it } from 'vitest';
import { parseRunAt } from './parseRunAt.js';

describe('parseRunAt', () => {
  it('reads ISO 8601 date-times with an offset', () => {
    expect(parseRunAt('2025-06-01T09:00:00Z')).toBe(Date.UTC(2025, 5, 1, 9));
    expect(parseRunAt('2025-06-01T09:00+02:00')).toBe(Date.UTC(2025, 5, 1, 7));
    expect(parseRunAt('2025-06-01T09:00:30.250-0130')).toBe(Date.UTC(2025, 5, 1, 10, 30, 30, 250));
  });

  it('refuses a date-time without an offset, saying how to fix it', () => {
    expect(parseRunAt('2025-06-01T09:00:00')).toEqual(new Error('runAt "2025-06-01T09:00:00" has no UTC offset; add "Z" or an offset such as "+02:00"'));
    expect((parseRunAt('2025-06-01') as Error).message).toMatch(/no UTC offset/);
  });

  it('refuses impossible dates and other text', () => {
    expect((parseRunAt('2025-02-30T00:00:00Z') as Error).message).toMatch(/not a real date/);
    expect((parseRunAt('2025-01-01T24:00:00Z') as Error).message).toMatch(/not a real date/);
    expect((parseRunAt('tomorrow') as Error).message).toMatch(/not an ISO 8601 date-time/);
  });
});
