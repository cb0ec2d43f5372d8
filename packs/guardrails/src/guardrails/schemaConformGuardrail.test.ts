import { isTroupeError } from '@troupe/sdk';
import { describe, expect, it } from 'vitest';
import { guardrailContext } from '../guardrailContext.fixture.js';
import { createSchemaConformGuardrail } from './schemaConformGuardrail.js';

const invoice = { type: 'object', required: ['total'], properties: { total: { type: 'number' } } };

describe('schema.conform', () => {
  it('checks outputs against the schema for all payloads', async () => {
    const { id, payload: spec } = createSchemaConformGuardrail({ schema: invoice });
    expect(id).toBe('schema.conform');
    expect(await spec.evaluateOutput!({ total: 3 }, guardrailContext())).toEqual({ action: 'allow' });
    expect(await spec.evaluateOutput!({ total: 'three' }, guardrailContext())).toEqual({
      action: 'block',
      reasonCode: 'schema_mismatch',
      message: 'Does not match the schema: /total must be number',
    });
  });

  it('applies per-tag schemas only under their tag', async () => {
    const { payload: spec } = createSchemaConformGuardrail({ schemasByTag: { invoice }, action: 'flag' });
    expect(await spec.evaluateOutput!({}, guardrailContext({ policyTags: ['other'] }))).toEqual({ action: 'allow' });
    expect(await spec.evaluateOutput!({}, guardrailContext({ policyTags: ['invoice'] }))).toMatchObject({ action: 'flag' });
  });

  it('leaves the tool calls of a task\'s seat alone: its schemas are the task\'s', async () => {
    const { payload: spec } = createSchemaConformGuardrail({ schema: invoice });
    expect(await spec.evaluateOutput!({ query: 'owls' }, guardrailContext({ toolCall: { toolId: 'search', part: 'arguments' } }))).toEqual({ action: 'allow' });
    expect(await spec.evaluateOutput!({ query: 'owls' }, guardrailContext())).toMatchObject({ action: 'block' });
  });

  it('allows everything when no schema applies', async () => {
    const { payload: spec } = createSchemaConformGuardrail();
    expect(await spec.evaluateOutput!({ anything: 1 }, guardrailContext())).toEqual({ action: 'allow' });
  });

  it('refuses an invalid schema in the options with E_PACK_OPTIONS_INVALID', () => {
    let thrown: unknown;
    try {
      createSchemaConformGuardrail({ schemasByTag: { invoice: { type: 'numbr' } } });
    } catch (error) {
      thrown = error;
    }
    expect(isTroupeError(thrown, 'E_PACK_OPTIONS_INVALID')).toBe(true);
    expect((thrown as Error).message).toContain('schema.schemasByTag.invoice is not a valid JSON Schema');
  });
});
