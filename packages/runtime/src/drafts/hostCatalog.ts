import type { JsonSchema } from '@troupe/sdk';
import type { DescriptorLookup } from '../registry/DescriptorRegistry.js';

/** What a generated workflow may use on this host: shown to the planner with the schemas. */
export interface HostCatalog {
  readonly tools: readonly { readonly id: string; readonly description?: string; readonly inputSchema?: JsonSchema; readonly outputSchema?: JsonSchema; readonly requiredSecrets?: readonly string[] }[];
  readonly personas: readonly { readonly id: string; readonly displayName?: string; readonly capabilities: readonly string[] }[];
  readonly code: readonly { readonly id: string; readonly description?: string }[];
  /** Policy tag → guardrail ids: the tags a task may carry. */
  readonly policyTags: Readonly<Record<string, readonly string[]>>;
  readonly workflows: readonly string[];
}

/** Ids that belong to the generator itself: never offered to the planner. */
const GENERATOR_PREFIX = 'troupe.generate';

/** The active tools, personas, code functions, policy tags and workflows of a host. */
export function hostCatalog(lookup: DescriptorLookup, policies: Readonly<Record<string, readonly string[]>>): HostCatalog {
  return {
    tools: lookup.list('tool').map(({ descriptor: { id, payload } }) => ({
      id,
      ...(payload.description !== undefined ? { description: payload.description } : {}),
      ...(payload.inputSchema !== undefined ? { inputSchema: payload.inputSchema } : {}),
      ...(payload.outputSchema !== undefined ? { outputSchema: payload.outputSchema } : {}),
      ...(payload.requiredSecrets?.length ? { requiredSecrets: payload.requiredSecrets } : {}),
    })),
    personas: lookup.list('persona').map(({ descriptor: { id, payload } }) => ({
      id,
      ...(payload.displayName !== undefined ? { displayName: payload.displayName } : {}),
      capabilities: payload.capabilities ?? [],
    })),
    code: lookup
      .list('code')
      .filter(({ descriptor }) => !descriptor.id.startsWith(GENERATOR_PREFIX))
      .map(({ descriptor: { id, payload } }) => ({ id, ...(payload.description !== undefined ? { description: payload.description } : {}) })),
    policyTags: policies,
    workflows: lookup
      .list('workflow')
      .map(({ descriptor }) => descriptor.id)
      .filter((id) => !id.startsWith(GENERATOR_PREFIX)),
  };
}
