import { TroupeError, type RunPin, type WorkflowDefinition } from '@troupe/sdk';
import type { ActiveDescriptor } from '../registry/DescriptorRegistry.js';
import { resolveRoles, type ResolvedRole } from '../roles/resolveRoles.js';
import { secretEnvName } from '../secrets/secretEnvName.js';
import type { CompiledWorkflow } from './CompiledWorkflow.js';
import type { EngineContext } from './EngineContext.js';
import { planFor } from './planFor.js';

/** Everything a run needs resolved before its first event: checked up front, so a refusal runs nothing. */
export interface PreparedRun {
  readonly plan: CompiledWorkflow;
  readonly roles: Readonly<Record<string, ResolvedRole>>;
  /** Role id → the provider of its persona. */
  readonly providers: Readonly<Record<string, ActiveDescriptor<'provider'>>>;
  /** Secret values per executor (`tool:x`, `code:y`, `provider:z`): each gets only what it declared. */
  readonly secrets: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/**
 * Compiles (or reuses) the plan, resolves roles to personas and personas to
 * providers, and resolves every secret the run may need: E_WORKFLOW_INVALID,
 * E_ROLE_UNRESOLVED, E_DESCRIPTOR_NOT_FOUND, E_SECRET_MISSING (listing every missing id).
 */
export function prepareRun(ctx: EngineContext, definition: WorkflowDefinition, roleAssignments: Readonly<Record<string, string>>): PreparedRun {
  const plan = planFor(definition, ctx.descriptors, ctx.compileOptions);
  const roles = resolveRoles(definition, ctx.descriptors, roleAssignments);
  const providers = resolveProviders(ctx, roles);
  const secrets = resolveRunSecrets(ctx, plan, providers);
  return { plan, roles, providers, secrets };
}

function resolveProviders(ctx: EngineContext, roles: Readonly<Record<string, ResolvedRole>>): Record<string, ActiveDescriptor<'provider'>> {
  const providers: Record<string, ActiveDescriptor<'provider'>> = {};
  for (const [roleId, role] of Object.entries(roles)) {
    const providerId = role.persona.descriptor.payload.providerId;
    const provider = ctx.descriptors.get('provider', providerId);
    if (!provider) throw new TroupeError('E_DESCRIPTOR_NOT_FOUND', { kind: 'provider', id: providerId, roleId, personaId: role.personaId });
    providers[roleId] = provider;
  }
  return providers;
}

/** Every secret the run may need, checked up front; values are kept per executor. */
function resolveRunSecrets(
  ctx: EngineContext,
  plan: CompiledWorkflow,
  providers: Readonly<Record<string, ActiveDescriptor<'provider'>>>,
): Map<string, Readonly<Record<string, string>>> {
  const needed = new Set<string>(plan.requiredSecrets);
  const perExecutor = new Map<string, readonly string[]>();
  const add = (key: string, ids: readonly string[] | undefined): void => {
    if (!ids?.length) return;
    perExecutor.set(key, ids);
    for (const id of ids) needed.add(id);
  };
  for (const task of plan.tasks) {
    const executor = task.executor;
    if (executor.type === 'tool') add(`tool:${executor.toolId}`, executor.tool.descriptor.payload.requiredSecrets);
    else if (executor.type === 'code') add(`code:${executor.codeId}`, executor.code.descriptor.payload.requiredSecrets);
    if (task.compensate?.kind === 'code') add(`code:${task.compensate.codeId}`, task.compensate.code.descriptor.payload.requiredSecrets);
  }
  for (const tools of plan.roleTools.values()) for (const tool of tools) add(`tool:${tool.descriptor.id}`, tool.descriptor.payload.requiredSecrets);
  for (const provider of Object.values(providers)) add(`provider:${provider.descriptor.id}`, provider.descriptor.payload.requiredSecrets);
  collectChildSecrets(ctx, plan, needed, new Set([plan.definition.id]));

  const { values, missing } = ctx.secrets.resolve([...needed]);
  if (missing.length > 0) {
    throw new TroupeError('E_SECRET_MISSING', { owner: `Workflow ${plan.definition.id}`, missing: [...missing], envExample: secretEnvName(missing[0]!) });
  }
  const result = new Map<string, Readonly<Record<string, string>>>();
  for (const [key, ids] of perExecutor) {
    const own: Record<string, string> = {};
    for (const id of ids) own[id] = values[id]!;
    result.set(key, Object.freeze(own));
  }
  return result;
}

/** Sub-workflows' secrets are checked at the parent's start, so nothing runs before a refusal. */
function collectChildSecrets(ctx: EngineContext, plan: CompiledWorkflow, needed: Set<string>, seen: Set<string>): void {
  for (const task of plan.tasks) {
    if (task.executor.type !== 'workflow') continue;
    const definition = task.executor.workflow.descriptor.payload.definition;
    if (seen.has(definition.id)) continue;
    seen.add(definition.id);
    let child: CompiledWorkflow;
    try {
      child = planFor(definition, ctx.descriptors, ctx.compileOptions);
    } catch {
      continue; // reported when the task starts the child
    }
    for (const id of child.requiredSecrets) needed.add(id);
    collectChildSecrets(ctx, child, needed, seen);
  }
}

/** What a run is pinned to: the definition's id, version and hash, and the version of every pack it uses. */
export function pinOf(workflow: ActiveDescriptor<'workflow'>, prepared: PreparedRun): RunPin {
  const { plan, roles, providers } = prepared;
  const packVersions: Record<string, string> = {};
  const note = (active: ActiveDescriptor): void => {
    packVersions[active.packId] = active.packVersion;
  };
  note(workflow);
  for (const ref of plan.refs) note(ref);
  for (const role of Object.values(roles)) note(role.persona);
  for (const provider of Object.values(providers)) note(provider);
  return {
    definitionId: plan.definition.id,
    definitionVersion: plan.definition.version,
    definitionHash: plan.hash,
    packVersions,
  };
}
