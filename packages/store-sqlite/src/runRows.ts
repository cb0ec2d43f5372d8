import type { AuditEntry, RunEvent, RunHeader, RunState, RunSummary, SeatSnapshot, TaskState } from '@troupe/sdk';

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

export interface EventRow {
  readonly seq: number;
  readonly type: RunEvent['type'];
  readonly at: number;
  readonly task_id: string | null;
  readonly attempt: number | null;
  readonly data: string | null;
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

/**
 * True when every `state` field of `next` is the same value (by reference) as
 * in `prev`: the engine keeps unchanged fields by reference, so this is a few
 * comparisons instead of serialising the input again on every commit.
 */
export function sameHeaderState(prev: RunHeader, next: RunHeader): boolean {
  const before = prev as unknown as Record<string, unknown>;
  const after = next as unknown as Record<string, unknown>;
  let count = 0;
  for (const key in after) {
    if (COLUMN_FIELDS.has(key)) continue;
    if (after[key] !== before[key]) return false;
    count += 1;
  }
  for (const key in before) {
    if (!COLUMN_FIELDS.has(key)) count -= 1;
  }
  return count === 0;
}

export function toRunHeader(row: RunRow): RunHeader {
  const state = JSON.parse(row.state) as Omit<RunHeader, 'runId' | 'status' | 'createdAt' | 'updatedAt' | 'endedAt' | 'seq'>;
  return {
    runId: row.run_id,
    ...state,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.ended_at !== null ? { endedAt: row.ended_at } : {}),
    seq: row.seq,
  };
}

/** The run from its row, its first rows, then its task and seat rows, which are newer and win. */
export function toRunState(
  row: RunRow,
  firstRows: FirstRowsRow | undefined,
  taskRows: readonly { readonly state: string }[],
  seatRows: readonly { readonly state: string }[],
): RunState {
  const tasks: Record<string, TaskState> = {};
  if (firstRows?.tasks) {
    for (const task of JSON.parse(firstRows.tasks) as TaskState[]) tasks[task.id] = task;
  }
  for (const taskRow of taskRows) {
    const task = JSON.parse(taskRow.state) as TaskState;
    tasks[task.id] = task;
  }
  const seats: Record<string, SeatSnapshot> = {};
  if (firstRows?.seats) {
    for (const seat of JSON.parse(firstRows.seats) as SeatSnapshot[]) seats[seat.roleId] = seat;
  }
  for (const seatRow of seatRows) {
    const seat = JSON.parse(seatRow.state) as SeatSnapshot;
    seats[seat.roleId] = seat;
  }
  return { ...toRunHeader(row), tasks, seats };
}

export function toRunSummary(row: SummaryRow): RunSummary {
  return {
    runId: row.run_id,
    definitionId: row.definition_id,
    definitionVersion: row.definition_version,
    status: row.status,
    ...(row.conversation_id !== null ? { conversationId: row.conversation_id } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.ended_at !== null ? { endedAt: row.ended_at } : {}),
    seq: row.seq,
  };
}

export function toRunEvent(runId: string, row: EventRow): RunEvent {
  return {
    runId,
    seq: row.seq,
    type: row.type,
    at: row.at,
    ...(row.task_id !== null ? { taskId: row.task_id } : {}),
    ...(row.attempt !== null ? { attempt: row.attempt } : {}),
    ...(row.data !== null ? { data: JSON.parse(row.data) as RunEvent['data'] } : {}),
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
