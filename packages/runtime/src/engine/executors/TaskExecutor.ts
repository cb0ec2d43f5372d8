import type { CompiledTask } from '../CompiledWorkflow.js';
import type { LiveRun } from '../LiveRun.js';

/** One element of a forEach or round of a loop: what the executor's context tells the tool, code or provider. */
export interface TaskInstanceRef {
  /** `item-<n>` or `round-<n>`: appended to the idempotency key. */
  readonly key: string;
  /** The instance's own attempt (ctx.attempt). */
  readonly attempt: number;
}

/** Runs one attempt of one kind of task (tool, code, gmi, workflow). */
export interface TaskExecutor {
  /**
   * Runs the attempt with its (checked) input and returns the executor's
   * output, or a promise of it: the hot path of a plain tool adds no async frame.
   * Takes the controller, not its signal: an AbortSignal is made only when an executor reads it.
   */
  execute(run: LiveRun, task: CompiledTask, attempt: number, input: unknown, controller: AbortController, instance?: TaskInstanceRef): unknown;
}
