import { describe, expect, it } from 'vitest';
import { mapJsonLeaves } from './mapJsonLeaves.js';

const upper = {
  string: (s: string) => s.toUpperCase(),
  tooDeep: () => 'TOO_DEEP',
  cycle: () => 'CYCLE',
};

describe('mapJsonLeaves', () => {
  it('maps string values everywhere but never keys', () => {
    expect(mapJsonLeaves({ a: ['x', { b: 'y' }], c: 1, d: null }, upper)).toEqual({ a: ['X', { b: 'Y' }], c: 1, d: null });
  });

  it('returns the same references for branches without changes', () => {
    const input = { same: { n: 1 }, list: [1, 2], text: 'abc' };
    const output = mapJsonLeaves(input, upper) as typeof input;
    expect(output).not.toBe(input);
    expect(output.same).toBe(input.same);
    expect(output.list).toBe(input.list);
    const clean = { n: [1, { m: true }] };
    expect(mapJsonLeaves(clean, upper)).toBe(clean);
  });

  it('maps numbers when asked', () => {
    expect(mapJsonLeaves([1, 2], { ...upper, number: (n: number) => n * 10 })).toEqual([10, 20]);
  });

  it('replaces cycles and keeps shared references cheap', () => {
    const a: unknown[] = ['x'];
    a.push(a);
    expect(mapJsonLeaves(a, upper)).toEqual(['X', 'CYCLE']);

    // 2^60 paths but 60 distinct nodes: each is mapped once.
    let shared: unknown = 'leaf';
    for (let i = 0; i < 60; i++) shared = [shared, shared];
    const mapped = mapJsonLeaves(shared, upper) as unknown[];
    expect(mapped[0]).toBe(mapped[1]);
  });

  it('stops at maxDepth without recursing further', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    let node = mapJsonLeaves(deep, { ...upper, maxDepth: 3 }) as Record<string, unknown>;
    node = node['d'] as Record<string, unknown>;
    node = node['d'] as Record<string, unknown>;
    expect(node['d']).toBe('TOO_DEEP');
  });
});
