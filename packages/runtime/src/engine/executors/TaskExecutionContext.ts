import type { ExecutionContext, Logger } from '@troupe/sdk';

/**
 * What an executor receives. The child logger is built only if the executor
 * logs; `onSecretsRead` (set only for an executor that declared secrets) is
 * called the first time it reads `secrets`, which is what the audit log records.
 */
export class TaskExecutionContext implements ExecutionContext {
  private childLogger: Logger | undefined;
  /** Stable across attempts and restarts: run id + task id. */
  readonly idempotencyKey: string;

  constructor(
    readonly runId: string,
    readonly taskId: string,
    readonly attempt: number,
    private readonly controller: AbortController,
    private readonly secretValues: Readonly<Record<string, string>>,
    private readonly baseLogger: Logger,
    idempotencyKey?: string,
    private onSecretsRead?: () => void,
  ) {
    this.idempotencyKey = idempotencyKey ?? `${runId}:${taskId}`;
  }

  /** Fires on task timeout, run timeout or cancel. Built on first use: most executors never look. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Only the secrets this executor declared. */
  get secrets(): Readonly<Record<string, string>> {
    const onRead = this.onSecretsRead;
    if (onRead) {
      this.onSecretsRead = undefined;
      onRead();
    }
    return this.secretValues;
  }

  get logger(): Logger {
    this.childLogger ??= this.baseLogger.child({ runId: this.runId, taskId: this.taskId, attempt: this.attempt });
    return this.childLogger;
  }
}
