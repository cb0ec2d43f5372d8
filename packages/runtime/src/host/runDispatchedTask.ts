import { TroupeError, type Logger, type TaskDispatch } from '@troupe/sdk';
import { TaskExecutionContext } from '../engine/executors/TaskExecutionContext.js';
import type { DescriptorLookup } from '../registry/DescriptorRegistry.js';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import { secretEnvName } from '../secrets/secretEnvName.js';

/** What a worker needs of its host: the active packs' descriptors, its secrets, a logger (a started TroupeHost has all three). */
export interface DispatchHost {
  readonly registry: DescriptorLookup;
  readonly secrets: SecretResolver;
  readonly logger: Logger;
}

/**
 * The worker side of a TaskDispatcher: runs one dispatched tool or code
 * attempt with this process's packs, as the coordinator would have run it
 * locally: the same idempotency key and attempt, only the secrets the
 * executor declared (resolved from this process's sources), a signal that
 * fires when `signal` does. A tool or code id no active pack provides is
 * E_DESCRIPTOR_NOT_FOUND (install the same packs on every worker).
 */
export async function runDispatchedTask(host: DispatchHost, task: TaskDispatch, signal?: AbortSignal): Promise<unknown> {
  const { executor } = task;
  const kind = executor.type;
  const id = executor.type === 'tool' ? executor.toolId : executor.codeId;
  const active = kind === 'tool' ? host.registry.get('tool', id) : host.registry.get('code', id);
  if (!active) throw new TroupeError('E_DESCRIPTOR_NOT_FOUND', { kind, id });
  const payload = active.descriptor.payload;
  const { values, missing } = host.secrets.resolve(payload.requiredSecrets ?? []);
  if (missing.length > 0) throw new TroupeError('E_SECRET_MISSING', { owner: `${kind} ${id} on this worker`, missing: [...missing], envExample: secretEnvName(missing[0]!) });
  const controller = new AbortController();
  if (signal) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  const context = new TaskExecutionContext(task.runId, task.taskId, task.attempt, controller, values, host.logger, task.idempotencyKey);
  try {
    return await (kind === 'tool'
      ? (payload as { execute: (input: unknown, ctx: TaskExecutionContext) => unknown }).execute(task.input, context)
      : (payload as { run: (input: unknown, ctx: TaskExecutionContext) => unknown }).run(task.input, context));
  } catch (error) {
    // The error travels to the coordinator through the queue: secret values of this process are scrubbed first, the code kept.
    if (error instanceof TroupeError || !(error instanceof Error)) throw error;
    const code = (error as Error & { code?: unknown }).code;
    throw Object.assign(new Error(host.secrets.scrub(error.message)), typeof code === 'string' ? { code } : {});
  }
}
