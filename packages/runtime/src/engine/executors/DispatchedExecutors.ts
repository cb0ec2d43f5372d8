import { TroupeError, type TaskDispatch, type TaskDispatcher } from '@troupe/sdk';
import type { CompiledTask } from '../CompiledWorkflow.js';
import type { EngineContext } from '../EngineContext.js';
import type { LiveRun } from '../LiveRun.js';
import { CodeExecutor } from './CodeExecutor.js';
import { ToolExecutor } from './ToolExecutor.js';

/** The dispatch of one attempt; the idempotency key is the one a local call would see. */
function dispatchOf(run: LiveRun, task: CompiledTask, attempt: number, input: unknown, executor: TaskDispatch['executor']): TaskDispatch {
  return { runId: run.runId, taskId: task.id, attempt, executor, input, idempotencyKey: `${run.runId}:${task.id}` };
}

/**
 * `tool` tasks run by a TaskDispatcher in another process (a worker with the
 * same packs): the tool's own schemas are still checked here, around the
 * dispatch. A seat's tool calls (callForSeat) stay in this process.
 */
export class DispatchedToolExecutor extends ToolExecutor {
  constructor(
    ctx: EngineContext,
    private readonly dispatcher: TaskDispatcher,
  ) {
    super(ctx);
  }

  override async execute(run: LiveRun, task: CompiledTask, attempt: number, input: unknown, controller: AbortController): Promise<unknown> {
    const executor = task.executor;
    if (executor.type !== 'tool') throw new TroupeError('E_INTERNAL', { reason: `task ${task.id} is not a tool task` });
    const problems = executor.checkInput?.(input);
    if (problems) throw new TroupeError('E_INPUT_INVALID', { problems, schemaOf: `the inputSchema of tool ${executor.toolId}` });
    const output = await this.dispatcher.dispatch(dispatchOf(run, task, attempt, input, { type: 'tool', toolId: executor.toolId }), controller.signal);
    const outProblems = executor.checkOutput?.(output);
    if (outProblems) throw new TroupeError('E_OUTPUT_INVALID', { subject: `tool ${executor.toolId}`, problems: outProblems });
    return output;
  }
}

/** `code` tasks run by a TaskDispatcher in another process. */
export class DispatchedCodeExecutor extends CodeExecutor {
  constructor(
    ctx: EngineContext,
    private readonly dispatcher: TaskDispatcher,
  ) {
    super(ctx);
  }

  override execute(run: LiveRun, task: CompiledTask, attempt: number, input: unknown, controller: AbortController): Promise<unknown> {
    const executor = task.executor;
    if (executor.type !== 'code') throw new TroupeError('E_INTERNAL', { reason: `task ${task.id} is not a code task` });
    return this.dispatcher.dispatch(dispatchOf(run, task, attempt, input, { type: 'code', codeId: executor.codeId }), controller.signal);
  }
}
