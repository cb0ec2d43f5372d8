import { describe, expect, it } from 'vitest';
import { canonicalJson, hashDefinition } from './hashDefinition.js';

describe('definition hashing', () => {
  it('is independent of key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }, null] })).toBe('{"a":[{"d":2},null],"b":1}');
    const one = hashDefinition({ id: 'w', version: '1.0.0', tasks: [{ id: 'a', executor: { type: 'tool', toolId: 't' } }] });
    const two = hashDefinition({ tasks: [{ executor: { toolId: 't', type: 'tool' }, id: 'a' }], version: '1.0.0', id: 'w' });
    expect(one).toBe(two);
    expect(one).not.toBe(hashDefinition({ id: 'w', version: '1.0.1', tasks: [{ id: 'a', executor: { type: 'tool', toolId: 't' } }] }));
  });
});
