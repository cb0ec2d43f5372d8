// What the store's rows hold and how they become runs, summaries and audit
// entries: the JSON of a commit's task and seat rows, a run's first rows and
// its header state, and the reads that put a run back together.
import { TERMINAL_RUN_STATUSES, type AuditEntry, type RunEvent, type RunHeader, type RunState, type RunStatus, type RunSummary, type SeatSnapshot, type TaskState } from '@troupe/sdk';
import { lastCompletionTuple } from './commitEvents.js';

const terminal = new Set<RunStatus>(TERMINAL_RUN_STATUSES);

/** Pushes the columns of an audit row (at, actor, action, run_id, task_id, data) onto a ChunkedInsert's values. */
export function pushAuditRow(values: unknown[], entry: AuditEntry): void {
  values.push(entry.at, entry.actor, entry.action, entry.runId ?? null, entry.taskId ?? null, entry.data === undefined ? null : JSON.stringify(entry.data));
}

/** A run in this status is never written again: its row is exact and the writer forgets it. */
export function isTerminalStatus(status: RunStatus): boolean {
  return terminal.has(status);
}

/** How rows come back from SQLite (NULL for absent optional fields). */
export interface RunRow {
  readonly id: number;
  readonly run_id: string;
  readonly status: RunHeader['status'];
  readonly created_at: number;
  readonly updated_at: number;
  readonly ended_at: number | null;
  readonly seq: number;
  readonly state: string;
}

export interface SummaryRow {
  readonly id: number;
  readonly run_id: string;
  readonly definition_id: string;
  readonly definition_version: string;
  readonly status: RunHeader['status'];
  readonly conversation_id: string | null;
  readonly created_at: number;
  readonly updated_at: number;
  readonly ended_at: number | null;
  readonly seq: number;
}

/** A run's last commit: the seq and time of its last event, its rows and events. */
export interface LastCommitRow {
  readonly id: number;
  /** The seq of the commit's last event. */
  readonly seq: number;
  readonly at: number;
  readonly rows: string | null;
  readonly events: string;
}

/** What a commit changed besides its events (`commits.rows`). */
export interface CommitRows {
  readonly tasks?: readonly TaskState[];
  readonly seats?: readonly SeatSnapshot[];
  /** The run's update time, when it is not the last event's `at`. */
  readonly updatedAt?: number;
  /**
   * Set when the commit's last `task.completed` event (its last event, or
   * the one before the run's completion) is that of a task in `tasks`: that
   * task's output is left out here and read from the event's data (written
   * once, not twice).
   */
  readonly outputInEvent?: true;
  /**
   * Set when the commit's last `task.completed` event is that of a task
   * whose whole row the event says: how many ms the task ran up to it. Its
   * row, `{ id, status: 'completed', attempt, startedAt, endedAt, output }`,
   * is not in `tasks`; it is put together from the event (task id, attempt,
   * time, output), `startedAt` being the event's time minus this. A step of
   * a chain writes a small number here instead of the task's JSON.
   */
  readonly ranFor?: number;
}

/** The columns of a commit that its rows are read with (the last of its events completes a task). */
export interface CommitRowsRow {
  readonly rows: string;
  readonly events: string;
  /** The time of its last event. */
  readonly at: number;
}

/** The fields a row put together from its completing event has; a task with any other field set is written whole. */
const COMPLETED_BY_EVENT_FIELDS = new Set(['id', 'status', 'attempt', 'startedAt', 'endedAt', 'output']);

/** Whether `task` is exactly the row that the `task.completed` event `completion` and a start time make. */
function isCompletedBy(task: TaskState, completion: RunEvent): boolean {
  if (task.status !== 'completed' || task.attempt !== completion.attempt || task.endedAt !== completion.at || typeof task.startedAt !== 'number') return false;
  // The same value by reference (the engine folds the event's data into the task): the same JSON.
  if (task.output !== completion.data?.output) return false;
  const fields = task as unknown as Record<string, unknown>;
  for (const key in fields) {
    if (!COMPLETED_BY_EVENT_FIELDS.has(key) && fields[key] !== undefined) return false;
  }
  return true;
}

/**
 * `commits.rows`; NULL when the commit changed no row and the run's update
 * time is its last event's. When the commit's last `task.completed` event
 * (`completion`, see lastCompletion) completes a task of the commit, the
 * task's row is left to the event: whole (`ranFor`) when the event says all
 * of it, else its output alone (`outputInEvent`).
 */
export function commitRowsJson(tasks: readonly TaskState[], seats: readonly SeatSnapshot[], updatedAt: number | undefined, completion: RunEvent | undefined): string | null {
  if (seats.length === 0 && updatedAt === undefined) {
    if (tasks.length === 0) return null;
    // A step of a chain (its one task completed by the event), written without building the object.
    const task = tasks[0]!;
    if (tasks.length === 1 && completion !== undefined && task.id === completion.taskId && isCompletedBy(task, completion)) {
      return `{"ranFor":${JSON.stringify(completion.at - task.startedAt!)}}`;
    }
  }
  const rows: { tasks?: readonly TaskState[]; seats?: readonly SeatSnapshot[]; updatedAt?: number; outputInEvent?: true; ranFor?: number } = {};
  if (tasks.length > 0) {
    const left = completion === undefined ? tasks : withoutEventTask(tasks, completion, rows);
    if (left.length > 0) rows.tasks = left;
  }
  if (seats.length > 0) rows.seats = seats;
  if (updatedAt !== undefined) rows.updatedAt = updatedAt;
  return JSON.stringify(rows);
}

/**
 * `tasks` without the row of the task `completion` completes (how long it ran
 * set as `rows.ranFor`), or with that row's output left out
 * (`rows.outputInEvent`) when the row holds more than the event says; `tasks`
 * itself otherwise.
 */
function withoutEventTask(tasks: readonly TaskState[], completion: RunEvent, rows: { outputInEvent?: true; ranFor?: number }): readonly TaskState[] {
  if (completion.taskId === undefined) return tasks;
  for (let index = tasks.length - 1; index >= 0; index -= 1) {
    const task = tasks[index]!;
    if (task.id !== completion.taskId) continue;
    if (isCompletedBy(task, completion)) {
      rows.ranFor = completion.at - task.startedAt!;
      return tasks.length === 1 ? [] : [...tasks.slice(0, index), ...tasks.slice(index + 1)];
    }
    const output = completion.data?.output;
    if (output === undefined || task.output !== output) return tasks;
    const copy = tasks.slice();
    copy[index] = { ...task, output: undefined };
    rows.outputInEvent = true;
    return copy;
  }
  return tasks;
}

/** The rows of a commit as read back: the task its last `task.completed` event completes put back together (`ranFor`, `outputInEvent`). */
export function readCommitRows(row: CommitRowsRow): CommitRows {
  const rows = JSON.parse(row.rows) as CommitRows;
  if (!rows.outputInEvent && rows.ranFor === undefined) return rows;
  const { outputInEvent: _flag, ranFor, ...rest } = rows;
  const completion = lastCompletionTuple(row.events);
  if (completion === undefined || completion[2] == null) return rest;
  const [, before, taskId, attempt, data] = completion;
  const output = (data as { output?: unknown } | null | undefined)?.output;
  if (ranFor !== undefined) {
    const at = row.at - before;
    const task: TaskState = { id: taskId, status: 'completed', attempt: attempt ?? 0, startedAt: at - ranFor, endedAt: at, ...(output !== undefined ? { output } : {}) };
    return { ...rest, tasks: [...(rest.tasks ?? []), task] };
  }
  if (!rest.tasks || output === undefined) return rest;
  return { ...rest, tasks: rest.tasks.map((task) => (task.id === taskId ? { ...task, output } : task)) };
}

/** A task as a run starts with it: pending, never attempted, nothing else set. */
function isFreshTask(task: TaskState): boolean {
  if (task.status !== 'pending' || task.attempt !== 0) return false;
  const fields = task as unknown as Record<string, unknown>;
  for (const key in fields) {
    if (key !== 'id' && key !== 'status' && key !== 'attempt' && fields[key] !== undefined) return false;
  }
  return true;
}

/** `run_first_rows.tasks`: a fresh task as its id alone (a run of a thousand tasks writes their ids, not a thousand objects). */
export function firstTasksJson(tasks: readonly TaskState[]): string {
  return JSON.stringify(tasks.map((task) => (isFreshTask(task) ? task.id : task)));
}

/** The tasks of `run_first_rows.tasks` (rows of older versions are all objects). */
export function readFirstTasks(json: string): TaskState[] {
  return (JSON.parse(json) as (TaskState | string)[]).map((task) => (typeof task === 'string' ? { id: task, status: 'pending', attempt: 0 } : task));
}

/** `rows` with `tasks` and `seats` written over it (same id: the new one wins). */
export function mergeCommitRows(rows: CommitRows, tasks: readonly TaskState[], seats: readonly SeatSnapshot[]): Required<Pick<CommitRows, 'tasks' | 'seats'>> & CommitRows {
  const taskMap = new Map<string, TaskState>();
  for (const task of [...(rows.tasks ?? []), ...tasks]) taskMap.set(task.id, task);
  const seatMap = new Map<string, SeatSnapshot>();
  for (const seat of [...(rows.seats ?? []), ...seats]) seatMap.set(seat.roleId, seat);
  return { ...rows, tasks: [...taskMap.values()], seats: [...seatMap.values()] };
}

/** The task and seat rows of a run's first commit, as JSON arrays (NULL when it carried none). */
export interface FirstRowsRow {
  readonly tasks: string | null;
  readonly seats: string | null;
}

export interface AuditRow {
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly run_id: string | null;
  readonly task_id: string | null;
  readonly data: string | null;
}

/** Header fields kept in columns; every other field lives in the `state` JSON. */
const COLUMN_FIELDS = new Set(['runId', 'status', 'createdAt', 'updatedAt', 'endedAt', 'seq', 'tasks', 'seats']);

/** The header fields that go into the `state` JSON (a RunState passed as header loses its task and seat maps here). */
export function headerStateJson(header: RunHeader): string {
  const state: Record<string, unknown> = {};
  for (const key in header) {
    if (!COLUMN_FIELDS.has(key)) state[key] = (header as unknown as Record<string, unknown>)[key];
  }
  return JSON.stringify(state);
}

/** How many fields of `header` go into the `state` JSON. */
export function stateFieldCount(header: RunHeader): number {
  let count = 0;
  for (const key in header) if (!COLUMN_FIELDS.has(key)) count += 1;
  return count;
}

/**
 * True when `next` has as many `state` fields as `prev` (`prevFields`, its
 * stateFieldCount) and each is the same value (by reference) as in `prev`:
 * the engine keeps unchanged fields by reference, so this is a pass of
 * comparisons instead of serialising the input again on every commit.
 */
export function sameHeaderState(prev: RunHeader, prevFields: number, next: RunHeader): boolean {
  const before = prev as unknown as Record<string, unknown>;
  const after = next as unknown as Record<string, unknown>;
  let count = 0;
  for (const key in after) {
    if (COLUMN_FIELDS.has(key)) continue;
    if (after[key] !== before[key]) return false;
    count += 1;
  }
  return count === prevFields;
}

/**
 * The seq and update time of a run: its row's, unless its log went further
 * (the row is not rewritten by commits that only append events); then those
 * of the last event.
 */
function progressOf(row: { readonly seq: number; readonly updated_at: number }, last: LastCommitRow | undefined): { seq: number; updatedAt: number } {
  if (!last || last.seq <= row.seq) return { seq: row.seq, updatedAt: row.updated_at };
  const updatedAt = last.rows === null ? undefined : (JSON.parse(last.rows) as CommitRows).updatedAt;
  return { seq: last.seq, updatedAt: updatedAt ?? last.at };
}

export function toRunHeader(row: RunRow, last?: LastCommitRow): RunHeader {
  const state = JSON.parse(row.state) as Omit<RunHeader, 'runId' | 'status' | 'createdAt' | 'updatedAt' | 'endedAt' | 'seq'>;
  const { seq, updatedAt } = progressOf(row, last);
  return {
    runId: row.run_id,
    ...state,
    status: row.status,
    createdAt: row.created_at,
    updatedAt,
    ...(row.ended_at !== null ? { endedAt: row.ended_at } : {}),
    seq,
  };
}

/**
 * The run from its row, its first rows, the task and seat rows of older
 * schema versions, then the rows of each later commit in log order (newer wins).
 */
export function toRunState(
  row: RunRow,
  firstRows: FirstRowsRow | undefined,
  taskRows: readonly { readonly state: string }[],
  seatRows: readonly { readonly state: string }[],
  commitRows: readonly CommitRowsRow[],
  last: LastCommitRow | undefined,
): RunState {
  const tasks: Record<string, TaskState> = {};
  const seats: Record<string, SeatSnapshot> = {};
  if (firstRows?.tasks) {
    for (const task of readFirstTasks(firstRows.tasks)) tasks[task.id] = task;
  }
  if (firstRows?.seats) {
    for (const seat of JSON.parse(firstRows.seats) as SeatSnapshot[]) seats[seat.roleId] = seat;
  }
  for (const taskRow of taskRows) {
    const task = JSON.parse(taskRow.state) as TaskState;
    tasks[task.id] = task;
  }
  for (const seatRow of seatRows) {
    const seat = JSON.parse(seatRow.state) as SeatSnapshot;
    seats[seat.roleId] = seat;
  }
  for (const commit of commitRows) {
    const rows = readCommitRows(commit);
    if (rows.tasks) for (const task of rows.tasks) tasks[task.id] = task;
    if (rows.seats) for (const seat of rows.seats) seats[seat.roleId] = seat;
  }
  return { ...toRunHeader(row, last), tasks, seats };
}

export function toRunSummary(row: SummaryRow, last?: LastCommitRow): RunSummary {
  const { seq, updatedAt } = progressOf(row, last);
  return {
    runId: row.run_id,
    definitionId: row.definition_id,
    definitionVersion: row.definition_version,
    status: row.status,
    ...(row.conversation_id !== null ? { conversationId: row.conversation_id } : {}),
    createdAt: row.created_at,
    updatedAt,
    ...(row.ended_at !== null ? { endedAt: row.ended_at } : {}),
    seq,
  };
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    at: row.at,
    actor: row.actor,
    action: row.action,
    ...(row.run_id !== null ? { runId: row.run_id } : {}),
    ...(row.task_id !== null ? { taskId: row.task_id } : {}),
    ...(row.data !== null ? { data: JSON.parse(row.data) as AuditEntry['data'] } : {}),
  };
}
