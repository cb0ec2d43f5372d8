import { TroupeError, type HumanAnswer } from '@troupe/sdk';
import { checkPayload } from './checkPayload.js';
import type { EngineContext } from './EngineContext.js';
import type { LiveRun } from './LiveRun.js';

/**
 * Applies an answer to a task that waits for a human: a human task
 * (`approval` or `input`) or a guardrail's require_approval. Checks it first
 * (E_TASK_NOT_AWAITING, E_ANSWER_INVALID), records `task.answered`, then
 * completes, fails (E_TASK_REJECTED) or lets the task run on.
 */
export function answerHumanTask(ctx: EngineContext, run: LiveRun, taskId: string, answer: HumanAnswer): void {
  const runId = run.runId;
  const task = run.taskOf(taskId);
  // A value the store cannot take is refused before a schema or the scrubber walks it.
  const refused = checkPayload(answer, ctx.payloadLimits, `answer to task ${taskId}`);
  if (refused) throw refused;
  const state = run.fold.tasks[taskId]!;
  if (state.status !== 'awaiting_input') throw new TroupeError('E_TASK_NOT_AWAITING', { runId, taskId, status: state.status });
  const approval = run.pendingApprovals.get(task.index);
  const mode = approval || task.executor.type !== 'human' ? 'approval' : task.executor.mode;
  const value = answer as { approved?: unknown; comment?: unknown; value?: unknown; actor?: unknown };
  const problems: string[] = [];
  if (answer === null || typeof answer !== 'object') problems.push('the answer must be an object');
  else if (mode === 'approval') {
    if (typeof value.approved !== 'boolean') problems.push('"approved" must be true or false');
    if (value.comment !== undefined && typeof value.comment !== 'string') problems.push('"comment" must be a string');
  } else if (!('value' in answer)) {
    problems.push('"value" is required');
  } else {
    problems.push(...(task.checkInput?.(value.value) ?? []));
  }
  if (value?.actor !== undefined && typeof value.actor !== 'string') problems.push('"actor" must be a string');
  if (problems.length > 0) throw new TroupeError('E_ANSWER_INVALID', { runId, taskId, problems });

  const actor = (value.actor as string | undefined) ?? 'anonymous';
  const comment = value.comment as string | undefined;
  const recorded: Record<string, unknown> = { actor, mode };
  if (mode === 'approval') recorded.approved = value.approved;
  else recorded.value = value.value;
  if (comment !== undefined) recorded.comment = comment;
  ctx.committer.emit(run, 'task.answered', taskId, state.attempt, recorded);
  ctx.committer.audit(run, {
    actor,
    action: 'task.answered',
    taskId,
    data: {
      ...(mode === 'approval' ? { approved: value.approved } : { mode: 'input' }),
      ...(comment !== undefined ? { comment } : {}),
      attempt: state.attempt,
      ...(approval ? { guardrail: true, phase: approval.phase } : {}),
    },
  });

  const scheduler = ctx.scheduler;
  if (mode === 'input') {
    scheduler.completeTask(run, task, value.value, { actor });
  } else if (value.approved !== true) {
    run.pendingApprovals.delete(task.index);
    const error = new TroupeError('E_TASK_REJECTED', { taskId, actor, comment: comment ?? '(no comment)' }).toJSON();
    scheduler.failTask(run, task, ctx.secrets.scrubValue(error), state.attempt);
  } else if (approval) {
    run.pendingApprovals.delete(task.index);
    if (approval.phase === 'output') {
      scheduler.completeTask(run, task, approval.payload, { actor });
    } else {
      run.inputs[task.index] = approval.payload;
      run.inputApproved[task.index] = 1;
      scheduler.enqueue(run, task.index);
    }
  } else if (task.executor.type !== 'human') {
    // A guardrail approval whose payload was lost with a restart: run the task again, its input approved.
    run.inputApproved[task.index] = 1;
    scheduler.enqueue(run, task.index);
  } else {
    scheduler.completeTask(run, task, { approved: true, ...(comment !== undefined ? { comment } : {}), actor }, { actor });
  }
  scheduler.drain(run);
  scheduler.afterChange(run);
}
