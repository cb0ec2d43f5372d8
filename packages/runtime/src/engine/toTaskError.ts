import { describeThrown, TroupeError, type ErrorInfo } from '@troupe/sdk';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import type { CompiledTask } from './CompiledWorkflow.js';

/**
 * What a failed attempt records: a TroupeError as is, an Error with a string
 * `code` under that code, anything else as E_TASK_FAILED; secret values scrubbed.
 * Total: a value no code can read (a Proxy whose traps throw, a throwing
 * getter or toString) becomes E_TASK_FAILED with a safe description.
 */
export function toTaskError(task: CompiledTask, failure: unknown, secrets: SecretResolver): ErrorInfo {
  let error: ErrorInfo;
  try {
    error = classify(task, failure);
  } catch {
    error = failedWith(task, describeThrown(failure));
  }
  return secrets.scrubValue(error);
}

function classify(task: CompiledTask, failure: unknown): ErrorInfo {
  if (failure instanceof TroupeError) return failure.toJSON();
  if (failure instanceof Error) {
    const code = (failure as Error & { code?: unknown }).code;
    const message = describeThrown(failure);
    return typeof code === 'string' && code.length > 0 ? { code, message } : failedWith(task, message);
  }
  return failedWith(task, describeThrown(failure));
}

function failedWith(task: CompiledTask, reason: string): ErrorInfo {
  return new TroupeError('E_TASK_FAILED', { taskId: task.id, reason }).toJSON();
}
