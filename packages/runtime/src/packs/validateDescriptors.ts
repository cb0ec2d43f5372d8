import { DESCRIPTOR_KINDS, TroupeError, workflowDefinitionSchema, type AnyDescriptor, type DescriptorKind } from '@troupe/sdk';
import { builtinSchemas } from '../config/SchemaChecker.js';

/**
 * Checks what a pack contributes before anything is registered: shape per
 * kind, workflow definitions against the workflow schema, no `kind:id` twice
 * in one pack. One E_DESCRIPTOR_INVALID per bad descriptor, listing all its problems.
 */
export function validateDescriptors(pack: string, descriptors: readonly unknown[]): TroupeError[] {
  const errors: TroupeError[] = [];
  const seen = new Set<string>();
  descriptors.forEach((value, index) => {
    const descriptor = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof AnyDescriptor, unknown>>;
    const kind = typeof descriptor.kind === 'string' ? descriptor.kind : `#${index}`;
    const id = typeof descriptor.id === 'string' ? descriptor.id : '?';
    const problems = descriptorProblems(descriptor);
    const key = `${kind}:${id}`;
    if (seen.has(key)) problems.push(`${key} is declared more than once by this pack`);
    seen.add(key);
    if (problems.length > 0) errors.push(new TroupeError('E_DESCRIPTOR_INVALID', { kind, id, pack, problems }));
  });
  return errors;
}

function descriptorProblems(descriptor: Partial<Record<keyof AnyDescriptor, unknown>>): string[] {
  const problems: string[] = [];
  if (!DESCRIPTOR_KINDS.includes(descriptor.kind as DescriptorKind)) problems.push(`kind must be one of ${DESCRIPTOR_KINDS.join(', ')}`);
  if (typeof descriptor.id !== 'string' || !/^\S+$/.test(descriptor.id)) problems.push('id must be a non-empty string without spaces');
  if (descriptor.priority !== undefined && !Number.isFinite(descriptor.priority)) problems.push('priority must be a finite number');
  const payload = descriptor.payload;
  if (typeof payload !== 'object' || payload === null) return [...problems, 'payload must be an object'];
  const p = payload as Record<string, unknown>;
  const fn = (name: string): void => {
    if (typeof p[name] !== 'function') problems.push(`payload.${name} must be a function`);
  };
  const text = (name: string): void => {
    if (typeof p[name] !== 'string' || p[name] === '') problems.push(`payload.${name} must be a non-empty string`);
  };
  switch (descriptor.kind as DescriptorKind) {
    case 'tool':
      fn('execute');
      break;
    case 'code':
      fn('run');
      break;
    case 'provider':
      fn('generate');
      break;
    case 'persona':
      text('instructions');
      text('providerId');
      if (p.capabilities !== undefined && !(Array.isArray(p.capabilities) && p.capabilities.every((c) => typeof c === 'string'))) {
        problems.push('payload.capabilities must be an array of strings');
      }
      break;
    case 'guardrail':
      if (!['evaluateInput', 'evaluateOutput', 'evaluateChunk'].some((name) => typeof p[name] === 'function')) {
        problems.push('payload needs at least one of evaluateInput, evaluateOutput, evaluateChunk');
      }
      if (p.mode !== undefined && p.mode !== 'classifier' && p.mode !== 'sanitizer') problems.push('payload.mode must be "classifier" or "sanitizer"');
      if (p.onError !== undefined && p.onError !== 'block' && p.onError !== 'allow') problems.push('payload.onError must be "block" or "allow"');
      break;
    case 'workflow': {
      problems.push(...builtinSchemas.check(workflowDefinitionSchema, p.definition, 'definition'));
      const definitionId = (p.definition as { id?: unknown } | undefined)?.id;
      if (definitionId !== undefined && definitionId !== descriptor.id) problems.push(`definition.id "${String(definitionId)}" differs from the descriptor id`);
      break;
    }
  }
  return problems;
}
