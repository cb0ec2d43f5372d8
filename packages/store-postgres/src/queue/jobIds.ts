import type { TaskDispatch } from '@troupe/sdk';

/** The BullMQ queue every coordinator and worker of a deployment shares unless told otherwise. */
export const DEFAULT_QUEUE_NAME = 'troupe-tasks';

/** The pub/sub channel on which a coordinator tells workers to abort an attempt (the job id is the message). */
export function cancelChannelOf(queueName: string): string {
  return `${queueName}:cancel`;
}

/** BullMQ keys use `:`; run and task ids may hold anything, so `%` and `:` are escaped. */
function escape(part: string): string {
  return part.replace(/%/g, '%25').replace(/:/g, '%3A');
}

/**
 * One job per attempt: `<run>/<task>/<attempt>`. Adding a job whose id is
 * queued or running is a no-op in BullMQ, so re-dispatching an attempt never
 * runs it twice at once; a new attempt is a new job.
 */
export function jobIdOf(task: Pick<TaskDispatch, 'runId' | 'taskId' | 'attempt'>): string {
  return `${escape(task.runId)}/${escape(task.taskId)}/${task.attempt}`;
}

/** What a worker answers for a job: the output, the error, or that the attempt was already superseded (fenced). */
export type DispatchResult =
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } }
  | { readonly stale: true; readonly reason: string };
