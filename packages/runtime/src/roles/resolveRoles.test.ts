import { describe, expect, it } from 'vitest';
import { definePersona, type WorkflowDefinition } from '@troupe/sdk';
import { DescriptorRegistry } from '../registry/DescriptorRegistry.js';
import { resolveRoles } from './resolveRoles.js';

const registry = new DescriptorRegistry();
registry.register('pack', '1.0.0', [
  definePersona({ id: 'writer-b', instructions: 'w', providerId: 'm', capabilities: ['writing', 'review'] }),
  definePersona({ id: 'writer-a', instructions: 'w', providerId: 'm', capabilities: ['writing'] }),
  definePersona({ id: 'pilot', instructions: 'p', providerId: 'm' }),
]);

const workflow = (roles: WorkflowDefinition['roles']): WorkflowDefinition => ({ id: 'wf', version: '1.0.0', roles, tasks: [{ id: 't', executor: { type: 'human', mode: 'approval' } }] });

describe('resolveRoles', () => {
  it('prefers an explicit assignment, then the role personaId, then the first persona (by id) with every capability', () => {
    const roles = resolveRoles(
      workflow([
        { roleId: 'assigned', personaId: 'pilot' },
        { roleId: 'named', personaId: 'pilot' },
        { roleId: 'writes', capabilities: ['writing'] },
        { roleId: 'reviews', capabilities: ['writing', 'review'] },
      ]),
      registry,
      { assigned: 'writer-b' },
    );
    expect(Object.values(roles).map((r) => [r.roleId, r.personaId, r.by])).toEqual([
      ['assigned', 'writer-b', 'assignment'],
      ['named', 'pilot', 'personaId'],
      ['writes', 'writer-a', 'capabilities'],
      ['reviews', 'writer-b', 'capabilities'],
    ]);
  });

  it('falls back to capabilities when a named persona is not active', () => {
    const roles = resolveRoles(workflow([{ roleId: 'r', personaId: 'retired', capabilities: ['review'] }]), registry);
    expect(roles.r).toMatchObject({ personaId: 'writer-b', by: 'capabilities' });
  });

  it('fails with E_ROLE_UNRESOLVED naming every role it could not fill, and why', () => {
    expect(() =>
      resolveRoles(workflow([{ roleId: 'ok', personaId: 'pilot' }, { roleId: 'stars', capabilities: ['astronomy'] }, { roleId: 'ghost', personaId: 'nobody' }]), registry),
    ).toThrow(
      expect.objectContaining({
        code: 'E_ROLE_UNRESOLVED',
        message: 'Workflow wf has roles no persona can fill: stars (needs astronomy), ghost (persona "nobody" is not active)',
      }),
    );
  });
});
