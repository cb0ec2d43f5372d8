import { TroupeError } from '@troupe/sdk';
import type { CompiledTask } from './CompiledWorkflow.js';
import type { EngineContext } from './EngineContext.js';
import { executionContext } from './executors/executionContext.js';
import type { LiveRun } from './LiveRun.js';
import { checkPayload } from './checkPayload.js';
import { toTaskError } from './toTaskError.js';

/**
 * Saga compensation of a failing run: completed tasks that name a
 * compensation are undone in reverse completion order, one at a time, each
 * recorded as `task.compensated`; a failing compensation does not stop the others.
 */
export class RunCompensation {
  constructor(private readonly ctx: EngineContext) {}

  async compensate(run: LiveRun): Promise<void> {
    for (let i = run.completionOrder.length - 1; i >= 0; i--) {
      const task = run.plan.tasks[run.completionOrder[i]!]!;
      const compensation = task.compensate;
      if (!compensation) continue;
      if (run.phase !== 'ending') return;
      const by = compensation.kind === 'code' ? `code:${compensation.codeId}` : run.plan.tasks[compensation.index]!.id;
      try {
        const output = await this.runCompensation(run, task);
        if (run.phase !== 'ending') return;
        const refused = checkPayload(output, this.ctx.payloadLimits, `output of the compensation of task ${task.id}`);
        if (refused) throw refused;
        this.ctx.committer.emit(run, 'task.compensated', task.id, undefined, { ok: true, by, output });
      } catch (failure) {
        if (run.phase !== 'ending') return;
        this.ctx.committer.emit(run, 'task.compensated', task.id, undefined, { ok: false, by, error: toTaskError(task, failure, this.ctx.secrets) });
      }
    }
  }

  /**
   * Runs one compensation with `{ input, taskId, taskInput, output }` (or the
   * undo task's input bindings over it), within the undo task's timeout; a
   * tagged compensation passes the guardrails before and after, like a task.
   */
  private async runCompensation(run: LiveRun, task: CompiledTask): Promise<unknown> {
    const compensation = task.compensate!;
    const state = run.fold.tasks[task.id]!;
    const payload = { input: run.fold.input, taskId: task.id, taskInput: run.inputs[task.index], output: state.output };
    const controller = new AbortController();
    const key = `${run.runId}:${task.id}:compensate`;
    const undo = compensation.kind === 'task' ? run.plan.tasks[compensation.index]! : undefined;
    const guarded = undo ?? task;
    const policy = this.ctx.taskPolicy;
    let input: unknown = undo?.input ? undo.input({ ...run.scope, compensating: payload }) : payload;
    if (guarded.policyTags.length > 0) input = await policy.checkCompensation(run, guarded, task, 'input', input, controller.signal);
    let output = await this.execute(run, task, undo, input, controller, key);
    if (guarded.policyTags.length > 0) output = await policy.checkCompensation(run, guarded, task, 'output', output, controller.signal);
    return output;
  }

  private async execute(run: LiveRun, task: CompiledTask, undo: CompiledTask | undefined, input: unknown, controller: AbortController, key: string): Promise<unknown> {
    const compensation = task.compensate!;
    if (compensation.kind === 'code') {
      const context = executionContext(this.ctx, run, task.id, 1, controller, `code:${compensation.codeId}`, key);
      return await compensation.code.descriptor.payload.run(input, context);
    }
    if (!undo) throw new TroupeError('E_INTERNAL', { reason: `the compensation of task ${task.id} names no task` });
    const timeoutMs = undo.timeoutMs ?? this.ctx.defaultTaskTimeoutMs;
    const clock = this.ctx.clock;
    let timer: unknown;
    const timedOut = new Promise<never>((_, reject) => {
      if (timeoutMs === undefined) return;
      timer = clock.setTimeout(() => {
        const error = new TroupeError('E_TASK_TIMEOUT', { taskId: undo.id, timeoutMs });
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    timedOut.catch(() => undefined);
    try {
      const executor = undo.executor;
      if (executor.type === 'tool') {
        const context = executionContext(this.ctx, run, undo.id, 1, controller, `tool:${executor.toolId}`, key);
        const problems = executor.checkInput?.(input);
        if (problems) throw new TroupeError('E_INPUT_INVALID', { problems, schemaOf: `the inputSchema of tool ${executor.toolId}` });
        return await Promise.race([Promise.resolve(executor.tool.descriptor.payload.execute(input, context)), timedOut]);
      }
      if (executor.type === 'code') {
        const context = executionContext(this.ctx, run, undo.id, 1, controller, `code:${executor.codeId}`, key);
        return await Promise.race([Promise.resolve(executor.code.descriptor.payload.run(input, context)), timedOut]);
      }
      throw new TroupeError('E_TASK_COMPENSATION_INVALID', { taskId: task.id, ref: undo.id, reason: `a ${executor.type} task cannot compensate` });
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer);
    }
  }
}
