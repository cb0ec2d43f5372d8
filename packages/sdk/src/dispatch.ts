/**
 * One attempt of a `tool` or `code` task handed to another process to run
 * (scale-out): everything a worker with the same packs needs, and nothing
 * secret (a worker resolves the executor's secrets from its own sources).
 */
export interface TaskDispatch {
  readonly runId: string;
  readonly taskId: string;
  /** The attempt number; results of older attempts are refused (fencing). */
  readonly attempt: number;
  readonly executor: { readonly type: 'tool'; readonly toolId: string } | { readonly type: 'code'; readonly codeId: string };
  /** The task input after the engine's checks (schemas, input guardrails); JSON. */
  readonly input: unknown;
  /** Stable across attempts, deliveries and restarts: what the tool sees as ctx.idempotencyKey. */
  readonly idempotencyKey: string;
}

/**
 * Where the engine sends tool and code task attempts when the host has one
 * (`createHost({ taskDispatcher })`); without it they run in the host's own
 * process. Resolves with the executor's output or rejects with its error
 * (a `code` on the error keeps retries working). The engine still checks
 * schemas and guardrails around the call, and ignores a settlement after
 * `signal` fired (timeout, cancel).
 */
export interface TaskDispatcher {
  dispatch(task: TaskDispatch, signal: AbortSignal): Promise<unknown>;
}
