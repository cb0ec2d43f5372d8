import { describe, expect, it } from 'vitest';
import { mergePolicies } from './mergePolicies.js';

describe('mergePolicies', () => {
  it('lays the host config over pack defaults; a later pack wins a shared tag; the host replaces a stack whole', () => {
    const merged = mergePolicies(
      [{ pii: ['pii.redact'], secrets: ['secrets.block'] }, undefined, { secrets: ['vault.block'], web: ['injection'] }],
      { pii: ['custom.pii', 'pii.redact'], extra: [] },
    );
    expect({ ...merged }).toEqual({ pii: ['custom.pii', 'pii.redact'], secrets: ['vault.block'], web: ['injection'], extra: [] });
    expect(Object.isFrozen(merged)).toBe(true);
    expect(Object.isFrozen(merged.pii)).toBe(true);
  });

  it('is empty without defaults or host policies, and a tag named like an Object method is just a tag', () => {
    expect({ ...mergePolicies([]) }).toEqual({});
    expect(mergePolicies([], {}).constructor).toBeUndefined();
    expect(mergePolicies([{ constructor: ['g'] }]).constructor).toEqual(['g']);
  });
});
