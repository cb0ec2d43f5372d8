import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { TroupeError, type RunCommit, type RunHeader, type SeatSnapshot, type WorkflowDefinition } from '@troupe/sdk';
import { commitEventsJson, lastCompletion } from './commitEvents.js';
import { commitRowsJson, firstTasksJson, headerStateJson, isTerminalStatus, mergeCommitRows, pushAuditRow, readCommitRows, readFirstTasks, sameHeaderState, stateFieldCount, type FirstRowsRow, type LastCommitRow } from './runRows.js';
import type { Statement, Statements } from './statements.js';

/** Bits of the run row UPDATE: which columns change besides seq and times. */
const WRITE_STATE = 1;
const WRITE_STATUS = 2;
/** The row is written although no other bit is set (its end time changed, or the commit has no events). */
const WRITE_ROW = 4;
/** The indexed header columns (pin, conversation, parent): set only when one of them changes. */
const WRITE_KEYS = 8;

/**
 * SQL of the run row UPDATE for a combination of the bits above. Indexed
 * columns (status; pin, conversation and parent) are only set when they
 * change: SQLite rewrites the index entries of every column in the SET list,
 * changed or not. No RETURNING: it costs several times the update itself.
 */
function updateRunSql(bits: number): string {
  const set = ['updated_at = ?', 'ended_at = ?', 'seq = ?'];
  if (bits & WRITE_STATUS) set.unshift('status = ?');
  if (bits & WRITE_KEYS) set.push('definition_id = ?', 'definition_version = ?', 'conversation_id = ?', 'parent_run_id = ?');
  if (bits & WRITE_STATE) set.push('state = ?');
  return `UPDATE runs SET ${set.join(', ')} WHERE id = ?`;
}

/** Whether a header column that is indexed differs between two headers of a run. */
function keysChanged(prev: RunHeader, next: RunHeader): boolean {
  return (
    prev.pin.definitionId !== next.pin.definitionId ||
    prev.pin.definitionVersion !== next.pin.definitionVersion ||
    prev.conversationId !== next.conversationId ||
    prev.parentRunId !== next.parentRunId
  );
}

/** What the store remembers of a run it wrote and that is not finished: enough to skip unchanged columns. */
interface ActiveRun {
  readonly key: number;
  /** The header of the run's last commit (replaced in place: a step allocates nothing here). */
  header: RunHeader;
  /** stateFieldCount(header). */
  stateFields: number;
}

/** A definition serialised once and named by the hash of its JSON. */
interface DefinitionRow {
  readonly hash: string;
  readonly json: string;
}

/**
 * Definitions serialised and hashed, shared by every store of the process:
 * the engine hands the same (immutable) definition object to every run of a
 * workflow, so a thousand runs serialise and hash it once.
 */
const definitionRows = new WeakMap<WorkflowDefinition, DefinitionRow>();

/** A write that hit an event seq already in the log: another process appended to the run first. */
function isDuplicateSeq(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Checks what can be checked without the database: the events continue each other and the header follows them. */
function checkCommitShape(commit: RunCommit): void {
  const { runId, events, header } = commit;
  const first = events.length > 0 ? events[0]!.seq : header.seq + 1;
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index]!;
    if (event.seq !== first + index || event.runId !== runId) {
      throw new TroupeError('E_STORE_CONFLICT', { runId, seq: event.seq, expectedSeq: first + index });
    }
  }
  const last = first + events.length - 1;
  if (header.runId !== runId || header.seq !== last) {
    throw new TroupeError('E_STORE_CONFLICT', { runId, seq: header.seq, expectedSeq: last });
  }
  if (commit.created && first !== 1) {
    throw new TroupeError('E_STORE_CONFLICT', { runId, seq: first, expectedSeq: 1 });
  }
}

/**
 * The write path of the store: checks a batch, writes it in one immediate
 * transaction and remembers, for the runs it writes, what it needs to skip
 * unchanged columns and to check the next commit's seq without a read.
 * A commit that continues a running run appends one row to the log: its
 * events, and the task and seat rows it changed; the run row is rewritten
 * only when its status, end time or header fields change.
 */
export class CommitWriter {
  readonly #db: Database.Database;
  readonly #statements: Statements;
  readonly #transaction: (batch: readonly RunCommit[]) => void;
  readonly #updateStatements = new Map<number, Statement>();
  /**
   * Definition hashes found or written in the current transaction: under its
   * write lock no other process can prune them, so the runs of a batch that
   * share a definition look it up once.
   */
  readonly #definitionsInBatch = new Set<string>();
  /** Runs this store wrote that are not terminal; dropped on rollback, so it only ever lags the database. */
  readonly #active = new Map<string, ActiveRun>();

  constructor(db: Database.Database, statements: Statements) {
    this.#db = db;
    this.#statements = statements;
    this.#transaction = db.transaction((batch: readonly RunCommit[]) => {
      this.#definitionsInBatch.clear();
      for (const commit of batch) this.#apply(commit);
      statements.insertCommits.flush();
      // The audit entries about these commits land with them (auditInCommit).
      const audit = statements.insertAudit;
      for (const commit of batch) if (commit.audit) for (const entry of commit.audit) pushAuditRow(audit.values, entry);
      audit.flush();
    }).immediate;
  }

  /** Writes the batch, or nothing of it: throws a TroupeError for what the batch got wrong, else SQLite's error. */
  write(batch: readonly RunCommit[]): void {
    for (const commit of batch) checkCommitShape(commit);
    try {
      this.#transaction(batch);
    } catch (error) {
      // Rolled back: forget what this batch taught the cache and the rows it buffered.
      this.#statements.insertCommits.clear();
      this.#statements.insertAudit.clear();
      for (const commit of batch) this.#active.delete(commit.runId);
      throw isDuplicateSeq(error) ? (this.#conflictIn(batch) ?? error) : error;
    }
  }

  /** The run is gone from the database (pruned). */
  forget(runId: string): void {
    this.#active.delete(runId);
  }

  /** After a batch hit a seq another process wrote first: the first run of the batch whose log moved on. */
  #conflictIn(batch: readonly RunCommit[]): TroupeError | undefined {
    const statements = this.#statements;
    for (const commit of batch) {
      if (commit.created) continue;
      const expected = commit.events.length > 0 ? commit.events[0]!.seq : commit.header.seq + 1;
      const stored = statements.selectRunHead.get(commit.runId) as { seq: number } | undefined;
      if (stored && stored.seq + 1 !== expected) return new TroupeError('E_STORE_CONFLICT', { runId: commit.runId, seq: expected, expectedSeq: stored.seq + 1 });
    }
    return undefined;
  }

  #apply(commit: RunCommit): void {
    const statements = this.#statements;
    const { runId, header, events } = commit;
    const previousSeq = events.length > 0 ? events[0]!.seq - 1 : header.seq;
    let key: number;
    if (commit.created) {
      const definition = this.#definitionRow(commit.created.definition);
      // Under the write lock: a copy found here cannot be pruned before this run row points at it.
      if (!this.#definitionsInBatch.has(definition.hash)) {
        if (statements.hasDefinition.get(definition.hash) === undefined) statements.insertDefinition.run(definition.hash, definition.json);
        this.#definitionsInBatch.add(definition.hash);
      }
      const inserted = statements.insertRun.run(
        runId,
        header.pin.definitionId,
        header.pin.definitionVersion,
        definition.hash,
        header.status,
        header.conversationId ?? null,
        header.parentRunId ?? null,
        header.createdAt,
        header.updatedAt,
        header.endedAt ?? null,
        header.seq,
        headerStateJson(header),
      );
      if (inserted.changes === 0) throw new TroupeError('E_RUN_EXISTS', { runId });
      key = Number(inserted.lastInsertRowid);
      // The rows a run starts with (every task, pending) cost one row here instead of a row each.
      if (commit.tasks.length > 0 || commit.seats.length > 0) {
        statements.insertFirstRows.run(
          key,
          commit.tasks.length > 0 ? firstTasksJson(commit.tasks) : null,
          commit.seats.length > 0 ? JSON.stringify(commit.seats) : null,
        );
      }
    } else {
      key = this.#continueRun(statements, commit, previousSeq);
    }
    if (events.length > 0) {
      const last = events[events.length - 1]!;
      statements.insertCommits.values.push(
        key,
        events[0]!.seq,
        events.length,
        last.at,
        commitEventsJson(events),
        // A new run's rows went into its first rows above; a later commit's ride with its events.
        commit.created ? null : commitRowsJson(commit.tasks, commit.seats, header.updatedAt === last.at ? undefined : header.updatedAt, lastCompletion(events)),
      );
    } else if (!commit.created) {
      this.#attachRowsWithoutEvents(statements, key, commit);
    }
    if (isTerminalStatus(header.status)) this.#active.delete(runId);
    else if (commit.created) this.#active.set(runId, { key, header, stateFields: stateFieldCount(header) });
  }

  /**
   * Checks that the commit continues the run's log and writes the run row only
   * when a column that is filtered or read whole changes (status, end time,
   * the header JSON) or the commit has no events. Otherwise the row's seq and
   * updated_at lag behind the log, and readers take them from its last commit:
   * a step of a running run then writes one b-tree, the log. Returns the
   * run's key; what the writer remembers of the run now has this header.
   */
  #continueRun(statements: Statements, commit: RunCommit, previousSeq: number): number {
    const { runId, header } = commit;
    let active = this.#active.get(runId);
    let bits = commit.events.length === 0 ? WRITE_ROW : 0;
    let knownSeq: number;
    if (active) {
      knownSeq = active.header.seq;
      if (!sameHeaderState(active.header, active.stateFields, header)) bits |= WRITE_STATE | (keysChanged(active.header, header) ? WRITE_KEYS : 0);
      if (active.header.status !== header.status) bits |= WRITE_STATUS;
      if (active.header.endedAt !== header.endedAt) bits |= WRITE_ROW;
    } else {
      // First commit to this run since open (or since a rollback): look it up, write every column.
      const stored = statements.selectRunHead.get(runId) as { id: number; seq: number; status: string } | undefined;
      if (!stored) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
      active = { key: stored.id, header, stateFields: -1 };
      this.#active.set(runId, active);
      knownSeq = stored.seq;
      bits |= WRITE_STATE | WRITE_KEYS | (stored.status !== header.status ? WRITE_STATUS : 0);
    }
    // Remembered now: a failure later in the batch rolls it back and write() forgets the run.
    if (bits & WRITE_STATE) active.stateFields = stateFieldCount(header);
    active.header = header;
    const key = active.key;
    if (previousSeq !== knownSeq) throw new TroupeError('E_STORE_CONFLICT', { runId, seq: previousSeq + 1, expectedSeq: knownSeq + 1 });
    if (bits === 0) return key;
    const params: unknown[] = [];
    if (bits & WRITE_STATUS) params.push(header.status);
    params.push(header.updatedAt, header.endedAt ?? null, header.seq);
    if (bits & WRITE_KEYS) params.push(header.pin.definitionId, header.pin.definitionVersion, header.conversationId ?? null, header.parentRunId ?? null);
    if (bits & WRITE_STATE) params.push(headerStateJson(header));
    params.push(key);
    const sqlBits = bits & (WRITE_STATE | WRITE_STATUS | WRITE_KEYS);
    let statement = this.#updateStatements.get(sqlBits);
    if (!statement) {
      statement = this.#db.prepare(updateRunSql(sqlBits));
      this.#updateStatements.set(sqlBits, statement);
    }
    statement.run(...params);
    return key;
  }

  /** A commit without events (rare: a header or row change alone): its rows join those of the run's last commit. */
  #attachRowsWithoutEvents(statements: Statements, key: number, commit: RunCommit): void {
    if (commit.tasks.length === 0 && commit.seats.length === 0) return;
    // That commit may still be buffered, from earlier in this batch.
    statements.insertCommits.flush();
    const seq = commit.header.seq;
    if (seq === 0) {
      const first = statements.selectFirstRows.get(key) as FirstRowsRow | undefined;
      const merged = mergeCommitRows(
        { tasks: first?.tasks ? readFirstTasks(first.tasks) : [], seats: first?.seats ? (JSON.parse(first.seats) as SeatSnapshot[]) : [] },
        commit.tasks,
        commit.seats,
      );
      statements.upsertFirstRows.run(key, merged.tasks.length > 0 ? firstTasksJson(merged.tasks) : null, merged.seats.length > 0 ? JSON.stringify(merged.seats) : null);
      return;
    }
    const row = statements.selectLastCommit.get(key) as LastCommitRow | undefined;
    if (!row || row.seq !== seq) throw new TroupeError('E_STORE_CONFLICT', { runId: commit.runId, seq, expectedSeq: row?.seq ?? 0 });
    // Read whole (a task left to the event put back): the merged rows are written without the flags.
    const merged = mergeCommitRows(row.rows ? readCommitRows({ ...row, rows: row.rows }) : {}, commit.tasks, commit.seats);
    statements.updateCommitRows.run(JSON.stringify(merged), row.id);
  }

  #definitionRow(definition: WorkflowDefinition): DefinitionRow {
    let row = definitionRows.get(definition);
    if (!row) {
      const json = JSON.stringify(definition);
      row = { hash: createHash('sha256').update(json).digest('base64url'), json };
      definitionRows.set(definition, row);
    }
    return row;
  }
}
