import { describe, expect, it } from 'vitest';
import { redactPii } from './redactPiiInJson.js';

describe('redactPii (JSON payloads)', () => {
  it('redacts strings anywhere and leaves keys alone', () => {
    const input = { 'a@b.io': 'owner a@b.io', list: [{ phone: '+44 20 7946 0958' }, 3, null, true], n: 4111111111111111 };
    const { payload, counts, changed } = redactPii(input);
    expect(changed).toBe(true);
    expect(payload).toEqual({
      'a@b.io': 'owner [REDACTED:email]',
      list: [{ phone: '[REDACTED:phone]' }, 3, null, true],
      n: '[REDACTED:card]',
    });
    expect(counts).toEqual({ email: 1, phone: 1, card: 1 });
  });

  it('never mutates the input and returns it as is when there is nothing to redact', () => {
    const clean = Object.freeze({ a: Object.freeze(['x', 1]), b: 'no pii' });
    expect(redactPii(clean).payload).toBe(clean);
    const dirty = Object.freeze({ keep: Object.freeze({ x: 1 }), mail: 'a@b.io' });
    const { payload } = redactPii(dirty);
    expect(dirty.mail).toBe('a@b.io');
    // Unchanged branches are shared, not copied.
    expect((payload as typeof dirty).keep).toBe(dirty.keep);
  });

  it('redacts what a value serialises to (toJSON)', () => {
    const url = new URL('https://example.com/?to=a@b.io');
    expect(JSON.stringify(redactPii({ url }).payload)).not.toContain('a@b.io');
  });

  it('replaces cycles and containers nested too deep instead of throwing', () => {
    const cyclic: Record<string, unknown> = { mail: 'a@b.io' };
    cyclic['self'] = cyclic;
    expect(redactPii(cyclic).payload).toEqual({ mail: '[REDACTED:email]', self: '[REDACTED:cycle]' });

    let deep: unknown = 'a@b.io';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const result = redactPii(deep, { maxDepth: 50 });
    expect(result.counts.too_deep).toBe(1);
    expect(JSON.stringify(result.payload)).not.toContain('a@b.io');
  });

  it('keeps a "__proto__" key as a plain property', () => {
    const input = JSON.parse('{"__proto__": {"x": 1}, "m": "a@b.io"}') as Record<string, unknown>;
    const output = redactPii(input).payload as Record<string, unknown>;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.keys(output)).toEqual(['__proto__', 'm']);
  });

  it('only redacts the kinds asked for', () => {
    expect(redactPii(['a@b.io', '4111111111111111'], { kinds: ['email'] }).payload).toEqual(['[REDACTED:email]', '4111111111111111']);
  });
});
