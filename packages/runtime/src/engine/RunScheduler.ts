import { TroupeError, type ErrorInfo } from '@troupe/sdk';
import { isTruthy } from '../expressions/compileExpression.js';
import { previewOf } from './buildModelMessages.js';
import type { CompiledTask } from './CompiledWorkflow.js';
import type { EngineContext } from './EngineContext.js';
import { childRunIdOf } from './executors/SubWorkflowExecutor.js';
import type { LiveRun } from './LiveRun.js';

/**
 * Advances a run's task graph: decides each task once its dependencies ended
 * (join policy, `when`), starts it or queues it under maxParallelTasks, records
 * outcomes and tells dependants, and completes the run when every task ended.
 * Dependants (and the run's completion) are told only after the commit that
 * records an ending resolved, so no task starts on an outcome a crash could lose.
 * Each step is O(1): remaining-dependency counters and precomputed dependants.
 */
export class RunScheduler {
  constructor(private readonly ctx: EngineContext) {}

  /** The run got its slot: it starts, its timeout is armed and its roots are decided. */
  activate(run: LiveRun): void {
    run.phase = 'active';
    this.ctx.committer.emit(run, 'run.started');
    const timeoutMs = run.plan.definition.timeoutMs;
    if (timeoutMs !== undefined) this.armRunTimeout(run, timeoutMs, timeoutMs);
    for (const index of run.plan.roots) {
      if (run.phase !== 'active') return;
      this.depsEnded(run, index);
    }
    this.drain(run);
    this.afterChange(run);
  }

  /** Fails the run with E_RUN_TIMEOUT after `delayMs`. */
  armRunTimeout(run: LiveRun, timeoutMs: number, delayMs: number): void {
    run.runTimer = this.ctx.clock.setTimeout(() => {
      run.runTimer = undefined;
      // Running executors see the run's own error as their signal's reason, as documented.
      const timedOut = new TroupeError('E_RUN_TIMEOUT', { runId: run.runId, timeoutMs });
      this.ctx.ending.failRun(run, timedOut.toJSON(), timedOut);
    }, delayMs);
  }

  /** Every dependency of a task has ended: decide by joinPolicy and `when` whether it runs. */
  depsEnded(run: LiveRun, index: number): void {
    const task = run.plan.tasks[index]!;
    if (run.fold.tasks[task.id]!.status !== 'pending') return; // e.g. completed from outside meanwhile
    const total = task.deps.length;
    if (total > 0) {
      const completed = run.completedDeps[index]!;
      const failed = run.failedDeps[index]!;
      if (task.join === 'any_completed') {
        if (failed > 0) {
          const dependency = task.deps.map((d) => run.plan.tasks[d]!.id).find((id) => {
            const status = run.fold.tasks[id]!.status;
            return status === 'failed' || status === 'cancelled';
          });
          this.failTask(run, task, new TroupeError('E_DEPENDENCY_FAILED', { taskId: task.id, dependency: dependency ?? '?' }).toJSON(), undefined);
          return;
        }
        if (completed === 0) return this.skipTask(run, task, 'dependencies_skipped');
      } else if (task.join === 'all_completed' && completed < total) {
        return this.skipTask(run, task, 'dependencies_not_completed');
      }
    }
    if (task.when && !isTruthy(task.when.evaluate(run.scope))) return this.skipTask(run, task, 'when');
    this.enqueue(run, index);
  }

  /** Starts the task now if the run has room, else queues it (status ready) in FIFO order. */
  enqueue(run: LiveRun, index: number): void {
    const task = run.plan.tasks[index]!;
    if (task.executor.type === 'human' && !run.inputApproved[index]) {
      this.awaitHuman(run, task);
      return;
    }
    if (!run.slotted || run.running >= run.maxParallel || run.readyHead < run.readyQueue.length) {
      run.readyQueue.push(index);
      if (run.fold.tasks[task.id]!.status !== 'ready') this.ctx.committer.emit(run, 'task.ready', task.id);
      if (!run.slotted) this.ctx.slots.request(run);
      return;
    }
    this.startTask(run, task);
  }

  /** Starts queued tasks while the run has room. */
  drain(run: LiveRun): void {
    if (run.phase !== 'active') return;
    while (run.slotted && run.running < run.maxParallel && run.readyHead < run.readyQueue.length) {
      const index = run.readyQueue[run.readyHead++]!;
      const task = run.plan.tasks[index]!;
      if (run.fold.tasks[task.id]!.status === 'ready' && !run.external[index]) this.startTask(run, task);
    }
    if (run.readyHead > 0 && run.readyHead === run.readyQueue.length) {
      run.readyQueue.length = 0;
      run.readyHead = 0;
    }
  }

  private startTask(run: LiveRun, task: CompiledTask): void {
    const attempt = run.fold.tasks[task.id]!.attempt + 1;
    run.running++;
    const executor = task.executor;
    const committer = this.ctx.committer;
    if (executor.type === 'workflow' && !task.loop) {
      committer.emit(run, 'task.started', task.id, attempt, { childRunId: childRunIdOf(run, task, attempt) });
    } else {
      committer.emit(run, 'task.started', task.id, attempt);
    }
    if (executor.type === 'gmi') committer.emitSeat(run, executor.roleId, { status: 'working', taskId: task.id, attempt });
    void this.ctx.attempts.run(run, task, attempt);
  }

  private awaitHuman(run: LiveRun, task: CompiledTask): void {
    const executor = task.executor;
    if (executor.type !== 'human') return;
    const input = this.taskInput(run, task);
    const attempt = run.fold.tasks[task.id]!.attempt + 1;
    this.ctx.committer.emit(run, 'task.awaiting_input', task.id, attempt, {
      mode: executor.mode,
      ...(executor.prompt !== undefined ? { prompt: executor.prompt } : {}),
      ...(executor.assignee !== undefined ? { assignee: executor.assignee } : {}),
      input,
    });
  }

  /** The task's input, built once when it first starts (undefined is a valid input, so a flag marks it built). */
  taskInput(run: LiveRun, task: CompiledTask): unknown {
    let input = run.inputs[task.index];
    if (!run.inputBuilt[task.index]) {
      input = task.input ? task.input(run.scope) : this.defaultInput(run, task);
      run.inputs[task.index] = input;
      run.inputBuilt[task.index] = 1;
    }
    return input;
  }

  /** `{ input, upstream }`: the run input and the output of every completed dependency. */
  defaultInput(run: LiveRun, task: CompiledTask): { input: unknown; upstream: Record<string, unknown> } {
    // Null prototype: each task adds a different key, and plain objects would grow a hidden class per task id.
    const upstream = Object.create(null) as Record<string, unknown>;
    for (const d of task.deps) {
      const dep = run.fold.tasks[run.plan.tasks[d]!.id]!;
      if (dep.status === 'completed') upstream[dep.id] = dep.output;
    }
    return { input: run.fold.input, upstream };
  }

  completeTask(run: LiveRun, task: CompiledTask, output: unknown, extra: Readonly<Record<string, unknown>> | undefined): void {
    const attempt = run.fold.tasks[task.id]!.attempt;
    const handoff = run.handoffs.get(task.index);
    if (handoff) run.handoffs.delete(task.index);
    const data: Record<string, unknown> = { output };
    if (handoff) data.handoff = handoff;
    if (extra) Object.assign(data, extra);
    const committer = this.ctx.committer;
    committer.emit(run, 'task.completed', task.id, attempt, data);
    if (task.executor.type === 'gmi') {
      run.streams.delete(task.executor.roleId);
      // Scrubbed whole before it is cut: a cut must not leave half a secret unrecognised.
      const text = typeof output === 'string' ? output : (JSON.stringify(output) ?? '');
      committer.emitSeat(run, task.executor.roleId, { status: 'done', taskId: task.id, preview: previewOf(this.ctx.secrets.scrub(text)) });
    }
    run.completionOrder.push(task.index);
    run.unfinished--;
    this.settled(run, task.index);
  }

  failTask(run: LiveRun, task: CompiledTask, error: ErrorInfo, attempt: number | undefined): void {
    this.ctx.committer.emit(run, 'task.failed', task.id, attempt, { error });
    if (task.executor.type === 'gmi' && attempt !== undefined) {
      run.streams.delete(task.executor.roleId);
      this.ctx.committer.emitSeat(run, task.executor.roleId, { status: 'failed', taskId: task.id, preview: previewOf(error.message) });
    }
    run.unfinished--;
    if (!task.failureHandled) {
      // Nothing in the graph takes this failure over: the run fails now (fail fast, then compensate).
      this.ctx.ending.failRun(run, runErrorOf(task, error));
      return;
    }
    this.settled(run, task.index);
  }

  private skipTask(run: LiveRun, task: CompiledTask, reason: string): void {
    this.ctx.committer.emit(run, 'task.skipped', task.id, undefined, { reason });
    run.unfinished--;
    this.settled(run, task.index);
  }

  /**
   * An ended task's dependants are told once the commit that records the
   * ending resolved (see `releaseEnded`); with durability "batched", in the
   * next microtask instead, while the ending waits for a later commit.
   */
  private settled(run: LiveRun, index: number): void {
    run.released.push(index);
    if (this.ctx.durability === 'batched' && !run.releaseQueued) {
      run.releaseQueued = true;
      queueMicrotask(() => this.releaseNow(run));
    }
  }

  /** Durability "batched": tells the dependants of the endings so far without waiting for their commit. */
  private releaseNow(run: LiveRun): void {
    // After a long burst of synchronous tools: once timers and I/O had a turn (still queued meanwhile).
    const turn = this.ctx.turns.check();
    if (turn) {
      void turn.then(() => this.releaseNow(run));
      return;
    }
    run.releaseQueued = false;
    const ended = run.released;
    if (ended.length === 0) return;
    run.released = [];
    this.releaseEnded(run, ended);
  }

  /**
   * The commit that recorded these endings resolved: tells their dependants,
   * in one pass for the batch, then starts what became ready and finishes the
   * run if everything ended. A skip decided here waits for its own commit in turn.
   */
  releaseEnded(run: LiveRun, ended: readonly number[]): void {
    if (run.phase !== 'active') return;
    const { tasks } = run.plan;
    for (let i = 0; i < ended.length; i++) {
      const task = tasks[ended[i]!]!;
      const status = run.fold.tasks[task.id]!.status;
      const completed = status === 'completed';
      const failed = status === 'failed' || status === 'cancelled';
      for (const d of task.dependants) {
        if (completed) run.completedDeps[d]!++;
        else if (failed) run.failedDeps[d]!++;
        if (--run.remaining[d]! === 0) this.depsEnded(run, d);
        if (run.phase !== 'active') return;
      }
    }
    this.drain(run);
    this.afterChange(run);
  }

  /** After any change: finish the run when every task ended, or give its slot back while it only waits. */
  afterChange(run: LiveRun): void {
    if (run.phase !== 'active') return;
    // Endings not yet durable still have dependants (or a failing run's compensation) to release.
    const releasing = run.released.length > 0 || run.releasing.length > 0;
    if (run.unfinished === 0) {
      this.completeRun(run, !releasing);
      return;
    }
    if (run.holdsSlot && !releasing && run.running === 0 && run.retryWaiting === 0 && run.readyHead >= run.readyQueue.length) {
      // Waiting for a human or an external system holds no worker.
      this.ctx.slots.release(run);
    }
  }

  /**
   * Every task ended. A run whose output passes completes at once, also while
   * its last endings are not yet durable: releasing them would start nothing,
   * and its completion is written in their commit (one commit, not two). A run
   * whose output is refused fails only once they are durable (`endingsDurable`),
   * since failing starts its compensation, which runs code on those outputs.
   */
  private completeRun(run: LiveRun, endingsDurable: boolean): void {
    const plan = run.plan;
    let output: unknown;
    if (plan.output) {
      output = plan.output(run.scope);
    } else {
      const sinks: Record<string, unknown> = {};
      for (const index of plan.sinks) {
        const state = run.fold.tasks[plan.tasks[index]!.id]!;
        if (state.status === 'completed') sinks[state.id] = state.output;
      }
      output = sinks;
    }
    const problems = plan.checkFinalOutput?.(output);
    if (problems) {
      if (!endingsDurable) return;
      this.ctx.ending.failRun(run, new TroupeError('E_OUTPUT_INVALID', { subject: `workflow ${plan.definition.id}`, problems }).toJSON());
      return;
    }
    this.ctx.committer.emit(run, 'run.completed', undefined, undefined, { output });
    this.ctx.ending.finishRun(run);
  }
}

/**
 * The run's error when a task's failure fails it: "Task x failed: <why>", said
 * once (a task error that already says so for this task is the run's error as is).
 */
function runErrorOf(task: CompiledTask, error: ErrorInfo): ErrorInfo {
  if (error.code === 'E_TASK_FAILED' && error.details?.taskId === task.id) return error;
  return new TroupeError('E_TASK_FAILED', { taskId: task.id, reason: error.message }, { cause: error }).toJSON();
}
