import { TERMINAL_RUN_STATUSES, TERMINAL_TASK_STATUSES, type DynamicTaskProgress, type RunState, type RunStatus, type TaskStatus, type WorkflowProgress } from './runs.js';

/** Task statuses that make a task part of what a run is doing now (`currentTaskIds`); a task between retries is. */
export const CURRENT_TASK_STATUSES: readonly TaskStatus[] = ['running', 'retry_wait', 'awaiting_input'];

/** At most this many ids in `currentTaskIds`: a progress message stays small for runs with thousands of tasks. */
export const CURRENT_TASKS_LIMIT = 32;

const ended = new Set<TaskStatus>(TERMINAL_TASK_STATUSES);
const current = new Set<TaskStatus>(CURRENT_TASK_STATUSES);
const endedRuns = new Set<RunStatus>(TERMINAL_RUN_STATUSES);

/** What progress is computed from: the run's header, its task counts and its current task ids in definition order. */
export interface ProgressInput {
  readonly runId: string;
  readonly definitionId: string;
  readonly conversationId?: string | undefined;
  readonly status: RunStatus;
  readonly seq: number;
  readonly counts: Readonly<Partial<Record<TaskStatus, number>>>;
  readonly total: number;
  /** Ids of the tasks in a CURRENT_TASK_STATUSES status, in definition order (only the first CURRENT_TASKS_LIMIT are used). */
  readonly currentTaskIds: Iterable<string>;
  /** How far each dynamic task (forEach, loop) that has started instances got. */
  readonly instances?: Readonly<Record<string, DynamicTaskProgress>>;
}

/**
 * The one definition of a run's progress (WORKFLOW_UPDATE), used live by the
 * engine and for stored runs by the server, so both say the same: `percent`
 * is ended tasks over all tasks rounded down (100 only when every task has
 * ended); a run without tasks is 0 until it ends, then 100; `counts` leaves
 * out zeros; `currentTaskIds` lists running, retry-waiting and awaiting
 * tasks in definition order, at most CURRENT_TASKS_LIMIT.
 */
export function workflowProgress(input: ProgressInput): WorkflowProgress {
  const counts: Partial<Record<TaskStatus, number>> = {};
  let done = 0;
  for (const [status, count] of Object.entries(input.counts) as [TaskStatus, number | undefined][]) {
    if (!count) continue;
    counts[status] = count;
    if (ended.has(status)) done += count;
  }
  const currentTaskIds: string[] = [];
  for (const id of input.currentTaskIds) {
    if (currentTaskIds.length === CURRENT_TASKS_LIMIT) break;
    currentTaskIds.push(id);
  }
  const percent = input.total === 0 ? (endedRuns.has(input.status) ? 100 : 0) : Math.floor((done * 100) / input.total);
  return {
    runId: input.runId,
    definitionId: input.definitionId,
    ...(input.conversationId !== undefined ? { conversationId: input.conversationId } : {}),
    status: input.status,
    seq: input.seq,
    counts,
    total: input.total,
    percent,
    currentTaskIds,
    ...(input.instances !== undefined && Object.keys(input.instances).length > 0 ? { instances: { ...input.instances } } : {}),
  };
}

/** Whether a task in this status is part of `currentTaskIds`. */
export function isCurrentTaskStatus(status: TaskStatus): boolean {
  return current.has(status);
}

/** Progress of a stored run state (for runs not seen live): the same function over the state's tasks. */
export function progressOfRunState(state: RunState): WorkflowProgress {
  const counts: Partial<Record<TaskStatus, number>> = {};
  const currentTaskIds: string[] = [];
  const instances: Record<string, DynamicTaskProgress> = {};
  let total = 0;
  for (const task of Object.values(state.tasks)) {
    if (task.dynamic) instances[task.id] = task.dynamic;
    total += 1;
    counts[task.status] = (counts[task.status] ?? 0) + 1;
    if (current.has(task.status) && currentTaskIds.length < CURRENT_TASKS_LIMIT) currentTaskIds.push(task.id);
  }
  return workflowProgress({
    runId: state.runId,
    definitionId: state.pin.definitionId,
    conversationId: state.conversationId,
    status: state.status,
    seq: state.seq,
    counts,
    total,
    currentTaskIds,
    instances,
  });
}
