import { describe, expect, it } from 'vitest';
import { mergePackPolicies } from './mergePackPolicies.js';

describe('mergePackPolicies', () => {
  it('takes each pack\'s defaults, a later pack winning a shared tag, and the host config over all of them', () => {
    const merged = mergePackPolicies(
      [{ policies: { pii: ['redact'], outbound: ['size'] } }, undefined, { policies: { outbound: ['size', 'secrets'] } }],
      { pii: ['redact', 'audit'], review: ['human'] },
    );
    expect(merged).toEqual({ pii: ['redact', 'audit'], outbound: ['size', 'secrets'], review: ['human'] });
  });
});
