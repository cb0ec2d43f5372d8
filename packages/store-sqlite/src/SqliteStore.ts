import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  TERMINAL_RUN_STATUSES,
  TroupeError,
  isTroupeError,
  type AuditEntry,
  type AuditFilter,
  type PrunePolicy,
  type RunCommit,
  type RunEvent,
  type RunFilter,
  type RunHeader,
  type RunPage,
  type RunState,
  type RunStatus,
  type SeatSnapshot,
  type TaskState,
  type TriggerState,
  type WorkflowDefinition,
  type WorkflowStore,
} from '@troupe/sdk';
import { ChunkedInsert } from './ChunkedInsert.js';
import { migrate, schemaVersionOf } from './migrations.js';
import { clampRunPageLimit, decodeRunCursor, encodeRunCursor } from '@troupe/sdk';
import {
  headerStateJson,
  sameHeaderState,
  toAuditEntry,
  commitRowsJson,
  mergeCommitRows,
  toRunEvent,
  toRunState,
  toRunSummary,
  type AuditRow,
  type EventRow,
  type FirstRowsRow,
  type LastEventRow,
  type RunRow,
  type SummaryRow,
} from './runRows.js';

export interface SqliteStoreOptions {
  /** Database file; its folder is created. `:memory:` for a throw-away database. */
  readonly path: string;
  /**
   * `NORMAL` (default): a commit survives the process being killed at any
   * instant; the last commits may be lost if the machine loses power.
   * `FULL`: also survives power loss, at the cost of an fsync per commit.
   */
  readonly synchronous?: 'NORMAL' | 'FULL';
  /** How long a write waits for another process holding the lock. Default 5000. */
  readonly busyTimeoutMs?: number;
}

/** The settings an open store actually runs with, read back from SQLite. */
export interface SqliteStoreSettings {
  readonly path: string;
  /** `wal` for a file; `memory` for `:memory:`. */
  readonly journalMode: string;
  readonly synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  readonly schemaVersion: number;
}

type Statement = Database.Statement<unknown[], unknown>;

/** Bits of the run row UPDATE: which columns change besides seq and times. */
const WRITE_STATE = 1;
const WRITE_STATUS = 2;
/** The row is written although neither bit is set (its end time changed, or the commit has no events). */
const WRITE_ROW = 4;

const terminal = new Set<RunStatus>(TERMINAL_RUN_STATUSES);
/** The condition of the partial index runs_unfinished, repeated verbatim so the query can use it. */
const UNFINISHED_SQL = "status <> 'completed' AND status <> 'failed' AND status <> 'cancelled'";
const RUN_COLUMNS = 'id, run_id, status, created_at, updated_at, ended_at, seq, state';
const SUMMARY_COLUMNS = 'id, run_id, definition_id, definition_version, status, conversation_id, created_at, updated_at, ended_at, seq';
/** Runs deleted per prune transaction, so a large prune never holds the write lock for long. */
const PRUNE_CHUNK = 200;
/** The WAL is truncated back to this size after a checkpoint, so a burst of writes does not leave a large file behind. */
const WAL_SIZE_LIMIT = 16 * 1024 * 1024;
/**
 * Pages in the WAL before a commit checkpoints it (SQLite's default is 1000).
 * A checkpoint costs two fsyncs whatever its size; at 4000 pages (16 MB, the
 * size the WAL is truncated back to) a chain of steps pays them a quarter as
 * often, and a reader's WAL lookup stays cheap.
 */
const WAL_CHECKPOINT_PAGES = 4000;
/** Page cache per connection (SQLite's default is 2 MB), so the pages of many active runs stay in memory. */
const CACHE_KIB = 32 * 1024;

interface Statements {
  readonly insertRun: Statement;
  readonly insertDefinition: Statement;
  readonly selectRunHead: Statement;
  readonly insertEvents: ChunkedInsert;
  readonly selectRun: Statement;
  readonly insertFirstRows: Statement;
  readonly upsertFirstRows: Statement;
  readonly selectFirstRows: Statement;
  readonly deleteFirstRows: Statement;
  readonly selectTasks: Statement;
  readonly selectSeats: Statement;
  readonly selectCommitRows: Statement;
  readonly selectLastEvent: Statement;
  readonly selectEventRows: Statement;
  readonly updateEventRows: Statement;
  readonly selectDefinition: Statement;
  readonly selectEvents: Statement;
  readonly selectUnfinished: Statement;
  readonly insertAudit: Statement;
  readonly selectTrigger: Statement;
  readonly upsertTrigger: Statement;
  readonly selectPrunable: Statement;
  readonly deleteEvents: Statement;
  readonly deleteTasks: Statement;
  readonly deleteSeats: Statement;
  readonly deleteRunAudit: Statement;
  readonly deleteRun: Statement;
  readonly deleteOrphanDefinitions: Statement;
  readonly deleteAuditBefore: Statement;
}

function prepareStatements(db: Database.Database): Statements {
  return {
    insertRun: db.prepare(
      `INSERT INTO runs (run_id, definition_id, definition_version, definition_hash, status, conversation_id, parent_run_id,
                         created_at, updated_at, ended_at, seq, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING`,
    ),
    insertDefinition: db.prepare('INSERT INTO run_definitions (hash, definition) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING'),
    // The run row's seq lags while a run only appends events: the log's last seq is the run's.
    selectRunHead: db.prepare(
      `SELECT id, status, ended_at, max(seq, coalesce((SELECT max(e.seq) FROM events e WHERE e.run_key = runs.id), 0)) AS seq
       FROM runs WHERE run_id = ?`,
    ),
    insertEvents: new ChunkedInsert(db, 'INSERT INTO events (run_key, seq, type, at, task_id, attempt, data, rows)', 8).prepareAll(),
    selectRun: db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE run_id = ?`),
    insertFirstRows: db.prepare('INSERT INTO run_first_rows (run_key, tasks, seats) VALUES (?, ?, ?)'),
    upsertFirstRows: db.prepare(
      'INSERT INTO run_first_rows (run_key, tasks, seats) VALUES (?, ?, ?) ON CONFLICT (run_key) DO UPDATE SET tasks = excluded.tasks, seats = excluded.seats',
    ),
    selectFirstRows: db.prepare('SELECT tasks, seats FROM run_first_rows WHERE run_key = ?'),
    deleteFirstRows: db.prepare('DELETE FROM run_first_rows WHERE run_key = ?'),
    selectTasks: db.prepare('SELECT state FROM tasks WHERE run_key = ?'),
    selectSeats: db.prepare('SELECT state FROM seats WHERE run_key = ?'),
    selectCommitRows: db.prepare('SELECT rows FROM events WHERE run_key = ? AND rows IS NOT NULL ORDER BY seq'),
    selectLastEvent: db.prepare('SELECT seq, at, rows FROM events WHERE run_key = ? ORDER BY seq DESC LIMIT 1'),
    selectEventRows: db.prepare('SELECT rows FROM events WHERE run_key = ? AND seq = ?'),
    updateEventRows: db.prepare('UPDATE events SET rows = ? WHERE run_key = ? AND seq = ?'),
    selectDefinition: db.prepare(
      'SELECT d.definition FROM runs r JOIN run_definitions d ON d.hash = r.definition_hash WHERE r.run_id = ?',
    ),
    selectEvents: db.prepare(
      `SELECT seq, type, at, task_id, attempt, data FROM events
       WHERE run_key = (SELECT id FROM runs WHERE run_id = ?) AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    selectUnfinished: db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE ${UNFINISHED_SQL} ORDER BY created_at, run_id`),
    insertAudit: db.prepare('INSERT INTO audit (at, actor, action, run_id, task_id, data) VALUES (?, ?, ?, ?, ?, ?)'),
    selectTrigger: db.prepare('SELECT state FROM trigger_state WHERE key = ?'),
    upsertTrigger: db.prepare('INSERT INTO trigger_state (key, state) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state'),
    selectPrunable: db.prepare(`SELECT id, run_id FROM runs WHERE status = ? AND coalesce(ended_at, updated_at) < ? LIMIT ${PRUNE_CHUNK}`),
    deleteEvents: db.prepare('DELETE FROM events WHERE run_key = ?'),
    deleteTasks: db.prepare('DELETE FROM tasks WHERE run_key = ?'),
    deleteSeats: db.prepare('DELETE FROM seats WHERE run_key = ?'),
    deleteRunAudit: db.prepare('DELETE FROM audit WHERE run_id = ?'),
    deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
    deleteOrphanDefinitions: db.prepare(
      'DELETE FROM run_definitions WHERE NOT EXISTS (SELECT 1 FROM runs WHERE runs.definition_hash = run_definitions.hash)',
    ),
    deleteAuditBefore: db.prepare('DELETE FROM audit WHERE at < ?'),
  };
}

/**
 * SQL of the run row UPDATE for a combination of the bits above. The status
 * column is only set when it changes (it is in two indexes), and no
 * RETURNING: both cost several times the update itself.
 */
function updateRunSql(bits: number): string {
  const set = ['updated_at = ?', 'ended_at = ?', 'seq = ?'];
  if (bits & WRITE_STATUS) set.unshift('status = ?');
  if (bits & WRITE_STATE) set.push('definition_id = ?', 'definition_version = ?', 'conversation_id = ?', 'parent_run_id = ?', 'state = ?');
  return `UPDATE runs SET ${set.join(', ')} WHERE id = ?`;
}

/** What the store remembers of a run it wrote and that is not finished: enough to skip unchanged columns. */
interface ActiveRun {
  readonly key: number;
  readonly header: RunHeader;
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
 * The embedded default store: one SQLite file in WAL mode, through
 * better-sqlite3. A commit is one transaction for the whole batch, made of
 * prepared statements: the run row's changed columns, the new events and the
 * changed task and seat rows, written with multi-row statements. A new run's
 * first task and seat rows go into one row; nothing is ever rewritten whole.
 */
export class SqliteStore implements WorkflowStore {
  readonly kind = 'sqlite';
  readonly path: string;
  readonly #synchronous: 'NORMAL' | 'FULL';
  readonly #busyTimeoutMs: number;
  #db: Database.Database | undefined;
  #statements: Statements | undefined;
  #commitTransaction: ((batch: readonly RunCommit[]) => void) | undefined;
  readonly #updateStatements = new Map<number, Statement>();
  readonly #queryStatements = new Map<string, Statement>();
  /** Runs this store wrote that are not terminal; dropped on rollback, so it only ever lags the database. */
  readonly #active = new Map<string, ActiveRun>();

  constructor(options: SqliteStoreOptions) {
    if (options.synchronous !== undefined && options.synchronous !== 'NORMAL' && options.synchronous !== 'FULL') {
      throw new TroupeError('E_STORE_UNAVAILABLE', { store: options.path, reason: `synchronous must be "NORMAL" or "FULL", not "${String(options.synchronous)}"` });
    }
    this.path = options.path;
    this.#synchronous = options.synchronous ?? 'NORMAL';
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  }

  async open(): Promise<void> {
    if (this.#db) return;
    let db: Database.Database | undefined;
    try {
      const inMemory = this.path === ':memory:' || this.path === '';
      if (!inMemory) mkdirSync(dirname(resolve(this.path)), { recursive: true });
      db = new Database(this.path, { timeout: this.#busyTimeoutMs });
      // Takes effect only on a new, empty file: lets prune hand pages back to the file system.
      db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${this.#synchronous}`);
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
      db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      db.pragma(`cache_size = ${-CACHE_KIB}`);
      migrate(db);
      const statements = prepareStatements(db);
      this.#statements = statements;
      this.#commitTransaction = db.transaction((batch: readonly RunCommit[]) => {
        for (const commit of batch) this.#applyCommit(statements, commit);
        statements.insertEvents.flush();
      }).immediate;
      this.#db = db;
    } catch (error) {
      db?.close();
      this.#statements = undefined;
      if (isTroupeError(error)) throw error;
      throw new TroupeError('E_STORE_UNAVAILABLE', { store: this.path, reason: error instanceof Error ? error.message : String(error) }, { cause: error });
    }
  }

  async close(): Promise<void> {
    const db = this.#db;
    if (!db) return;
    this.#db = undefined;
    this.#statements = undefined;
    this.#commitTransaction = undefined;
    this.#updateStatements.clear();
    this.#queryStatements.clear();
    this.#active.clear();
    db.close();
  }

  async commit(batch: readonly RunCommit[]): Promise<void> {
    const transaction = this.#commitTransaction;
    if (!transaction) throw this.#notOpen();
    for (const commit of batch) checkCommitShape(commit);
    try {
      transaction(batch);
    } catch (error) {
      // Rolled back: forget what this batch taught the cache and the rows it buffered.
      this.#statements?.insertEvents.clear();
      for (const commit of batch) this.#active.delete(commit.runId);
      throw this.#storeError(isDuplicateSeq(error) ? (this.#conflictIn(batch) ?? error) : error);
    }
  }

  /** After a batch hit a seq another process wrote first: the first run of the batch whose log moved on. */
  #conflictIn(batch: readonly RunCommit[]): TroupeError | undefined {
    const statements = this.#statements!;
    for (const commit of batch) {
      if (commit.created) continue;
      const expected = commit.events.length > 0 ? commit.events[0]!.seq : commit.header.seq + 1;
      const stored = statements.selectRunHead.get(commit.runId) as { seq: number } | undefined;
      if (stored && stored.seq + 1 !== expected) return new TroupeError('E_STORE_CONFLICT', { runId: commit.runId, seq: expected, expectedSeq: stored.seq + 1 });
    }
    return undefined;
  }

  async getRun(runId: string): Promise<RunState | undefined> {
    const statements = this.#open();
    const row = statements.selectRun.get(runId) as RunRow | undefined;
    return row && this.#readRunState(statements, row);
  }

  async getDefinition(runId: string): Promise<WorkflowDefinition | undefined> {
    const row = this.#open().selectDefinition.get(runId) as { definition: string } | undefined;
    return row && (JSON.parse(row.definition) as WorkflowDefinition);
  }

  async listRuns(filter: RunFilter = {}): Promise<RunPage> {
    this.#open();
    const limit = clampRunPageLimit(filter.limit);
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status !== undefined) {
      const statuses = typeof filter.status === 'string' ? [filter.status] : filter.status;
      if (statuses.length === 0) return { runs: [] };
      where.push(`status IN (${statuses.map(() => '?').join(', ')})`);
      params.push(...statuses);
    }
    if (filter.definitionId !== undefined) {
      where.push('definition_id = ?');
      params.push(filter.definitionId);
    }
    if (filter.conversationId !== undefined) {
      where.push('conversation_id = ?');
      params.push(filter.conversationId);
    }
    const descending = filter.order === 'desc';
    if (filter.cursor !== undefined) {
      const after = decodeRunCursor(filter.cursor);
      where.push(`(created_at, run_id) ${descending ? '<' : '>'} (?, ?)`);
      params.push(after.createdAt, after.runId);
    }
    const direction = descending ? 'DESC' : 'ASC';
    const sql =
      `SELECT ${SUMMARY_COLUMNS} FROM runs${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}` +
      ` ORDER BY created_at ${direction}, run_id ${direction} LIMIT ?`;
    // One more than the page: tells whether a next page exists.
    const rows = this.#query(sql).all(...params, limit + 1) as SummaryRow[];
    const runs = rows.slice(0, limit).map((row) => toRunSummary(row, this.#lastEventOf(this.#statements!, row)));
    const last = runs[runs.length - 1];
    return rows.length > limit && last ? { runs, nextCursor: encodeRunCursor(last) } : { runs };
  }

  async readEvents(runId: string, afterSeq = 0, limit?: number): Promise<readonly RunEvent[]> {
    const rows = this.#open().selectEvents.all(runId, afterSeq, limit === undefined ? -1 : Math.max(0, limit)) as EventRow[];
    return rows.map((row) => toRunEvent(runId, row));
  }

  async listUnfinishedRuns(): Promise<readonly RunState[]> {
    const statements = this.#open();
    return (statements.selectUnfinished.all() as RunRow[]).map((row) => this.#readRunState(statements, row));
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    const statements = this.#open();
    const db = this.#db!;
    try {
      db.transaction(() => {
        for (const entry of entries) {
          statements.insertAudit.run(
            entry.at,
            entry.actor,
            entry.action,
            entry.runId ?? null,
            entry.taskId ?? null,
            entry.data === undefined ? null : JSON.stringify(entry.data),
          );
        }
      }).immediate();
    } catch (error) {
      throw this.#storeError(error);
    }
  }

  async listAudit(filter: AuditFilter = {}): Promise<readonly AuditEntry[]> {
    this.#open();
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.runId !== undefined) {
      where.push('run_id = ?');
      params.push(filter.runId);
    }
    if (filter.action !== undefined) {
      where.push('action = ?');
      params.push(filter.action);
    }
    const limit = filter.limit === undefined ? -1 : Math.max(0, Math.floor(filter.limit));
    // The latest `limit` entries, returned oldest first.
    const sql = `SELECT at, actor, action, run_id, task_id, data FROM audit${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.#query(sql).all(...params, limit) as AuditRow[];
    return rows.reverse().map(toAuditEntry);
  }

  async getTriggerState(key: string): Promise<TriggerState | undefined> {
    const row = this.#open().selectTrigger.get(key) as { state: string } | undefined;
    return row && (JSON.parse(row.state) as TriggerState);
  }

  async saveTriggerState(state: TriggerState): Promise<void> {
    const statements = this.#open();
    try {
      statements.upsertTrigger.run(state.key, JSON.stringify(state));
    } catch (error) {
      throw this.#storeError(error);
    }
  }

  async prune(policy: PrunePolicy): Promise<number> {
    const statements = this.#open();
    const db = this.#db!;
    let removed = 0;
    try {
      const deleteChunk = db.transaction((rows: readonly { id: number; run_id: string }[]) => {
        for (const row of rows) {
          statements.deleteEvents.run(row.id);
          statements.deleteTasks.run(row.id);
          statements.deleteSeats.run(row.id);
          statements.deleteFirstRows.run(row.id);
          statements.deleteRunAudit.run(row.run_id);
          statements.deleteRun.run(row.id);
          this.#active.delete(row.run_id);
        }
      });
      for (const status of TERMINAL_RUN_STATUSES) {
        const cutoff = policy.endedBefore[status as keyof PrunePolicy['endedBefore']];
        if (cutoff === undefined) continue;
        for (;;) {
          const rows = statements.selectPrunable.all(status, cutoff) as { id: number; run_id: string }[];
          if (rows.length === 0) break;
          deleteChunk.immediate(rows);
          removed += rows.length;
        }
      }
      let auditRemoved = 0;
      if (policy.auditBefore !== undefined) auditRemoved = statements.deleteAuditBefore.run(policy.auditBefore).changes;
      if (removed > 0) statements.deleteOrphanDefinitions.run();
      if (removed > 0 || auditRemoved > 0) {
        // Hand the freed pages back to the file system, then fold the WAL in so it can be truncated.
        db.pragma('incremental_vacuum');
        db.pragma('wal_checkpoint(PASSIVE)');
      }
    } catch (error) {
      throw this.#storeError(error);
    }
    return removed;
  }

  /** What the open connection runs with (for startup reports and diagnostics). */
  settings(): SqliteStoreSettings {
    this.#open();
    const db = this.#db!;
    const synchronous = (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[db.pragma('synchronous', { simple: true }) as number] ?? 'OFF';
    return {
      path: this.path,
      journalMode: db.pragma('journal_mode', { simple: true }) as string,
      synchronous,
      schemaVersion: schemaVersionOf(db),
    };
  }

  #applyCommit(statements: Statements, commit: RunCommit): void {
    const { runId, header, events } = commit;
    const previousSeq = events.length > 0 ? events[0]!.seq - 1 : header.seq;
    let key: number;
    if (commit.created) {
      const definition = this.#definitionRow(commit.created.definition);
      statements.insertDefinition.run(definition.hash, definition.json);
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
          commit.tasks.length > 0 ? JSON.stringify(commit.tasks) : null,
          commit.seats.length > 0 ? JSON.stringify(commit.seats) : null,
        );
      }
    } else {
      key = this.#continueRun(statements, commit, previousSeq);
    }
    const eventValues = statements.insertEvents.values;
    const last = events.length - 1;
    for (let index = 0; index <= last; index += 1) {
      const event = events[index]!;
      eventValues.push(
        key,
        event.seq,
        event.type,
        event.at,
        event.taskId ?? null,
        event.attempt ?? null,
        event.data === undefined ? null : JSON.stringify(event.data),
        // A new run's rows went into its first rows above; a later commit's ride on its last event.
        index === last && !commit.created ? commitRowsJson(commit.tasks, commit.seats, header.updatedAt === event.at ? undefined : header.updatedAt) : null,
      );
    }
    if (events.length === 0 && !commit.created) this.#attachRowsWithoutEvents(statements, key, commit);
    if (terminal.has(header.status)) this.#active.delete(runId);
    else this.#active.set(runId, { key, header });
  }

  /**
   * Checks that the commit continues the run's log and writes the run row only
   * when a column that is filtered or read whole changes (status, end time,
   * the header JSON) or the commit has no events. Otherwise the row's seq and
   * updated_at lag behind the log, and readers take them from its last event:
   * a step of a running run then writes one b-tree, the events.
   */
  #continueRun(statements: Statements, commit: RunCommit, previousSeq: number): number {
    const { runId, header } = commit;
    const active = this.#active.get(runId);
    let key: number;
    let bits = commit.events.length === 0 ? WRITE_ROW : 0;
    let knownSeq: number;
    if (active) {
      key = active.key;
      knownSeq = active.header.seq;
      if (!sameHeaderState(active.header, header)) bits |= WRITE_STATE;
      if (active.header.status !== header.status) bits |= WRITE_STATUS;
      if (active.header.endedAt !== header.endedAt) bits |= WRITE_ROW;
    } else {
      // First commit to this run since open (or since a rollback): look it up, write every column.
      const stored = statements.selectRunHead.get(runId) as { id: number; seq: number; status: string } | undefined;
      if (!stored) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
      key = stored.id;
      knownSeq = stored.seq;
      bits |= WRITE_STATE | (stored.status !== header.status ? WRITE_STATUS : 0);
    }
    if (previousSeq !== knownSeq) throw new TroupeError('E_STORE_CONFLICT', { runId, seq: previousSeq + 1, expectedSeq: knownSeq + 1 });
    if (bits === 0) return key;
    const params: unknown[] = [];
    if (bits & WRITE_STATUS) params.push(header.status);
    params.push(header.updatedAt, header.endedAt ?? null, header.seq);
    if (bits & WRITE_STATE) {
      params.push(header.pin.definitionId, header.pin.definitionVersion, header.conversationId ?? null, header.parentRunId ?? null, headerStateJson(header));
    }
    params.push(key);
    const sqlBits = bits & (WRITE_STATE | WRITE_STATUS);
    let statement = this.#updateStatements.get(sqlBits);
    if (!statement) {
      statement = this.#db!.prepare(updateRunSql(sqlBits));
      this.#updateStatements.set(sqlBits, statement);
    }
    statement.run(...params);
    return key;
  }

  /** A commit without events (rare: a header or row change alone): its rows join those of the run's last event. */
  #attachRowsWithoutEvents(statements: Statements, key: number, commit: RunCommit): void {
    if (commit.tasks.length === 0 && commit.seats.length === 0) return;
    // That event may still be buffered, from an earlier commit of this batch.
    statements.insertEvents.flush();
    const seq = commit.header.seq;
    if (seq === 0) {
      const first = statements.selectFirstRows.get(key) as FirstRowsRow | undefined;
      const merged = mergeCommitRows(
        { tasks: first?.tasks ? (JSON.parse(first.tasks) as TaskState[]) : [], seats: first?.seats ? (JSON.parse(first.seats) as SeatSnapshot[]) : [] },
        commit.tasks,
        commit.seats,
      );
      statements.upsertFirstRows.run(key, merged.tasks.length > 0 ? JSON.stringify(merged.tasks) : null, merged.seats.length > 0 ? JSON.stringify(merged.seats) : null);
      return;
    }
    const row = statements.selectEventRows.get(key, seq) as { rows: string | null } | undefined;
    const merged = mergeCommitRows(row?.rows ? JSON.parse(row.rows) : {}, commit.tasks, commit.seats);
    statements.updateEventRows.run(JSON.stringify(merged), key, seq);
  }

  /** The last event of a run whose row may lag behind its log (not terminal), for its seq and update time. */
  #lastEventOf(statements: Statements, row: { readonly id: number; readonly status: RunStatus }): LastEventRow | undefined {
    if (terminal.has(row.status)) return undefined;
    return statements.selectLastEvent.get(row.id) as LastEventRow | undefined;
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

  #readRunState(statements: Statements, row: RunRow): RunState {
    return toRunState(
      row,
      statements.selectFirstRows.get(row.id) as FirstRowsRow | undefined,
      statements.selectTasks.all(row.id) as { state: string }[],
      statements.selectSeats.all(row.id) as { state: string }[],
      statements.selectCommitRows.all(row.id) as { rows: string }[],
      this.#lastEventOf(statements, row),
    );
  }

  /** Statements whose SQL depends on the filter, prepared once per shape. */
  #query(sql: string): Statement {
    let statement = this.#queryStatements.get(sql);
    if (!statement) {
      statement = this.#db!.prepare(sql);
      this.#queryStatements.set(sql, statement);
    }
    return statement;
  }

  #open(): Statements {
    if (!this.#statements) throw this.#notOpen();
    return this.#statements;
  }

  #notOpen(): TroupeError {
    return new TroupeError('E_STORE_UNAVAILABLE', { store: this.path, reason: 'the store is not open (call open() first)' });
  }

  #storeError(error: unknown): unknown {
    if (isTroupeError(error)) return error;
    return new TroupeError('E_STORE_UNAVAILABLE', { store: this.path, reason: error instanceof Error ? error.message : String(error) }, { cause: error });
  }
}

/** The embedded default store. Call open() before use (the host does). */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}
