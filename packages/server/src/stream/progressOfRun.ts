import { TERMINAL_TASK_STATUSES, type DynamicTaskProgress, type RunState, type TaskStatus, type WorkflowProgress } from '@troupe/sdk';

const ended = new Set<TaskStatus>(TERMINAL_TASK_STATUSES);

/** WORKFLOW_UPDATE progress of a stored run, for snapshots of runs the stream has not seen live. */
export function progressOfRun(state: RunState): WorkflowProgress {
  const counts: Partial<Record<TaskStatus, number>> = {};
  const currentTaskIds: string[] = [];
  let total = 0;
  let done = 0;
  const instances: Record<string, DynamicTaskProgress> = {};
  for (const task of Object.values(state.tasks)) {
    if (task.dynamic) instances[task.id] = task.dynamic;
    total += 1;
    counts[task.status] = (counts[task.status] ?? 0) + 1;
    if (ended.has(task.status)) done += 1;
    else if (task.status === 'running' || task.status === 'awaiting_input' || task.status === 'retry_wait') currentTaskIds.push(task.id);
  }
  return {
    runId: state.runId,
    definitionId: state.pin.definitionId,
    ...(state.conversationId !== undefined ? { conversationId: state.conversationId } : {}),
    status: state.status,
    seq: state.seq,
    counts,
    total,
    percent: total === 0 ? (state.status === 'completed' ? 100 : 0) : Math.round((done / total) * 100),
    currentTaskIds,
    ...(Object.keys(instances).length > 0 ? { instances } : {}),
  };
}
