import { defineGuardrail } from '@troupe/sdk';
import { describe, expect, it } from 'vitest';
import { DescriptorRegistry } from '../registry/DescriptorRegistry.js';
import { resolveGuardrailStack } from './resolveGuardrailStack.js';

const registry = new DescriptorRegistry();
registry.register('guards', '1.0.0', ['a', 'b', 'c'].map((id) => defineGuardrail({ id, evaluateInput: () => ({ action: 'allow' }) })));

describe('resolveGuardrailStack', () => {
  it('orders guardrails tag by tag, each once, under the first tag that names it', () => {
    const { guardrails, problems } = resolveGuardrailStack(['one', 'two'], { one: ['b', 'a'], two: ['a', 'c'] }, registry);
    expect(problems).toEqual([]);
    expect(guardrails.map((g) => `${g.guardrail.descriptor.id}@${g.tag}`)).toEqual(['b@one', 'a@one', 'c@two']);
  });

  it('reports a tag without a stack and a guardrail that is not active; an empty stack is fine', () => {
    const { guardrails, problems } = resolveGuardrailStack(['known', 'unknown', 'empty', 'toString'], { known: ['a', 'gone'], empty: [] }, registry);
    expect(guardrails.map((g) => g.guardrail.descriptor.id)).toEqual(['a']);
    expect(problems.map((p) => [p.code, p.details])).toEqual([
      ['E_GUARDRAIL_NOT_FOUND', { tag: 'known', guardrailId: 'gone' }],
      ['E_POLICY_UNKNOWN', { tag: 'unknown' }],
      ['E_POLICY_UNKNOWN', { tag: 'toString' }],
    ]);
  });
});
