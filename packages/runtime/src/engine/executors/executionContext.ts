import type { EngineContext } from '../EngineContext.js';
import type { LiveRun } from '../LiveRun.js';
import { TaskExecutionContext } from './TaskExecutionContext.js';
import type { TaskInstanceRef } from './TaskExecutor.js';

/**
 * The context of one executor call: only the secrets the executor (`key`:
 * `tool:x`, `code:y`, `provider:z`) declared; the first read of them is
 * audited as `secret.accessed` with the ids, never the values.
 */
export function executionContext(
  ctx: EngineContext,
  run: LiveRun,
  taskId: string,
  attempt: number,
  controller: AbortController,
  key: string,
  idempotencyKey?: string,
  instance?: TaskInstanceRef,
): TaskExecutionContext {
  const secrets = run.secretsFor(key);
  const ids = Object.keys(secrets);
  const onRead =
    ids.length === 0
      ? undefined
      : () => ctx.committer.audit(run, { actor: key, action: 'secret.accessed', taskId, data: { secretIds: ids, attempt } });
  // A forEach element or loop round: its own key and attempt, so a tool can tell the elements apart.
  const instanceKey = idempotencyKey ?? (instance ? `${run.runId}:${taskId}:${instance.key}` : undefined);
  return new TaskExecutionContext(run.runId, taskId, instance?.attempt ?? attempt, controller, secrets, ctx.logger, instanceKey, onRead);
}
