import type {
  CodeDescriptor,
  CodeSpec,
  GuardrailDescriptor,
  GuardrailSpec,
  PersonaDescriptor,
  PersonaSpec,
  ProviderDescriptor,
  ProviderSpec,
  ToolDescriptor,
  ToolSpec,
  WorkflowDescriptor,
} from './descriptors.js';
import type { JsonValue } from './json.js';
import type { InlinePack, PackDefinition } from './pack.js';
import type { WorkflowDefinition } from './workflow.js';

/**
 * The define* helpers only shape and type what a pack declares; all checking
 * happens in the runtime, which collects every problem as a diagnostic.
 */
export function definePack<Options = Record<string, JsonValue>>(pack: PackDefinition<Options>): PackDefinition<Options> {
  return pack;
}

/** A pack a host app registers in code with `host.register(...)`. */
export function defineInlinePack<Options = Record<string, JsonValue>>(pack: InlinePack<Options>): InlinePack<Options> {
  return pack;
}

interface Placement {
  readonly priority?: number;
}

export function defineWorkflow(definition: WorkflowDefinition, placement: Placement = {}): WorkflowDescriptor {
  return { kind: 'workflow', id: definition.id, ...placement, payload: { definition } };
}

export function defineTool<I = unknown, O = unknown>(spec: ToolSpec<I, O> & { readonly id: string } & Placement): ToolDescriptor {
  const { id, priority, ...payload } = spec;
  return { kind: 'tool', id, ...(priority === undefined ? {} : { priority }), payload: payload as ToolSpec };
}

export function defineCode<I = unknown, O = unknown>(spec: CodeSpec<I, O> & { readonly id: string } & Placement): CodeDescriptor {
  const { id, priority, ...payload } = spec;
  return { kind: 'code', id, ...(priority === undefined ? {} : { priority }), payload: payload as CodeSpec };
}

export function defineGuardrail(spec: GuardrailSpec & { readonly id: string } & Placement): GuardrailDescriptor {
  const { id, priority, ...payload } = spec;
  return { kind: 'guardrail', id, ...(priority === undefined ? {} : { priority }), payload };
}

export function definePersona(spec: PersonaSpec & { readonly id: string } & Placement): PersonaDescriptor {
  const { id, priority, ...payload } = spec;
  return { kind: 'persona', id, ...(priority === undefined ? {} : { priority }), payload };
}

export function defineProvider(spec: ProviderSpec & { readonly id: string } & Placement): ProviderDescriptor {
  const { id, priority, ...payload } = spec;
  return { kind: 'provider', id, ...(priority === undefined ? {} : { priority }), payload };
}
