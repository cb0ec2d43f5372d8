import { TroupeError, type ErrorInfo } from '@troupe/sdk';
import type { EngineContext } from './EngineContext.js';
import type { LiveRun } from './LiveRun.js';

/**
 * How a run ends other than by completing: failing (stop every task, then
 * compensate, then `run.failed`) or cancelling (stop every task, `run.cancelled`,
 * no compensation); and what every ending does (timers cleared, slot given back).
 */
export class RunEnding {
  constructor(private readonly ctx: EngineContext) {}

  /**
   * `abortReason` is what running executors see as their signal's reason
   * (a run timeout passes its E_RUN_TIMEOUT); by default E_RUN_CANCELLED.
   */
  failRun(run: LiveRun, error: ErrorInfo, abortReason?: TroupeError): void {
    if (run.phase !== 'active' && run.phase !== 'queued') return;
    run.phase = 'ending';
    this.stopTasks(run, { reason: `run failed (${error.code})` }, abortReason);
    void this.ctx.compensation.compensate(run).then(
      () => {
        if (run.phase !== 'ending') return;
        this.ctx.committer.emit(run, 'run.failed', undefined, undefined, { error });
        this.finishRun(run);
      },
      (unexpected: unknown) => this.ctx.logger.error({ err: unexpected, runId: run.runId }, 'compensation crashed'),
    );
  }

  cancelRun(run: LiveRun, reason: string, actor: string | undefined): void {
    if (run.phase !== 'active' && run.phase !== 'queued') return;
    run.phase = 'ending';
    const error = new TroupeError('E_RUN_CANCELLED', { runId: run.runId, reason: this.ctx.secrets.scrub(reason) }).toJSON();
    this.stopTasks(run, { reason: 'run cancelled', error });
    this.ctx.committer.emit(run, 'run.cancelled', undefined, undefined, { error, ...(actor !== undefined ? { actor } : {}) });
    this.finishRun(run);
  }

  /** Cancels the child run a task started, if any. */
  cancelChild(run: LiveRun, index: number, reason: string): void {
    const child = run.children.get(index);
    if (!child) return;
    run.children.delete(index);
    this.cancelRun(child, reason, undefined);
  }

  finishRun(run: LiveRun): void {
    run.phase = 'ended';
    run.clearTimers(this.ctx.clock);
    this.ctx.slots.release(run);
    run.streams.clear();
    run.queuedStreams.length = 0;
  }

  /** Ends every unfinished task as cancelled, aborting executors and child runs. */
  private stopTasks(run: LiveRun, data: { readonly reason: string; readonly error?: ErrorInfo }, abortReason?: TroupeError): void {
    run.clearTimers(this.ctx.clock);
    this.ctx.slots.release(run);
    abortReason ??= new TroupeError('E_RUN_CANCELLED', { runId: run.runId, reason: data.reason });
    const committer = this.ctx.committer;
    for (const index of run.plan.runnable) {
      const task = run.plan.tasks[index]!;
      const status = run.fold.tasks[task.id]!.status;
      if (status === 'completed' || status === 'failed' || status === 'skipped' || status === 'cancelled') continue;
      const controller = run.controllers[index];
      if (controller) {
        this.ctx.attempts.end(run, index);
        controller.abort(abortReason);
      }
      this.cancelChild(run, index, data.reason);
      committer.emit(run, 'task.cancelled', task.id, undefined, data);
      if (task.executor.type === 'gmi' && (status === 'running' || status === 'retry_wait' || status === 'awaiting_input')) {
        run.streams.delete(task.executor.roleId);
        committer.emitSeat(run, task.executor.roleId, { status: 'idle', taskId: task.id });
      }
      run.unfinished--;
    }
    run.running = 0;
    run.retryWaiting = 0;
    run.readyQueue.length = 0;
    run.readyHead = 0;
    run.released.length = 0;
    run.pendingApprovals.clear();
  }
}
