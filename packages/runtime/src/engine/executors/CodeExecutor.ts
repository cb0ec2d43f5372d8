import { TroupeError } from '@troupe/sdk';
import type { CompiledTask } from '../CompiledWorkflow.js';
import type { EngineContext } from '../EngineContext.js';
import type { LiveRun } from '../LiveRun.js';
import type { TaskExecutor, TaskInstanceRef } from './TaskExecutor.js';
import { executionContext } from './executionContext.js';

/** `code` tasks: a function a pack registered with defineCode, called with the task input. */
export class CodeExecutor implements TaskExecutor {
  constructor(private readonly ctx: EngineContext) {}

  execute(run: LiveRun, task: CompiledTask, attempt: number, input: unknown, controller: AbortController, instance?: TaskInstanceRef): unknown {
    const executor = task.executor;
    if (executor.type !== 'code') throw new TroupeError('E_INTERNAL', { reason: `task ${task.id} is not a code task` });
    const context = executionContext(this.ctx, run, task.id, attempt, controller, `code:${executor.codeId}`, undefined, instance);
    return executor.code.descriptor.payload.run(input, context);
  }
}
