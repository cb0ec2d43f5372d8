import { describe, expect, it } from 'vitest';
import { jsonByteLength, jsonStringByteLength } from './jsonByteLength.js';

const exact = (value: unknown): number => {
  const json = JSON.stringify(value);
  return json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
};

describe('jsonByteLength', () => {
  it.each([
    ['a string with escapes and non-ASCII', 'a"b\\c\n\u0001é€😀'],
    ['lone surrogates', 'x\ud800y\udc00'],
    ['numbers', [1, -0, 1.5e300, Number.NaN, Number.POSITIVE_INFINITY]],
    ['skipped and null-ed values', { a: undefined, f: () => 1, arr: [undefined, () => 1, Symbol('s')], n: null }],
    ['toJSON and boxed values', { d: new Date(0), n: Object(1), s: Object('x'), b: Object(false) }],
    ['nested objects', { a: { b: [{ c: 'd' }, []] }, e: {} }],
    ['undefined at the top', undefined],
  ])('matches JSON.stringify for %s', (_what, value) => {
    expect(jsonByteLength(value)).toBe(exact(value));
  });

  it('stops counting once past the limit', () => {
    const big = Array.from({ length: 100_000 }, () => 'x'.repeat(100));
    const counted = jsonByteLength(big, 1000);
    expect(counted).toBeGreaterThan(1000);
    expect(counted).toBeLessThan(2000);
  });

  it('handles nesting deeper than the call stack allows', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(jsonByteLength(deep)).toBe(400_001);
  });

  it('throws like JSON.stringify on cycles and BigInt', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => jsonByteLength(cyclic)).toThrow(TypeError);
    expect(() => jsonByteLength({ n: 1n })).toThrow(TypeError);
  });

  it('counts one string', () => {
    expect(jsonStringByteLength('é')).toBe(4);
  });
});
