import { TroupeError, type RunEvent, type RunState } from '@troupe/sdk';
import type { ActiveDescriptor } from '../registry/DescriptorRegistry.js';
import { checkPayload } from './checkPayload.js';
import type { EngineContext } from './EngineContext.js';
import { LiveRun, type ParentLink } from './LiveRun.js';
import { pinOf, prepareRun } from './prepareRun.js';
import { RunFold, type RunCreatedData } from './RunFold.js';
import type { StartWorkflowOptions } from './RunsApi.js';

/**
 * Starts a run: everything that can refuse it is checked before anything is
 * stored (E_RUN_EXISTS, E_WORKFLOW_INVALID, E_ROLE_UNRESOLVED,
 * E_DESCRIPTOR_NOT_FOUND, E_SECRET_MISSING, E_INPUT_INVALID); then
 * `run.created` is persisted and the run is admitted (at once, or queued for a slot).
 */
export async function createRun(
  ctx: EngineContext,
  workflow: ActiveDescriptor<'workflow'>,
  options: StartWorkflowOptions,
  parent: ParentLink | undefined,
): Promise<{ run: LiveRun; state: RunState }> {
  const definition = workflow.descriptor.payload.definition;
  // Before anything else: a value the store cannot take must not get as far as a schema or the scrubber.
  const refused = checkPayload(options.input, ctx.payloadLimits, 'input of the run') ?? checkPayload(options.context, ctx.payloadLimits, 'context of the run');
  if (refused) throw refused;
  const runId = options.runId ?? ctx.newRunId();
  if (ctx.runs.has(runId) || ctx.reservedIds.has(runId)) throw new TroupeError('E_RUN_EXISTS', { runId });
  const prepared = prepareRun(ctx, definition, options.roleAssignments ?? {});
  const { plan, roles, providers } = prepared;
  if (plan.checkGoal) {
    const problems = plan.checkGoal(options.input);
    if (problems) throw new TroupeError('E_INPUT_INVALID', { problems, schemaOf: `the goalSchema of workflow ${definition.id}` });
  }
  ctx.reservedIds.add(runId);
  try {
    if (options.runId !== undefined && (await ctx.store.getRun(runId))) throw new TroupeError('E_RUN_EXISTS', { runId });
  } finally {
    ctx.reservedIds.delete(runId);
  }
  ctx.assertUsable('start a run');
  if (ctx.runs.has(runId)) throw new TroupeError('E_RUN_EXISTS', { runId });

  const roleAssignments: Record<string, string> = {};
  for (const [roleId, role] of Object.entries(roles)) roleAssignments[roleId] = role.personaId;
  // Like every event's data, scrubbed: a secret pasted into the input is stored as [REDACTED].
  const data: RunCreatedData = ctx.secrets.scrubValue({
    pin: pinOf(workflow, prepared),
    input: options.input,
    roleAssignments,
    taskIds: plan.runnableIds,
    conversationId: options.conversationId,
    parentRunId: parent?.run.runId,
    parentTaskId: parent ? parent.run.plan.tasks[parent.index]!.id : undefined,
    context: options.context,
  });
  const event: RunEvent = { runId, seq: 1, type: 'run.created', at: ctx.clock.now(), data: data as unknown as Record<string, unknown> };
  const run = new LiveRun(plan, RunFold.created(event), roles, providers, parent ? parent.run.depth + 1 : 0);
  for (const [key, values] of prepared.secrets) run.secrets.set(key, values);
  run.created = definition;
  run.events.push(event);
  for (const id of data.taskIds) run.changedTasks.add(id);
  for (const roleId of Object.keys(roleAssignments)) run.changedSeats.add(roleId);
  if (ctx.committer.listening) run.updates = [{ event, progress: run.fold.progress() }];
  ctx.runs.set(runId, run);
  if (parent) {
    run.parent = parent;
    parent.run.children.set(parent.index, run);
  }
  const { pin } = data;
  ctx.committer.audit(run, {
    actor: options.actor ?? (parent ? `run:${parent.run.runId}` : 'host'),
    action: 'run.started',
    data: {
      workflowId: pin.definitionId,
      version: pin.definitionVersion,
      definitionHash: pin.definitionHash,
      packVersions: pin.packVersions,
      ...(parent ? { parentRunId: parent.run.runId } : {}),
    },
  });
  try {
    await ctx.committer.persisted();
  } catch (error) {
    ctx.runs.delete(runId);
    throw error;
  }
  if (run.failure !== undefined) throw run.failure;
  if (run.phase === 'queued' && !run.waitingForSlot) ctx.slots.admit(run);
  return { run, state: run.fold.snapshot() };
}
