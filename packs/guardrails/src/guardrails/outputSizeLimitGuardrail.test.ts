import { describe, expect, it } from 'vitest';
import { guardrailContext } from '../guardrailContext.fixture.js';
import { createOutputSizeLimitGuardrail } from './outputSizeLimitGuardrail.js';

describe('output.size_limit', () => {
  it('checks outputs only by default, at 1 MiB', async () => {
    const { id, payload: spec } = createOutputSizeLimitGuardrail();
    expect(id).toBe('output.size_limit');
    expect(spec.evaluateInput).toBeUndefined();
    expect(await spec.evaluateOutput!('x'.repeat(1024 * 1024 - 2), guardrailContext())).toEqual({ action: 'allow' });
    expect(await spec.evaluateOutput!('x'.repeat(1024 * 1024 - 1), guardrailContext())).toEqual({
      action: 'block',
      reasonCode: 'output_too_large',
      message: 'The output is larger than 1048576 bytes as JSON',
    });
  });

  it('counts UTF-8 bytes of the JSON, not characters', async () => {
    const { payload: spec } = createOutputSizeLimitGuardrail({ maxBytes: 10 });
    expect(await spec.evaluateOutput!('€€', guardrailContext())).toEqual({ action: 'allow' }); // 8 bytes
    expect(await spec.evaluateOutput!('€€€', guardrailContext())).toMatchObject({ action: 'block' }); // 11 bytes
  });

  it('can flag instead of block and check inputs', async () => {
    const { payload: spec } = createOutputSizeLimitGuardrail({ maxBytes: 4, action: 'flag', phases: ['input'] });
    expect(spec.evaluateOutput).toBeUndefined();
    expect(await spec.evaluateInput!({ a: 1 }, guardrailContext({ phase: 'input' }))).toMatchObject({
      action: 'flag',
      message: 'The input is larger than 4 bytes as JSON',
    });
  });

  it('blocks a payload that cannot be serialised', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['me'] = cyclic;
    const { payload: spec } = createOutputSizeLimitGuardrail();
    expect(await spec.evaluateOutput!(cyclic, guardrailContext())).toMatchObject({ action: 'block', reasonCode: 'payload_not_serializable' });
  });
});
