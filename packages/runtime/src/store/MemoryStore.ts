import {
  TERMINAL_RUN_STATUSES,
  TroupeError,
  type AuditEntry,
  type AuditFilter,
  type HostLeaseRecord,
  type PrunePolicy,
  type RunCommit,
  type RunEvent,
  type RunFilter,
  type RunHeader,
  type RunPage,
  type RunState,
  type RunStatus,
  type RunSummary,
  type SeatSnapshot,
  type TaskState,
  type TriggerState,
  type WorkflowDefinition,
  type WorkflowStore,
} from '@troupe/sdk';
import { clampRunPageLimit, decodeRunCursor, encodeRunCursor, type RunPosition } from '@troupe/sdk';

interface RunRecord {
  /** Where the run sorts; fixed at creation (createdAt never changes). */
  readonly position: RunPosition;
  header: RunHeader;
  readonly definition: WorkflowDefinition;
  readonly tasks: Map<string, TaskState>;
  readonly seats: Map<string, SeatSnapshot>;
  /** events[i].seq === i + 1: seq is gap-free from 1, so reads are slices. */
  readonly events: RunEvent[];
}

const terminal = new Set<RunStatus>(TERMINAL_RUN_STATUSES);

function comparePosition(a: RunPosition, b: RunPosition): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0;
}

/**
 * Checks a batch against the current state without changing anything, so a
 * bad commit anywhere in the batch leaves the store untouched.
 */
function validateBatch(batch: readonly RunCommit[], currentSeq: (runId: string) => number | undefined): void {
  // Later commits of the same run in one batch continue from earlier ones.
  const planned = batch.length > 1 ? new Map<string, number>() : undefined;
  for (const commit of batch) {
    const { runId } = commit;
    let seq = planned?.get(runId) ?? currentSeq(runId);
    if (commit.created) {
      if (seq !== undefined) throw new TroupeError('E_RUN_EXISTS', { runId });
      seq = 0;
    } else if (seq === undefined) {
      throw new TroupeError('E_RUN_NOT_FOUND', { runId });
    }
    for (const event of commit.events) {
      if (event.seq !== seq + 1 || event.runId !== runId) {
        throw new TroupeError('E_STORE_CONFLICT', { runId, seq: event.seq, expectedSeq: seq + 1 });
      }
      seq = event.seq;
    }
    if (commit.header.runId !== runId || commit.header.seq !== seq) {
      throw new TroupeError('E_STORE_CONFLICT', { runId, seq: commit.header.seq, expectedSeq: seq });
    }
    planned?.set(runId, seq);
  }
}

/**
 * The in-memory store, for tests and `store: "memory"`. Nothing survives the
 * process, but everything survives close() and open() on the same instance, so
 * tests can restart a host on it.
 *
 * Rows are kept by reference, never copied: a commit replaces a run's header
 * and the changed task and seat rows with the objects it carries, and appends
 * its events. Callers must not mutate an object after committing it (the types
 * are readonly). getRun returns a fresh RunState with fresh task and seat maps,
 * so adding or removing entries there never reaches the store.
 */
export class MemoryStore implements WorkflowStore {
  readonly kind = 'memory';
  readonly auditInCommit = true;
  readonly #runs = new Map<string, RunRecord>();
  /** Every run, ordered by (createdAt, runId), for listRuns and recovery. */
  #ordered: RunRecord[] = [];
  #audit: AuditEntry[] = [];
  readonly #triggers = new Map<string, TriggerState>();
  #lease: HostLeaseRecord | undefined;

  async open(): Promise<void> {}

  async close(): Promise<void> {}

  async commit(batch: readonly RunCommit[]): Promise<void> {
    validateBatch(batch, (runId) => this.#runs.get(runId)?.header.seq);
    for (const commit of batch) {
      let record = this.#runs.get(commit.runId);
      if (record === undefined) {
        // validateBatch guarantees `created` on a new run.
        record = {
          position: { createdAt: commit.header.createdAt, runId: commit.runId },
          header: commit.header,
          definition: commit.created!.definition,
          tasks: new Map(),
          seats: new Map(),
          events: [],
        };
        this.#runs.set(commit.runId, record);
        this.#insertOrdered(record);
      } else {
        record.header = commit.header;
      }
      for (const event of commit.events) record.events.push(event);
      for (const task of commit.tasks) record.tasks.set(task.id, task);
      for (const seat of commit.seats) record.seats.set(seat.roleId, seat);
      if (commit.audit) for (const entry of commit.audit) this.#audit.push(entry);
    }
  }

  async getRun(runId: string): Promise<RunState | undefined> {
    const record = this.#runs.get(runId);
    return record && toRunState(record);
  }

  async getDefinition(runId: string): Promise<WorkflowDefinition | undefined> {
    return this.#runs.get(runId)?.definition;
  }

  async listRuns(filter: RunFilter = {}): Promise<RunPage> {
    const limit = clampRunPageLimit(filter.limit);
    const statuses = filter.status === undefined ? undefined : new Set(typeof filter.status === 'string' ? [filter.status] : filter.status);
    const descending = filter.order === 'desc';
    const ordered = this.#ordered;
    let index: number;
    if (filter.cursor === undefined) {
      index = descending ? ordered.length - 1 : 0;
    } else {
      const after = decodeRunCursor(filter.cursor);
      // First index strictly after (asc) / last index strictly before (desc) the cursor.
      index = descending ? this.#lowerBound(after) - 1 : this.#upperBound(after);
    }
    const runs: RunSummary[] = [];
    let last: RunPosition | undefined;
    let more = false;
    for (; descending ? index >= 0 : index < ordered.length; index += descending ? -1 : 1) {
      const { header, position } = ordered[index]!;
      if (statuses !== undefined && !statuses.has(header.status)) continue;
      if (filter.definitionId !== undefined && header.pin.definitionId !== filter.definitionId) continue;
      if (filter.conversationId !== undefined && header.conversationId !== filter.conversationId) continue;
      if (runs.length === limit) {
        more = true;
        break;
      }
      runs.push(toRunSummary(header));
      last = position;
    }
    return more && last ? { runs, nextCursor: encodeRunCursor(last) } : { runs };
  }

  async readEvents(runId: string, afterSeq = 0, limit?: number): Promise<readonly RunEvent[]> {
    const events = this.#runs.get(runId)?.events;
    if (events === undefined) return [];
    const start = Math.max(0, Math.floor(afterSeq));
    return events.slice(start, limit === undefined ? undefined : start + Math.max(0, limit));
  }

  async listUnfinishedRuns(): Promise<readonly RunState[]> {
    const result: RunState[] = [];
    for (const record of this.#ordered) {
      if (!terminal.has(record.header.status)) result.push(toRunState(record));
    }
    return result;
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    for (const entry of entries) this.#audit.push(entry);
  }

  async listAudit(filter: AuditFilter = {}): Promise<readonly AuditEntry[]> {
    const matches = this.#audit.filter(
      (entry) => (filter.runId === undefined || entry.runId === filter.runId) && (filter.action === undefined || entry.action === filter.action),
    );
    // With a limit: the latest entries, still oldest first.
    return filter.limit === undefined ? matches : matches.slice(Math.max(0, matches.length - Math.max(0, filter.limit)));
  }

  async getTriggerState(key: string): Promise<TriggerState | undefined> {
    return this.#triggers.get(key);
  }

  async saveTriggerState(state: TriggerState): Promise<void> {
    this.#triggers.set(state.key, state);
  }

  async prune(policy: PrunePolicy): Promise<number> {
    const removed = new Set<string>();
    this.#ordered = this.#ordered.filter(({ header }) => {
      if (!isPrunable(header, policy)) return true;
      this.#runs.delete(header.runId);
      removed.add(header.runId);
      return false;
    });
    const { auditBefore } = policy;
    if (removed.size > 0 || auditBefore !== undefined) {
      this.#audit = this.#audit.filter(
        (entry) => !(entry.runId !== undefined && removed.has(entry.runId)) && !(auditBefore !== undefined && entry.at < auditBefore),
      );
    }
    return removed.size;
  }

  async readHostLease(): Promise<HostLeaseRecord | undefined> {
    return this.#lease;
  }

  async swapHostLease(expectedLeaseId: string | undefined, next: HostLeaseRecord | undefined): Promise<boolean> {
    if (this.#lease?.leaseId !== expectedLeaseId) return false;
    this.#lease = next;
    return true;
  }

  #insertOrdered(record: RunRecord): void {
    const ordered = this.#ordered;
    // Runs are almost always created in time order: append without searching.
    const last = ordered[ordered.length - 1];
    if (last === undefined || comparePosition(last.position, record.position) <= 0) {
      ordered.push(record);
    } else {
      ordered.splice(this.#upperBound(record.position), 0, record);
    }
  }

  /** Index of the first run after `position`. */
  #upperBound(position: RunPosition): number {
    let low = 0;
    let high = this.#ordered.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comparePosition(this.#ordered[middle]!.position, position) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Index of the first run at or after `position`. */
  #lowerBound(position: RunPosition): number {
    let low = 0;
    let high = this.#ordered.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comparePosition(this.#ordered[middle]!.position, position) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function toRunState(record: RunRecord): RunState {
  return { ...record.header, tasks: Object.fromEntries(record.tasks), seats: Object.fromEntries(record.seats) };
}

function toRunSummary(header: RunHeader): RunSummary {
  return {
    runId: header.runId,
    definitionId: header.pin.definitionId,
    definitionVersion: header.pin.definitionVersion,
    status: header.status,
    ...(header.conversationId !== undefined ? { conversationId: header.conversationId } : {}),
    createdAt: header.createdAt,
    updatedAt: header.updatedAt,
    ...(header.endedAt !== undefined ? { endedAt: header.endedAt } : {}),
    seq: header.seq,
  };
}

/** A terminal run that ended (or, lacking endedAt, last changed) before its status's cut-off. */
function isPrunable(header: RunHeader, policy: PrunePolicy): boolean {
  if (header.status !== 'completed' && header.status !== 'failed' && header.status !== 'cancelled') return false;
  const cutoff = policy.endedBefore[header.status];
  return cutoff !== undefined && (header.endedAt ?? header.updatedAt) < cutoff;
}
