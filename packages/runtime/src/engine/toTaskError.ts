import { TroupeError, type ErrorInfo } from '@troupe/sdk';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import type { CompiledTask } from './CompiledWorkflow.js';

/**
 * What a failed attempt records: a TroupeError as is, an Error with a string
 * `code` under that code, anything else as E_TASK_FAILED; secret values scrubbed.
 */
export function toTaskError(task: CompiledTask, failure: unknown, secrets: SecretResolver): ErrorInfo {
  let error: ErrorInfo;
  if (failure instanceof TroupeError) {
    error = failure.toJSON();
  } else if (failure instanceof Error) {
    const code = (failure as Error & { code?: unknown }).code;
    error =
      typeof code === 'string' && code.length > 0
        ? { code, message: failure.message }
        : new TroupeError('E_TASK_FAILED', { taskId: task.id, reason: failure.message }).toJSON();
  } else {
    error = new TroupeError('E_TASK_FAILED', { taskId: task.id, reason: String(failure) }).toJSON();
  }
  return secrets.scrubValue(error);
}
