import { isInstanceSafely, TroupeError } from '@troupe/sdk';
import { ApprovalRequired } from './ApprovalRequired.js';
import { checkPayload } from './checkPayload.js';
import type { CompiledTask } from './CompiledWorkflow.js';
import { DynamicTasks } from './DynamicTasks.js';
import type { TaskInstanceRef } from './executors/TaskExecutor.js';
import type { EngineContext } from './EngineContext.js';
import type { LiveRun } from './LiveRun.js';
import { isRetryable, retryDelay } from './retryDelay.js';
import { toTaskError } from './toTaskError.js';

/**
 * One attempt of a task at a time: its timeout, the checks around the
 * executor (schemas, policy), and what a failure leads to (a guardrail
 * approval, a retry after backoff, or the task failing). A result that comes
 * after its attempt was settled another way (timeout, cancel, update from
 * outside) is ignored: the attempt's controller fences it.
 */
export class TaskAttempts {
  private readonly dynamic: DynamicTasks;

  constructor(private readonly ctx: EngineContext) {
    this.dynamic = new DynamicTasks(ctx, this.checkedCall);
  }

  async run(run: LiveRun, task: CompiledTask, attempt: number): Promise<void> {
    const index = task.index;
    const controller = new AbortController();
    run.controllers[index] = controller;
    const timeoutMs = task.timeoutMs ?? this.ctx.defaultTaskTimeoutMs;
    if (timeoutMs !== undefined) {
      run.timeouts[index] = this.ctx.clock.setTimeout(() => this.onTimeout(run, task, attempt, controller, timeoutMs), timeoutMs);
    }
    let output: unknown;
    let failure: unknown;
    let failed = false;
    try {
      output = await (task.direct ? this.callDirect(run, task, attempt, controller) : this.execute(run, task, attempt, controller));
    } catch (error) {
      failed = true;
      failure = error;
    }
    // Fenced: a timeout, a cancel or an update from outside already settled this attempt.
    if (run.controllers[index] !== controller) return;
    if (!failed) {
      // An output the store cannot take fails this task, before the scrubber or the store see it.
      const refused = checkPayload(output, this.ctx.payloadLimits, `output of task ${task.id}`);
      if (refused) {
        failed = true;
        failure = refused;
      }
    }
    this.end(run, index);
    const scheduler = this.ctx.scheduler;
    if (failed) this.failed(run, task, attempt, failure);
    else scheduler.completeTask(run, task, output, undefined);
    scheduler.drain(run);
    scheduler.afterChange(run);
  }

  /** The attempt in flight is over: its controller and timeout go, its running slot is freed. */
  end(run: LiveRun, index: number): void {
    run.controllers[index] = undefined;
    const timer = run.timeouts[index];
    if (timer !== undefined) {
      this.ctx.clock.clearTimeout(timer);
      run.timeouts[index] = undefined;
    }
    run.running--;
  }

  private onTimeout(run: LiveRun, task: CompiledTask, attempt: number, controller: AbortController, timeoutMs: number): void {
    run.timeouts[task.index] = undefined;
    if (run.controllers[task.index] !== controller) return;
    const error = new TroupeError('E_TASK_TIMEOUT', { taskId: task.id, timeoutMs });
    this.end(run, task.index);
    controller.abort(error);
    this.ctx.ending.cancelChild(run, task.index, `task ${task.id} timed out`);
    this.failed(run, task, attempt, error);
    this.ctx.scheduler.drain(run);
    this.ctx.scheduler.afterChange(run);
  }

  /** The hot path of a tool or code task with nothing to check around it: no extra async frame. */
  private callDirect(run: LiveRun, task: CompiledTask, attempt: number, controller: AbortController): unknown {
    const input = this.ctx.scheduler.taskInput(run, task);
    const type = task.executor.type;
    if (type === 'human') return this.execute(run, task, attempt, controller);
    return this.ctx.executors[type].execute(run, task, attempt, input, controller);
  }

  /** An attempt with its checks; a forEach or loop task runs its instances, each with the checks. */
  private execute(run: LiveRun, task: CompiledTask, attempt: number, controller: AbortController): Promise<unknown> {
    if (task.forEach || task.loop) return this.dynamic.run(run, task, attempt, controller);
    return this.checkedCall(run, task, attempt, this.ctx.scheduler.taskInput(run, task), controller);
  }

  /** One executor call with its checks: task input schema, input guardrails, the executor, output schema, output guardrails. */
  private readonly checkedCall = async (
    run: LiveRun,
    task: CompiledTask,
    attempt: number,
    taskInput: unknown,
    controller: AbortController,
    instance?: TaskInstanceRef,
  ): Promise<unknown> => {
    let input = taskInput;
    if (task.checkInput) {
      const problems = task.checkInput(input);
      if (problems) throw new TroupeError('E_INPUT_INVALID', { problems, schemaOf: `the inputSchema of task ${task.id}` });
    }
    if (task.policyTags.length > 0 && !run.inputApproved[task.index]) input = await this.ctx.taskPolicy.check(run, task, attempt, 'input', input, controller.signal);
    const type = task.executor.type;
    if (type === 'human') throw new TroupeError('E_INTERNAL', { reason: `human task ${task.id} has no executor to run` });
    let output = await this.ctx.executors[type].execute(run, task, attempt, input, controller, instance);
    if (task.checkOutput) {
      const problems = task.checkOutput(output);
      if (problems) throw new TroupeError('E_OUTPUT_INVALID', { subject: `task ${task.id}`, problems });
    }
    if (task.policyTags.length > 0) output = await this.ctx.taskPolicy.check(run, task, attempt, 'output', output, controller.signal);
    return output;
  };

  /** A failed attempt: wait for a guardrail approval, retry after backoff, or fail the task. */
  failed(run: LiveRun, task: CompiledTask, attempt: number, failure: unknown): void {
    const committer = this.ctx.committer;
    if (isInstanceSafely(failure, ApprovalRequired)) {
      run.pendingApprovals.set(task.index, { phase: failure.phase, attempt, payload: failure.payload });
      committer.emit(run, 'task.awaiting_input', task.id, attempt, {
        mode: 'approval',
        guardrail: true,
        phase: failure.phase,
        reason: failure.reason,
        ...(failure.guardrailIds.length > 0 ? { guardrailIds: failure.guardrailIds } : {}),
        // What the task goes on with once approved, stored so an approval from another process (troupe approve) runs nothing twice.
        payload: failure.payload,
      });
      if (task.executor.type === 'gmi') committer.emitSeat(run, task.executor.roleId, { status: 'waiting', taskId: task.id });
      return;
    }
    const error = toTaskError(task, failure, this.ctx.secrets);
    if (isRetryable(task.retry, attempt, error.code)) {
      const delayMs = retryDelay(task.retry!, attempt, this.ctx.random);
      const nextAttemptAt = this.ctx.clock.now() + delayMs;
      committer.emit(run, 'task.retry_scheduled', task.id, attempt, { error, nextAttemptAt, delayMs });
      if (task.executor.type === 'gmi') committer.emitSeat(run, task.executor.roleId, { status: 'waiting', taskId: task.id });
      this.scheduleRetry(run, task, delayMs);
      return;
    }
    this.ctx.scheduler.failTask(run, task, error, attempt);
  }

  scheduleRetry(run: LiveRun, task: CompiledTask, delayMs: number): void {
    run.retryWaiting++;
    run.retryTimers[task.index] = this.ctx.clock.setTimeout(() => {
      run.retryTimers[task.index] = undefined;
      run.retryWaiting--;
      if (run.phase !== 'active' || run.fold.tasks[task.id]!.status !== 'retry_wait') return;
      const scheduler = this.ctx.scheduler;
      scheduler.enqueue(run, task.index);
      scheduler.drain(run);
      scheduler.afterChange(run);
    }, delayMs);
  }

  /** Stops whatever runs a task (executor, timers, child run) because it is settled some other way. */
  interrupt(run: LiveRun, task: CompiledTask, reason: string): void {
    const index = task.index;
    const controller = run.controllers[index];
    if (controller) {
      this.end(run, index);
      controller.abort(new TroupeError('E_TASK_UPDATE_INVALID', { runId: run.runId, taskId: task.id, reason }));
    }
    const retryTimer = run.retryTimers[index];
    if (retryTimer !== undefined) {
      this.ctx.clock.clearTimeout(retryTimer);
      run.retryTimers[index] = undefined;
      run.retryWaiting--;
    }
    run.pendingApprovals.delete(index);
    this.ctx.ending.cancelChild(run, index, reason);
  }
}
