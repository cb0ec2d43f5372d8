import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './timeOrderedId.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId', () => {
  it('makes UUIDv7 ids that increase strictly, also many in one millisecond and across pool refills', () => {
    const ids = Array.from({ length: 5000 }, () => timeOrderedId(1_700_000_000_000));
    for (const id of ids) expect(id).toMatch(V7);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The timestamp leads: a later millisecond sorts after every id of an earlier one.
    const later = timeOrderedId(1_700_000_000_001 + 10_000);
    expect(later > ids.at(-1)!).toBe(true);
    expect(parseInt(later.replaceAll('-', '').slice(0, 12), 16)).toBe(1_700_000_010_001);
  });

  it('does not go back when the clock does', () => {
    const first = timeOrderedId(1_800_000_000_000);
    const second = timeOrderedId(1_799_999_999_000);
    expect(second > first).toBe(true);
  });
});
