import type { RoleDefinition } from '@troupe/sdk';

/**
 * Who plays a role of a pattern: a persona id, or capabilities a persona must
 * have (resolved when a run starts; `roleAssignments` at start still win).
 */
export type RoleBinding = string | { readonly personaId?: string; readonly capabilities?: readonly string[]; readonly tools?: readonly string[] };

/** The role definition of `roleId`: bound as given, else by the capability `patterns.<roleId>`. */
export function roleOf(roleId: string, binding: RoleBinding | undefined, displayName?: string): RoleDefinition {
  const base = { roleId, ...(displayName !== undefined ? { displayName } : {}) };
  if (binding === undefined) return { ...base, capabilities: [`patterns.${roleId}`] };
  if (typeof binding === 'string') return { ...base, personaId: binding };
  return {
    ...base,
    ...(binding.personaId !== undefined ? { personaId: binding.personaId } : {}),
    ...(binding.capabilities?.length ? { capabilities: [...binding.capabilities] } : {}),
    ...(binding.tools?.length ? { tools: [...binding.tools] } : {}),
  };
}

/** What every pattern factory takes: the workflow id and version to produce. */
export interface PatternBase {
  /** Workflow id; the round sub-workflow of a looping pattern is `<id>.round`. */
  readonly id?: string;
  readonly version?: string;
}
