import { describe, expect, it } from 'vitest';
import { scanJson, type JsonPathSegment } from './scanJson.js';

describe('scanJson', () => {
  it('visits values and keys with their paths', () => {
    const seen: Array<[string, JsonPathSegment[], boolean]> = [];
    const numbers: number[] = [];
    scanJson(
      { a: ['x', { b: 'y' }], n: 5 },
      { string: (s, path, isKey) => seen.push([s, [...path], isKey]), number: (n) => numbers.push(n) },
    );
    expect(seen).toEqual([
      ['a', [], true],
      ['x', ['a', 0], false],
      ['b', ['a', 1], true],
      ['y', ['a', 1, 'b'], false],
      ['n', [], true],
    ]);
    expect(numbers).toEqual([5]);
  });

  it('terminates on cycles and reports containers beyond maxDepth', () => {
    const cyclic: Record<string, unknown> = { s: 'x' };
    cyclic['self'] = cyclic;
    const strings: string[] = [];
    expect(scanJson(cyclic, { string: (s) => strings.push(s) }).tooDeep).toBe(false);
    expect(strings).toEqual(['s', 'x', 'self']);
    expect(scanJson([[['x']]], { maxDepth: 2 }).tooDeep).toBe(true);
    expect(scanJson([['x']], { maxDepth: 2 }).tooDeep).toBe(false);
  });

  it('scans what toJSON returns', () => {
    const strings: string[] = [];
    scanJson({ at: new Date(0) }, { string: (s, _p, isKey) => !isKey && strings.push(s) });
    expect(strings).toEqual(['1970-01-01T00:00:00.000Z']);
  });
});
