import { TERMINAL_TASK_STATUSES, TroupeError, type HumanAnswer, type RunEvent, type RunFilter, type RunPage, type RunState, type TaskUpdate, type WorkflowDefinition } from '@troupe/sdk';
import { answerHumanTask } from './answerHumanTask.js';
import { applyTaskUpdates } from './applyTaskUpdates.js';
import type { CompiledWorkflow } from './CompiledWorkflow.js';
import { createRun } from './createRun.js';
import { EngineContext } from './EngineContext.js';
import type { EngineDependencies } from './EngineDependencies.js';
import { findWorkflow } from './findWorkflow.js';
import { planFor } from './planFor.js';
import type { EngineHealth, RunListener, RunsApi, StartWorkflowOptions } from './RunsApi.js';
import { isSettledRunStatus } from './runStatus.js';

export { MAX_SUBWORKFLOW_DEPTH } from './executors/SubWorkflowExecutor.js';

/**
 * Runs workflow definitions by itself: resolves roles and secrets, schedules
 * tasks as their dependencies end, executes them with retries, timeouts and
 * cancellation, compensates on failure, and records every transition as an
 * event. Events of the same tick go to the store in one commit; listeners
 * hear of them only after that commit resolved, in seq order.
 *
 * This class is the facade (RunsApi); the work is done by the parts of its
 * EngineContext: RunCommitter, RunSlots, RunScheduler, TaskAttempts, the
 * executors, RunEnding, RunCompensation and RunRecovery.
 */
export class WorkflowEngine implements RunsApi {
  private readonly ctx: EngineContext;

  constructor(deps: EngineDependencies) {
    this.ctx = new EngineContext(deps);
  }

  subscribe(listener: RunListener): () => void {
    return this.ctx.committer.subscribe(listener);
  }

  listDefinitions(): readonly WorkflowDefinition[] {
    return this.ctx.descriptors.list('workflow').map((active) => active.descriptor.payload.definition);
  }

  /** The compiled plan of the active definition (E_WORKFLOW_NOT_FOUND, E_WORKFLOW_INVALID): what `troupe validate` needs. */
  compile(definitionId: string, versionRange?: string): CompiledWorkflow {
    const workflow = findWorkflow(this.ctx.descriptors, definitionId, versionRange);
    return planFor(workflow.descriptor.payload.definition, this.ctx.descriptors, this.ctx.compileOptions);
  }

  async startWorkflow(definitionId: string, options: StartWorkflowOptions = {}): Promise<RunState> {
    this.ctx.assertUsable('start a run');
    const workflow = findWorkflow(this.ctx.descriptors, definitionId, options.versionRange);
    const { state } = await createRun(this.ctx, workflow, options, undefined);
    return state;
  }

  async getRun(runId: string): Promise<RunState> {
    const state = await this.ctx.store.getRun(runId);
    if (!state) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
    return state;
  }

  listRuns(filter?: RunFilter): Promise<RunPage> {
    return this.ctx.store.listRuns(filter);
  }

  getDefinition(runId: string): Promise<WorkflowDefinition | undefined> {
    return this.ctx.store.getDefinition(runId);
  }

  async readEvents(runId: string, afterSeq?: number, limit?: number): Promise<readonly RunEvent[]> {
    const store = this.ctx.store;
    const events = await store.readEvents(runId, afterSeq, limit);
    if (events.length === 0 && !(await store.getRun(runId))) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
    return events;
  }

  async wait(runId: string, options: { readonly untilTerminal?: boolean; readonly signal?: AbortSignal } = {}): Promise<RunState> {
    const untilTerminal = options.untilTerminal ?? false;
    const run = this.ctx.runs.get(runId);
    if (!run || run.phase === 'detached' || isSettledRunStatus(run.persistedStatus, untilTerminal)) return this.getRun(runId);
    options.signal?.throwIfAborted();
    return new Promise<RunState>((resolve, reject) => {
      const signal = options.signal;
      const onAbort = (): void => {
        const at = run.waiters.indexOf(waiter);
        if (at >= 0) run.waiters.splice(at, 1);
        reject(signal!.reason);
      };
      const waiter = {
        untilTerminal,
        resolve: (state: RunState) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(state);
        },
        reject: (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      run.waiters.push(waiter);
    });
  }

  /**
   * Cancels a run this engine drives or can adopt, or a stored run nobody can
   * drive (paused), and with it the child runs of its unfinished tasks.
   */
  async cancel(runId: string, reason = 'cancelled', actor?: string): Promise<RunState> {
    const { run, stored } = await this.ctx.recovery.cancellable(runId);
    // Taken before the tasks end: a child this engine drives ends with its parent, any other (paused) after it.
    const children = unfinishedChildRuns(run.fold.tasks);
    if (stored) this.ctx.recovery.cancelStored(run, reason, actor);
    else this.ctx.ending.cancelRun(run, reason, actor);
    this.ctx.committer.audit(run, { actor: actor ?? 'host', action: 'run.cancelled', data: { reason } });
    await this.ctx.committer.persisted();
    // Another process wrote the run meanwhile: the store refused this cancellation.
    if (run.failure !== undefined) throw run.failure;
    for (const childRunId of children) await this.cancelChildRun(childRunId, reason, actor);
    return this.getRun(runId);
  }

  /**
   * Cancels a child run unless it already ended (with its parent, or before).
   * One that another engine drives is left to it: the parent is cancelled either way.
   */
  private async cancelChildRun(runId: string, reason: string, actor: string | undefined): Promise<void> {
    try {
      await this.cancel(runId, reason, actor);
    } catch (error) {
      if (!(error instanceof TroupeError)) throw error;
      if (error.code === 'E_RUN_TERMINAL' || error.code === 'E_RUN_NOT_FOUND') return;
      if (error.code !== 'E_RUN_NOT_LIVE') throw error;
      this.ctx.logger.warn({ runId, status: error.details.status }, 'a child run another engine drives was not cancelled with its parent');
    }
  }

  async answerHumanTask(runId: string, taskId: string, answer: HumanAnswer): Promise<RunState> {
    const run = await this.ctx.recovery.liveRun(runId);
    answerHumanTask(this.ctx, run, taskId, answer);
    await this.ctx.committer.persisted();
    return this.getRun(runId);
  }

  async resume(runId: string): Promise<RunState> {
    await this.ctx.recovery.resumeStored(runId);
    return this.getRun(runId);
  }

  async applyTaskUpdates(runId: string, updates: readonly TaskUpdate[], actor?: string): Promise<RunState> {
    const run = await this.ctx.recovery.liveRun(runId);
    applyTaskUpdates(this.ctx, run, updates, actor);
    await this.ctx.committer.persisted();
    return this.getRun(runId);
  }

  health(): EngineHealth {
    const committer = this.ctx.committer;
    if (committer.broken !== undefined) return { ok: false, error: committer.storeError().toJSON() };
    if (committer.storeFailure !== undefined) return { ok: false, error: committer.storeFailure.toJSON() };
    return { ok: true };
  }

  /**
   * Stops driving runs: timers are cleared and executors aborted, but nothing
   * is recorded as cancelled, so a later engine on the same store can resume
   * the runs. Resolves when everything recorded so far is persisted.
   */
  async close(): Promise<void> {
    const ctx = this.ctx;
    if (ctx.closed) return;
    ctx.closed = true;
    const reason = new TroupeError('E_HOST_STATE', { action: 'run tasks', state: 'stopping' });
    for (const run of ctx.runs.values()) {
      if (run.phase === 'ended') continue;
      run.phase = 'detached';
      run.clearTimers(ctx.clock);
      run.abortExecutors(reason);
    }
    await ctx.committer.persisted().catch(() => undefined);
    for (const run of ctx.runs.values()) {
      for (const waiter of run.waiters.splice(0)) waiter.reject(reason);
    }
    ctx.runs.clear();
    ctx.slots.clear();
  }

  /**
   * Resumes every unfinished run of the store (after a restart): completed
   * tasks keep their outputs, tasks that were in flight run again as a new
   * attempt with the same idempotency key, retry timers are rebuilt, human
   * tasks keep waiting. A run whose pinned definition no longer compiles
   * against the active descriptors pauses with E_PACK_INCOMPATIBLE.
   */
  recover(): Promise<{ readonly resumed: readonly string[]; readonly paused: readonly string[] }> {
    return this.ctx.recovery.recover();
  }
}

/** The child runs of tasks that have not ended (a sub-workflow task records its child's run id when it starts). */
function unfinishedChildRuns(tasks: RunState['tasks']): string[] {
  const children: string[] = [];
  for (const task of Object.values(tasks)) {
    if (task.childRunId === undefined) continue;
    if (TERMINAL_TASK_STATUSES.includes(task.status)) continue;
    children.push(task.childRunId);
  }
  return children;
}
