import { describe, expect, it } from 'vitest';
import { guardrailContext } from '../guardrailContext.fixture.js';
import { createPiiRedactGuardrail } from './piiRedactGuardrail.js';

describe('pii.redact', () => {
  const { id, payload: spec } = createPiiRedactGuardrail();

  it('is a sanitizer for input, output and chunks', () => {
    expect(id).toBe('pii.redact');
    expect(spec.mode).toBe('sanitizer');
    expect([spec.evaluateInput, spec.evaluateOutput, spec.evaluateChunk].every((f) => typeof f === 'function')).toBe(true);
  });

  it('answers sanitize with the redacted payload and leaves the original alone', async () => {
    const original = { to: 'jane@example.com', body: 'card 4111 1111 1111 1111' };
    const decision = await spec.evaluateOutput!(original, guardrailContext());
    expect(decision).toEqual({
      action: 'sanitize',
      reasonCode: 'pii_redacted',
      message: 'Redacted 1 email, 1 card',
      payload: { to: '[REDACTED:email]', body: 'card [REDACTED:card]' },
    });
    expect(original.to).toBe('jane@example.com');
  });

  it('answers allow when there is nothing to redact', async () => {
    expect(await spec.evaluateInput!({ version: '1.2.3', at: '2024-01-15T10:30:00Z' }, guardrailContext({ phase: 'input' }))).toEqual({ action: 'allow' });
  });

  it('redacts a streamed chunk', async () => {
    expect(await spec.evaluateChunk!('mail me at a@b.io', guardrailContext({ phase: 'chunk' }))).toMatchObject({
      action: 'sanitize',
      payload: 'mail me at [REDACTED:email]',
    });
  });

  it('honours kinds, phases and the common settings', () => {
    const custom = createPiiRedactGuardrail({ kinds: ['email'], phases: ['output'], timeoutMs: 200, onError: 'allow', priority: 5 });
    expect(custom.priority).toBe(5);
    expect(custom.payload.timeoutMs).toBe(200);
    expect(custom.payload.onError).toBe('allow');
    expect(custom.payload.evaluateInput).toBeUndefined();
    expect(custom.payload.evaluateChunk).toBeUndefined();
    expect(custom.payload.evaluateOutput!('4111111111111111', guardrailContext())).toEqual({ action: 'allow' });
  });
});
