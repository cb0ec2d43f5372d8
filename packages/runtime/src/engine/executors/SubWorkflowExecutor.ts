import { TroupeError } from '@troupe/sdk';
import type { CompiledTask } from '../CompiledWorkflow.js';
import { createRun } from '../createRun.js';
import type { EngineContext } from '../EngineContext.js';
import type { LiveRun } from '../LiveRun.js';
import type { TaskExecutor } from './TaskExecutor.js';

/** Sub-workflows may nest this deep; deeper is almost surely a workflow starting itself through another. */
export const MAX_SUBWORKFLOW_DEPTH = 16;

/** The id of the child run a workflow task's attempt starts. */
export function childRunIdOf(run: LiveRun, task: CompiledTask, attempt: number): string {
  return `${run.runId}/${task.id}/${attempt}`;
}

/**
 * `workflow` tasks: start a child run (in the parent's slot) whose output is
 * the task's output and whose failure is the task's. Cancelling the parent
 * cancels the child.
 */
export class SubWorkflowExecutor implements TaskExecutor {
  constructor(private readonly ctx: EngineContext) {}

  async execute(run: LiveRun, task: CompiledTask, attempt: number, input: unknown): Promise<unknown> {
    const executor = task.executor;
    if (executor.type !== 'workflow') throw new TroupeError('E_INTERNAL', { reason: `task ${task.id} is not a workflow task` });
    if (run.depth + 1 > MAX_SUBWORKFLOW_DEPTH) {
      throw new TroupeError('E_TASK_FAILED', { taskId: task.id, reason: `sub-workflows are nested deeper than ${MAX_SUBWORKFLOW_DEPTH} levels` });
    }
    const workflow = this.ctx.descriptors.get('workflow', executor.workflowId) ?? executor.workflow;
    const childRoles = new Set((workflow.descriptor.payload.definition.roles ?? []).map((role) => role.roleId));
    const roleAssignments: Record<string, string> = {};
    for (const [roleId, personaId] of Object.entries(run.fold.roleAssignments)) if (childRoles.has(roleId)) roleAssignments[roleId] = personaId;
    const conversationId = run.fold.conversationId;
    const { run: child } = await createRun(
      this.ctx,
      workflow,
      { input, runId: childRunIdOf(run, task, attempt), roleAssignments, ...(conversationId !== undefined ? { conversationId } : {}) },
      { run, index: task.index, attempt },
    );
    const state = await child.untilEnded();
    if (state.status === 'completed') return state.output;
    throw new TroupeError(
      'E_TASK_FAILED',
      { taskId: task.id, reason: `sub-workflow run ${state.runId} ${state.status}${state.error ? `: ${state.error.message}` : ''}` },
      state.error ? { cause: state.error } : {},
    );
  }
}
