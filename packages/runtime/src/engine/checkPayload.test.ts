import { describe, expect, it } from 'vitest';
import { checkPayload, DEFAULT_PAYLOAD_LIMITS } from './checkPayload.js';

const check = (value: unknown, limits = DEFAULT_PAYLOAD_LIMITS) => checkPayload(value, limits, 'output of task t');

describe('checkPayload', () => {
  it('accepts JSON data, including what JSON.stringify drops or converts', () => {
    for (const value of [null, 1, 'x', true, undefined, [1, 'a', null], { a: { b: [1, { c: 2 }] } }, { f: () => 1, u: undefined }, new Date(0), { at: new Date(0) }]) {
      expect(check(value)).toBeUndefined();
    }
    const shared = { x: 1 };
    expect(check({ a: shared, b: shared })).toBeUndefined();
  });

  it('refuses a BigInt, a cycle, a throwing getter or toJSON with E_PAYLOAD_NOT_SERIALIZABLE, saying where', () => {
    expect(check({ a: [1, 2n] })).toMatchObject({ code: 'E_PAYLOAD_NOT_SERIALIZABLE', message: 'The output of task t is not JSON data: a BigInt is not JSON data at /a/1' });
    const cyclic: Record<string, unknown> = {};
    cyclic.inner = { back: cyclic };
    expect(check(cyclic)!.message).toContain('it contains a cycle at /inner/back');
    const getter = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(check({ g: getter })!.message).toContain('reading it threw: no at /g/x');
    expect(
      check({
        toJSON() {
          throw new Error('nope');
        },
      })!.message,
    ).toContain('its toJSON() threw: nope');
    expect(check(new Proxy({}, { ownKeys: () => { throw new Error('trap'); } }))!.code).toBe('E_PAYLOAD_NOT_SERIALIZABLE');
  });

  it('refuses nesting deeper than maxDepth and JSON larger than maxBytes with E_PAYLOAD_TOO_LARGE', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 65; i++) deep = [deep];
    expect(check(deep)).toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE', details: { maxDepth: 64 } });
    expect(check({ s: 'x'.repeat(2000) }, { maxBytes: 1024, maxDepth: 64 })).toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE' });
    expect(check('x'.repeat(2000), { maxBytes: 1024, maxDepth: 64 })).toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE' });
    expect(check(Array.from({ length: 200 }, () => 12345), { maxBytes: 1024, maxDepth: 64 })).toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE' });
  });
});
