import { TroupeError, type ErrorInfo, type TaskUpdate } from '@troupe/sdk';
import { checkPayload } from './checkPayload.js';
import type { EngineContext } from './EngineContext.js';
import type { LiveRun } from './LiveRun.js';

/**
 * Tasks driven from outside: `running` marks a pending or ready task as
 * external (the engine never executes it); `completed`/`failed` end a task
 * that has not ended. Every update is checked first: a bad one rejects the
 * whole call and changes nothing.
 */
export function applyTaskUpdates(ctx: EngineContext, run: LiveRun, updates: readonly TaskUpdate[], actor: string | undefined): void {
  const runId = run.runId;
  if (run.phase === 'queued') {
    throw new TroupeError('E_TASK_UPDATE_INVALID', { runId, taskId: updates[0]?.taskId ?? '-', reason: 'the run has not started yet (it is queued)' });
  }
  const planned = new Map<string, string>();
  for (const update of updates) {
    const task = run.taskOf(update.taskId);
    const status = planned.get(update.taskId) ?? run.fold.tasks[update.taskId]!.status;
    const invalid = (reason: string): never => {
      throw new TroupeError('E_TASK_UPDATE_INVALID', { runId, taskId: update.taskId, reason });
    };
    if (update.status === 'running') {
      if (status !== 'pending' && status !== 'ready') invalid(`only a pending or ready task can be marked running; it is ${status}`);
    } else if (update.status === 'completed' || update.status === 'failed') {
      if (status === 'completed' || status === 'failed' || status === 'skipped' || status === 'cancelled') invalid(`it has already ended (${status})`);
      if (update.status === 'completed') {
        const refused = checkPayload(update.output, ctx.payloadLimits, `output of task ${task.id}`);
        if (refused) throw refused;
        const problems = task.checkOutput?.(update.output);
        if (problems) throw new TroupeError('E_OUTPUT_INVALID', { subject: `task ${task.id}`, problems });
      } else if (update.error !== undefined && typeof update.error?.message !== 'string') {
        invalid('error.message must be a string');
      }
    } else {
      invalid(`status must be running, completed or failed, not ${String((update as { status: unknown }).status)}`);
    }
    planned.set(update.taskId, update.status);
  }
  const who = actor ?? 'external';
  ctx.committer.audit(run, { actor: actor ?? 'host', action: 'task.updated', data: { updates: updates.map(({ taskId, status }) => ({ taskId, status })) } });
  const scheduler = ctx.scheduler;
  for (const update of updates) {
    const task = run.taskOf(update.taskId);
    if (run.phase !== 'active') break;
    if (update.status === 'running') {
      run.external[task.index] = 1;
      ctx.committer.emit(run, 'task.started', task.id, run.fold.tasks[task.id]!.attempt + 1, { external: true, actor: who });
      continue;
    }
    const attempt = run.fold.tasks[task.id]!.attempt;
    ctx.attempts.interrupt(run, task, `updated from outside by ${who}`);
    if (update.status === 'completed') {
      scheduler.completeTask(run, task, update.output, { external: true, actor: who });
    } else {
      const error: ErrorInfo = {
        code: update.error?.code ?? 'E_TASK_FAILED',
        message: ctx.secrets.scrub(update.error?.message ?? `Task ${task.id} failed (reported by ${who})`),
      };
      scheduler.failTask(run, task, error, attempt);
    }
  }
  scheduler.drain(run);
  scheduler.afterChange(run);
}
