import type { WorkflowDefinition } from '@troupe/sdk';
import type { DescriptorLookup } from '../registry/DescriptorRegistry.js';
import type { CompiledWorkflow } from './CompiledWorkflow.js';
import { compileWorkflow, type CompileOptions } from './compileWorkflow.js';

/**
 * Compiled plans, shared by every engine of the process: a plan is reused
 * while each descriptor it resolved is still the active one of the lookup
 * asking (and it was checked against the same policies), so one cache serves
 * several hosts and survives hot reload.
 */
const plans = new WeakMap<WorkflowDefinition, CompiledWorkflow>();

/** Compiles once per definition; recompiles when a descriptor it resolved is no longer the active one. */
export function planFor(definition: WorkflowDefinition, lookup: DescriptorLookup, options: CompileOptions): CompiledWorkflow {
  const cached = plans.get(definition);
  if (cached && cached.policies === options.policies && cached.refs.every((ref) => lookup.get(ref.descriptor.kind, ref.descriptor.id) === ref)) return cached;
  const plan = compileWorkflow(definition, lookup, options);
  plans.set(definition, plan);
  return plan;
}
