import { TroupeError, type WorkflowDefinition } from '@troupe/sdk';
import type { ActiveDescriptor, DescriptorLookup } from '../registry/DescriptorRegistry.js';

export interface ResolvedRole {
  readonly roleId: string;
  readonly personaId: string;
  readonly persona: ActiveDescriptor<'persona'>;
  /** How the persona was chosen. */
  readonly by: 'assignment' | 'personaId' | 'capabilities';
}

/**
 * Maps every role of a workflow to an active persona: an explicit assignment
 * wins, then the role's `personaId`, then the first persona (by id, for a
 * stable choice) that has every required capability. Fails with
 * E_ROLE_UNRESOLVED naming every role it could not fill.
 */
export function resolveRoles(
  definition: WorkflowDefinition,
  personas: DescriptorLookup,
  roleAssignments: Readonly<Record<string, string>> = {},
): Record<string, ResolvedRole> {
  const resolved: Record<string, ResolvedRole> = {};
  const unresolved: string[] = [];
  const reasons: string[] = [];
  const candidates = [...personas.list('persona')].sort((a, b) => a.descriptor.id.localeCompare(b.descriptor.id));

  for (const role of definition.roles ?? []) {
    const assigned = roleAssignments[role.roleId];
    const wanted = assigned ?? role.personaId;
    if (wanted !== undefined) {
      const persona = personas.get('persona', wanted);
      if (persona) {
        resolved[role.roleId] = { roleId: role.roleId, personaId: wanted, persona, by: assigned !== undefined ? 'assignment' : 'personaId' };
        continue;
      }
      // A named persona that is missing falls back to capabilities, when the role lists any.
      if (!role.capabilities?.length) {
        unresolved.push(role.roleId);
        reasons.push(`${role.roleId} (persona "${wanted}" is not active)`);
        continue;
      }
    }
    const needed = role.capabilities ?? [];
    const match = candidates.find((c) => needed.every((cap) => c.descriptor.payload.capabilities?.includes(cap)));
    if (match) {
      resolved[role.roleId] = { roleId: role.roleId, personaId: match.descriptor.id, persona: match, by: 'capabilities' };
    } else {
      unresolved.push(role.roleId);
      reasons.push(needed.length ? `${role.roleId} (needs ${needed.join(' + ')})` : `${role.roleId} (no persona active)`);
    }
  }

  if (unresolved.length > 0) {
    throw new TroupeError('E_ROLE_UNRESOLVED', { workflowId: definition.id, roles: reasons, unresolved });
  }
  return resolved;
}
