import { TroupeError, type ErrorInfo, type RunState, type TaskInstanceState } from '@troupe/sdk';
import { isTruthy, type ExpressionScope } from '../expressions/compileExpression.js';
import { ApprovalRequired } from './ApprovalRequired.js';
import type { CompiledTask } from './CompiledWorkflow.js';
import { createRun } from './createRun.js';
import type { EngineContext } from './EngineContext.js';
import type { LiveRun } from './LiveRun.js';
import { isRetryable, retryDelay } from './retryDelay.js';
import { isTerminalRunStatus } from './runStatus.js';
import type { TaskInstanceRef } from './executors/TaskExecutor.js';
import { toTaskError } from './toTaskError.js';

/** Calls the task's executor once, with the task's checks around it (schemas, guardrails). */
export type CheckedCall = (run: LiveRun, task: CompiledTask, attempt: number, input: unknown, controller: AbortController, instance?: TaskInstanceRef) => Promise<unknown>;

type InstanceKind = 'forEach' | 'loop';

/** What a loop task outputs. */
export interface LoopOutput {
  readonly rounds: number;
  readonly stoppedBy: 'until' | 'maxRounds';
  readonly output: unknown;
  readonly history: readonly unknown[];
}

/**
 * forEach and loop tasks: one attempt of the task drives its instances
 * (elements or rounds), each recorded with `task.instance_*` events and
 * retried on its own under the task's retry policy. A new attempt of the task
 * (after a crash) reuses every completed instance from the fold and resumes a
 * loop round whose child run is still going, so nothing completed runs twice.
 * A loop's next round starts only once the previous round's outcome is
 * durable: its input is built from it.
 */
export class DynamicTasks {
  constructor(
    private readonly ctx: EngineContext,
    private readonly call: CheckedCall,
  ) {}

  run(run: LiveRun, task: CompiledTask, attempt: number, controller: AbortController): Promise<unknown> {
    return task.forEach ? this.forEach(run, task, attempt, controller) : this.loop(run, task, attempt, controller);
  }

  private async forEach(run: LiveRun, task: CompiledTask, taskAttempt: number, controller: AbortController): Promise<unknown[]> {
    const spec = task.forEach!;
    const items = spec.items.evaluate(run.scope);
    if (!Array.isArray(items)) {
      throw new TroupeError('E_FOREACH_NOT_ARRAY', { taskId: task.id, expression: spec.items.source, actual: items === null ? 'null' : typeof items });
    }
    if (items.length > spec.maxItems) throw new TroupeError('E_FOREACH_TOO_MANY', { taskId: task.id, count: items.length, maxItems: spec.maxItems });
    const outputs = new Array<unknown>(items.length);
    let next = 0;
    let failed = false;
    let failure: unknown;
    const worker = async (): Promise<void> => {
      // The first failure stops new elements; those in flight end on their own.
      while (!failed && next < items.length) {
        const index = next++;
        try {
          outputs[index] = await this.instance(run, task, controller, 'forEach', index, items.length, (instanceAttempt) => {
            const item = { value: items[index] as unknown, index };
            const input = task.input ? task.input({ ...run.scope, item }) : { ...this.ctx.scheduler.defaultInput(run, task), item: item.value, index };
            // The executor and the checks see the task's attempt (as for any task); the tool sees the element's.
            return this.call(run, task, taskAttempt, input, controller, { key: `item-${index}`, attempt: instanceAttempt });
          });
        } catch (error) {
          if (!failed) {
            failed = true;
            failure = error;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(spec.concurrency, items.length) }, worker));
    if (failed) throw failure;
    return outputs;
  }

  private async loop(run: LiveRun, task: CompiledTask, taskAttempt: number, controller: AbortController): Promise<LoopOutput> {
    const spec = task.loop!;
    const history: unknown[] = [];
    for (let index = 0; index < spec.maxRounds; index++) {
      const round = { index, previous: index === 0 ? null : history[index - 1], history: history.slice() };
      const output = await this.instance(run, task, controller, 'loop', index, spec.maxRounds, (instanceAttempt) => {
        const input = task.input ? task.input({ ...run.scope, round }) : { ...this.ctx.scheduler.defaultInput(run, task), round };
        return task.executor.type === 'workflow'
          ? this.roundRun(run, task, taskAttempt, index, instanceAttempt, input)
          : this.call(run, task, taskAttempt, input, controller, { key: `round-${index}`, attempt: instanceAttempt });
      });
      history.push(output);
      const scope: ExpressionScope = { ...run.scope, round: { index, output, history } };
      if (isTruthy(spec.until.evaluate(scope))) return { rounds: index + 1, stoppedBy: 'until', output, history };
      // The next round is built from this one: it starts only once this round's outcome is durable.
      await this.ctx.committer.persisted();
      this.assertLive(run, task, controller);
    }
    if (spec.onMaxRounds === 'complete') return { rounds: spec.maxRounds, stoppedBy: 'maxRounds', output: history.at(-1), history };
    throw new TroupeError('E_LOOP_MAX_ROUNDS', { taskId: task.id, maxRounds: spec.maxRounds, until: spec.until.source });
  }

  /**
   * One element or round: its recorded output if it completed, otherwise
   * attempts (after those recorded) until one succeeds or the retry policy
   * gives up (E_FOREACH_ITEM_FAILED / E_LOOP_ROUND_FAILED).
   */
  private async instance(
    run: LiveRun,
    task: CompiledTask,
    controller: AbortController,
    kind: InstanceKind,
    index: number,
    total: number,
    execute: (attempt: number) => Promise<unknown>,
  ): Promise<unknown> {
    const recorded: TaskInstanceState | undefined = run.fold.tasks[task.id]!.instances?.[index];
    if (recorded?.status === 'completed') return recorded.output;
    const committer = this.ctx.committer;
    let attempt = recorded?.attempt ?? 0;
    // A round's child run still going after a restart is waited for, not started again.
    let resume = recorded?.status === 'running' && recorded.childRunId !== undefined;
    for (;;) {
      for (let turn = this.ctx.turns.check(); turn; turn = this.ctx.turns.check()) await turn;
      this.assertLive(run, task, controller);
      if (!resume) {
        attempt++;
        const data: Record<string, unknown> = { instance: index, kind, total };
        if (kind === 'loop' && task.executor.type === 'workflow') data.childRunId = roundRunIdOf(run, task, index, attempt);
        committer.emit(run, 'task.instance_started', task.id, attempt, data);
      }
      resume = false;
      let failure: unknown;
      try {
        const output = await execute(attempt);
        if (this.isLive(run, task, controller)) committer.emit(run, 'task.instance_completed', task.id, attempt, { instance: index, output });
        return output;
      } catch (error) {
        failure = error;
      }
      this.assertLive(run, task, controller);
      // A guardrail approval cannot pause one element of many: the instance fails instead.
      const error: ErrorInfo =
        failure instanceof ApprovalRequired
          ? new TroupeError('E_GUARDRAIL_BLOCKED', {
              guardrailId: failure.guardrailIds.join(', ') || 'policy',
              phase: failure.phase,
              taskId: task.id,
              reason: `it asks for an approval (${failure.reason}), which one element or round of a forEach or loop cannot wait for`,
              tags: task.policyTags.join(', '),
            }).toJSON()
          : toTaskError(task, failure, this.ctx.secrets);
      if (isRetryable(task.retry, attempt, error.code)) {
        const delayMs = retryDelay(task.retry!, attempt, this.ctx.random);
        committer.emit(run, 'task.instance_retry_scheduled', task.id, attempt, { instance: index, error, nextAttemptAt: this.ctx.clock.now() + delayMs, delayMs });
        await this.sleep(controller, delayMs);
        continue;
      }
      committer.emit(run, 'task.instance_failed', task.id, attempt, { instance: index, error });
      const details = { taskId: task.id, attempts: attempt, reason: error.message };
      throw kind === 'forEach'
        ? new TroupeError('E_FOREACH_ITEM_FAILED', { ...details, item: index }, { cause: error })
        : new TroupeError('E_LOOP_ROUND_FAILED', { ...details, round: index }, { cause: error });
    }
  }

  /** A round of a loop over a sub-workflow: a child run (in the parent's slot), resumed if it is still going. */
  private async roundRun(run: LiveRun, task: CompiledTask, taskAttempt: number, round: number, attempt: number, input: unknown): Promise<unknown> {
    const ctx = this.ctx;
    const runId = roundRunIdOf(run, task, round, attempt);
    let child = ctx.runs.get(runId);
    let state: RunState | undefined;
    if (!child) {
      const stored = await ctx.store.getRun(runId);
      if (stored && isTerminalRunStatus(stored.status)) state = stored;
      else if (stored) throw new TroupeError('E_TASK_FAILED', { taskId: task.id, reason: `round ${round} run ${runId} is ${stored.status} and not driven here` });
      else {
        const executor = task.executor;
        if (executor.type !== 'workflow') throw new TroupeError('E_INTERNAL', { reason: `task ${task.id} is not a workflow task` });
        const workflow = ctx.descriptors.get('workflow', executor.workflowId) ?? executor.workflow;
        const childRoles = new Set((workflow.descriptor.payload.definition.roles ?? []).map((role) => role.roleId));
        const roleAssignments: Record<string, string> = {};
        for (const [roleId, personaId] of Object.entries(run.fold.roleAssignments)) if (childRoles.has(roleId)) roleAssignments[roleId] = personaId;
        const conversationId = run.fold.conversationId;
        ({ run: child } = await createRun(
          ctx,
          workflow,
          { input, runId, roleAssignments, ...(conversationId !== undefined ? { conversationId } : {}) },
          { run, index: task.index, attempt: taskAttempt },
        ));
      }
    }
    state ??= await child!.untilEnded();
    if (state.status === 'completed') return state.output;
    throw new TroupeError(
      'E_TASK_FAILED',
      { taskId: task.id, reason: `round ${round} run ${state.runId} ${state.status}${state.error ? `: ${state.error.message}` : ''}` },
      state.error ? { cause: state.error } : {},
    );
  }

  private isLive(run: LiveRun, task: CompiledTask, controller: AbortController): boolean {
    return run.controllers[task.index] === controller && !controller.signal.aborted;
  }

  private assertLive(run: LiveRun, task: CompiledTask, controller: AbortController): void {
    if (this.isLive(run, task, controller)) return;
    throw controller.signal.reason ?? new TroupeError('E_RUN_CANCELLED', { runId: run.runId, reason: `task ${task.id} was settled another way` });
  }

  /** Waits out a retry delay on the engine's clock; an abort ends the wait (and clears the timer). */
  private sleep(controller: AbortController, delayMs: number): Promise<void> {
    const clock = this.ctx.clock;
    const signal = controller.signal;
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        clock.clearTimeout(timer);
        reject(signal.reason);
      };
      const timer = clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, delayMs);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The id of the child run a loop round's attempt starts. */
export function roundRunIdOf(run: LiveRun, task: CompiledTask, round: number, attempt: number): string {
  return `${run.runId}/${task.id}/round-${round}.${attempt}`;
}
