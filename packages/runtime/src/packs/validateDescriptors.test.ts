import { describe, expect, it } from 'vitest';
import { defineCode, defineGuardrail, definePersona, defineProvider, defineTool, defineWorkflow } from '@troupe/sdk';
import { validateDescriptors } from './validateDescriptors.js';

const problems = (descriptors: unknown[]): string[] => validateDescriptors('p', descriptors).map((error) => error.message);

describe('validateDescriptors', () => {
  it('accepts what the define* helpers build', () => {
    expect(
      problems([
        defineTool({ id: 't', execute: () => 1 }),
        defineCode({ id: 'c', run: () => 1 }),
        defineGuardrail({ id: 'g', evaluateOutput: () => ({ action: 'allow' }) }),
        definePersona({ id: 'p', instructions: 'Be kind.', providerId: 'm', capabilities: ['x'] }),
        defineProvider({ id: 'm', generate: async () => ({ text: '' }) }),
        defineWorkflow({ id: 'w', version: '1.0.0', tasks: [{ id: 'a', executor: { type: 'tool', toolId: 't' } }] }),
      ]),
    ).toEqual([]);
  });

  it('reports each bad descriptor once, with all its problems', () => {
    expect(
      problems([
        { kind: 'tool', id: 't', payload: {} },
        { kind: 'widget', id: 'has space', priority: 'high', payload: {} },
        { kind: 'persona', id: 'p', payload: { providerId: '', capabilities: [1] } },
        { kind: 'guardrail', id: 'g', payload: { mode: 'loud' } },
        { kind: 'workflow', id: 'w', payload: { definition: { id: 'other', version: '1', tasks: [] } } },
        { kind: 'tool', id: 'ok', payload: { execute: () => 1 } },
        { kind: 'tool', id: 'ok', payload: { execute: () => 2 } },
        'not an object',
      ]),
    ).toEqual([
      'Descriptor tool:t from pack p is invalid: payload.execute must be a function',
      'Descriptor widget:has space from pack p is invalid: kind must be one of workflow, tool, guardrail, persona, provider, code, id must be a non-empty string without spaces, priority must be a finite number',
      'Descriptor persona:p from pack p is invalid: payload.instructions must be a non-empty string, payload.providerId must be a non-empty string, payload.capabilities must be an array of strings',
      'Descriptor guardrail:g from pack p is invalid: payload needs at least one of evaluateInput, evaluateOutput, evaluateChunk, payload.mode must be "classifier" or "sanitizer"',
      'Descriptor workflow:w from pack p is invalid: definition/tasks: must NOT have fewer than 1 items, definition.id "other" differs from the descriptor id',
      'Descriptor tool:ok from pack p is invalid: tool:ok is declared more than once by this pack',
      'Descriptor #7:? from pack p is invalid: kind must be one of workflow, tool, guardrail, persona, provider, code, id must be a non-empty string without spaces, payload must be an object',
    ]);
  });
});
