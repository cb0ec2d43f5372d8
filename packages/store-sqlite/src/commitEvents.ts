// A commit's events as one JSON array (`commits.events`, schema 8): written
// by commitEventsJson, read back by toRunEvents.
import type { RunEvent } from '@troupe/sdk';

/** A commit of the log as read for its events: its first seq, its last event's time and its events as JSON (see commitEventsJson). */
export interface CommitEventsRow {
  readonly seq: number;
  readonly at: number;
  readonly events: string;
}

/**
 * One event in a commit's `events` JSON: `[type, before, taskId, attempt, data]`,
 * trailing nulls left out; `before`: ms between the event and the commit's last.
 */
export type EventTuple = readonly [type: RunEvent['type'], before: number, taskId?: string | null, attempt?: number | null, data?: RunEvent['data'] | null];

/**
 * `commits.events`: the commit's events as one JSON array of tuples
 * `[type, before, taskId, attempt, data]` (their seqs follow the commit's
 * first; `before` is how long before the last event each came, usually 0 or
 * 1 instead of a 13-digit time), each cut after its last field that is set.
 */
export function commitEventsJson(events: readonly RunEvent[]): string {
  const lastAt = events[events.length - 1]!.at;
  let json = '[';
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index]!;
    json += `${index === 0 ? '' : ','}[${quotedType(event.type)},${lastAt - event.at}`;
    const hasData = event.data !== undefined;
    const hasAttempt = hasData || event.attempt !== undefined;
    if (hasAttempt || event.taskId !== undefined) json += event.taskId === undefined ? ',null' : `,${JSON.stringify(event.taskId)}`;
    if (hasAttempt) json += event.attempt === undefined ? ',null' : `,${event.attempt}`;
    if (hasData) json += `,${JSON.stringify(event.data)}`;
    json += ']';
  }
  return `${json}]`;
}

/** Event types as JSON strings, each quoted once (there are a few dozen). */
const quotedTypes = new Map<string, string>();

function quotedType(type: string): string {
  let quoted = quotedTypes.get(type);
  if (quoted === undefined) {
    quoted = JSON.stringify(type);
    if (quotedTypes.size < 256) quotedTypes.set(type, quoted);
  }
  return quoted;
}

/** The events of a commit, as read back: seqs from its first, times back from its last. */
export function toRunEvents(runId: string, row: CommitEventsRow): RunEvent[] {
  const tuples = JSON.parse(row.events) as EventTuple[];
  return tuples.map((tuple, index) => toRunEvent(runId, row.seq + index, row.at, tuple));
}

function toRunEvent(runId: string, seq: number, lastAt: number, [type, before, taskId, attempt, data]: EventTuple): RunEvent {
  return {
    runId,
    seq,
    type,
    at: lastAt - before,
    ...(taskId != null ? { taskId } : {}),
    ...(attempt != null ? { attempt } : {}),
    ...(data != null ? { data } : {}),
  };
}

/** The commit's last `task.completed` event, as its tuple (undefined when it has none). */
export function lastCompletionTuple(events: string): EventTuple | undefined {
  const tuples = JSON.parse(events) as EventTuple[];
  for (let index = tuples.length - 1; index >= 0; index -= 1) if (tuples[index]![0] === 'task.completed') return tuples[index];
  return undefined;
}

/** The commit's last `task.completed` event (usually its last, or the one before the run's completion). */
export function lastCompletion(events: readonly RunEvent[]): RunEvent | undefined {
  for (let index = events.length - 1; index >= 0; index -= 1) if (events[index]!.type === 'task.completed') return events[index];
  return undefined;
}
