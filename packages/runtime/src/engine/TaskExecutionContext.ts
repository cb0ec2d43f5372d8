import type { ExecutionContext, Logger } from '@troupe/sdk';

/** What an executor receives; the child logger is built only if the executor uses it. */
export class TaskExecutionContext implements ExecutionContext {
  private childLogger: Logger | undefined;
  /** Stable across attempts and restarts: run id + task id. */
  readonly idempotencyKey: string;

  constructor(
    readonly runId: string,
    readonly taskId: string,
    readonly attempt: number,
    private readonly controller: AbortController,
    readonly secrets: Readonly<Record<string, string>>,
    private readonly baseLogger: Logger,
    idempotencyKey?: string,
  ) {
    this.idempotencyKey = idempotencyKey ?? `${runId}:${taskId}`;
  }

  /** Fires on task timeout, run timeout or cancel. Built on first use: most executors never look. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get logger(): Logger {
    this.childLogger ??= this.baseLogger.child({ runId: this.runId, taskId: this.taskId, attempt: this.attempt });
    return this.childLogger;
  }
}
