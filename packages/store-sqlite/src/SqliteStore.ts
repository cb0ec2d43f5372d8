import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  TERMINAL_RUN_STATUSES,
  TroupeError,
  clampRunPageLimit,
  decodeRunCursor,
  encodeRunCursor,
  type AuditEntry,
  type AuditFilter,
  type HostLeaseRecord,
  type PrunePolicy,
  type RunCommit,
  type RunEvent,
  type RunFilter,
  type RunPage,
  type RunState,
  type RunStatus,
  type TriggerState,
  type WorkflowDefinition,
  type WorkflowStore,
} from '@troupe/sdk';
import { CommitWriter } from './CommitWriter.js';
import { toRunEvents, type CommitEventsRow } from './commitEvents.js';
import { migrate, schemaVersionOf } from './migrations.js';
import {
  isTerminalStatus,
  pushAuditRow,
  toAuditEntry,
  toRunState,
  toRunSummary,
  type AuditRow,
  type CommitRowsRow,
  type FirstRowsRow,
  type LastCommitRow,
  type RunRow,
  type SummaryRow,
} from './runRows.js';
import { prepareStatements, SUMMARY_COLUMNS, type Statement, type Statements } from './statements.js';
import { storeErrorOf, storeName } from './storeErrorOf.js';

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
  /**
   * `after-unclean-shutdown` (default): open() runs `PRAGMA quick_check` when
   * the last process left its write-ahead log behind (it was killed, or still
   * has the file open) and refuses a damaged file with E_STORE_CORRUPT.
   * `never` skips the check.
   */
  readonly integrityCheck?: 'after-unclean-shutdown' | 'never';
}

/** The settings an open store actually runs with, read back from SQLite. */
export interface SqliteStoreSettings {
  readonly path: string;
  /** `wal` for a file; `memory` for `:memory:`. */
  readonly journalMode: string;
  readonly synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  readonly schemaVersion: number;
}

/** The WAL is truncated back to this size after a checkpoint, so a burst of writes does not leave a large file behind. */
const WAL_SIZE_LIMIT = 16 * 1024 * 1024;
/**
 * Pages in the WAL before a commit checkpoints it (SQLite's default is 1000).
 * A checkpoint costs two fsyncs whatever its size; at 4000 pages (16 MB, the
 * size the WAL is truncated back to) a chain of steps pays them a quarter as
 * often, and a reader's WAL lookup stays cheap.
 */
const WAL_CHECKPOINT_PAGES = 4000;
/**
 * Page cache per connection (SQLite's default is 2 MB). The pages a step
 * writes are few (the log's end, its index, the rows of the runs it ends), so
 * a small cache holds them. While a 32 MB cache filled, writes cost
 * 1.3–2 µs per task more (200 concurrent chains of 10), in allocations and in
 * SQLite's scan of its cache after each transaction; once full, the same.
 */
const CACHE_KIB = 4 * 1024;
/**
 * Pages of the database file are read through a memory map of up to this
 * size instead of a read into the cache each: reads of runs no longer in the
 * cache cost what they did with a 32 MB cache, or less. Writes still go
 * through the WAL.
 */
const MMAP_BYTES = 256 * 1024 * 1024;

/**
 * The embedded default store: one SQLite file in WAL mode, through
 * better-sqlite3. Commits go through the CommitWriter (one transaction per
 * batch); reads put a run together from its row, the rows it started with and
 * the rows each later commit left on its last event.
 */
export class SqliteStore implements WorkflowStore {
  readonly kind = 'sqlite';
  /** A commit's audit entries are written in its transaction. */
  readonly auditInCommit = true;
  readonly path: string;
  readonly #synchronous: 'NORMAL' | 'FULL';
  readonly #busyTimeoutMs: number;
  readonly #integrityCheck: 'after-unclean-shutdown' | 'never';
  #db: Database.Database | undefined;
  #statements: Statements | undefined;
  #writer: CommitWriter | undefined;
  readonly #queryStatements = new Map<string, Statement>();

  constructor(options: SqliteStoreOptions) {
    if (options.synchronous !== undefined && options.synchronous !== 'NORMAL' && options.synchronous !== 'FULL') {
      throw new TroupeError('E_STORE_UNAVAILABLE', { store: storeName(options.path), reason: `synchronous must be "NORMAL" or "FULL", not "${String(options.synchronous)}"` });
    }
    this.path = options.path;
    this.#synchronous = options.synchronous ?? 'NORMAL';
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.#integrityCheck = options.integrityCheck ?? 'after-unclean-shutdown';
  }

  async open(): Promise<void> {
    if (this.#db) return;
    let db: Database.Database | undefined;
    try {
      const inMemory = this.path === ':memory:' || this.path === '';
      if (!inMemory) mkdirSync(dirname(resolve(this.path)), { recursive: true });
      // A WAL left behind: the last process did not close the store (killed, or it still runs).
      const unclean = !inMemory && this.#integrityCheck !== 'never' && walLeftBehind(this.path);
      db = new Database(this.path, { timeout: this.#busyTimeoutMs });
      if (unclean) checkIntegrity(db, this.path);
      // Takes effect only on a new, empty file: lets prune hand pages back to the file system.
      db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${this.#synchronous}`);
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
      db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      db.pragma(`cache_size = ${-CACHE_KIB}`);
      db.pragma(`mmap_size = ${MMAP_BYTES}`);
      migrate(db);
      const statements = prepareStatements(db);
      this.#statements = statements;
      this.#writer = new CommitWriter(db, statements);
      this.#db = db;
    } catch (error) {
      db?.close();
      this.#statements = undefined;
      throw storeErrorOf(error, this.path);
    }
  }

  async close(): Promise<void> {
    const db = this.#db;
    if (!db) return;
    this.#db = undefined;
    this.#statements = undefined;
    this.#writer = undefined;
    this.#queryStatements.clear();
    db.close();
  }

  async commit(batch: readonly RunCommit[]): Promise<void> {
    const writer = this.#writer;
    if (!writer) throw this.#notOpen();
    try {
      writer.write(batch);
    } catch (error) {
      throw this.#storeError(error);
    }
  }

  async getRun(runId: string): Promise<RunState | undefined> {
    return this.#read((statements) => {
      const row = statements.selectRun.get(runId) as RunRow | undefined;
      return row && this.#readRunState(statements, row);
    });
  }

  async getDefinition(runId: string): Promise<WorkflowDefinition | undefined> {
    const row = this.#read((statements) => statements.selectDefinition.get(runId) as { definition: string } | undefined);
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
    const { rows, runs } = this.#read((statements) => {
      const rows = this.#query(sql).all(...params, limit + 1) as SummaryRow[];
      return { rows, runs: rows.slice(0, limit).map((row) => toRunSummary(row, this.#lastEventOf(statements, row))) };
    });
    const last = runs[runs.length - 1];
    return rows.length > limit && last ? { runs, nextCursor: encodeRunCursor(last) } : { runs };
  }

  async readEvents(runId: string, afterSeq = 0, limit?: number): Promise<readonly RunEvent[]> {
    const most = limit === undefined ? Infinity : Math.max(0, limit);
    if (most === 0) return [];
    return this.#read((statements) => {
      const events: RunEvent[] = [];
      // Commits in order from the one holding afterSeq + 1, until `limit` events are taken.
      for (const row of statements.selectEvents.iterate({ runId, afterSeq }) as IterableIterator<CommitEventsRow>) {
        for (const event of toRunEvents(runId, row)) {
          if (event.seq <= afterSeq) continue;
          events.push(event);
          if (events.length >= most) return events;
        }
      }
      return events;
    });
  }

  async listUnfinishedRuns(): Promise<readonly RunState[]> {
    return this.#read((statements) => (statements.selectUnfinished.all() as RunRow[]).map((row) => this.#readRunState(statements, row)));
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    const statements = this.#open();
    const db = this.#db!;
    const rows = statements.insertAudit;
    try {
      for (const entry of entries) pushAuditRow(rows.values, entry);
      db.transaction(() => rows.flush()).immediate();
    } catch (error) {
      rows.clear();
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
    const rows = this.#read(() => this.#query(sql).all(...params, limit) as AuditRow[]);
    return rows.reverse().map(toAuditEntry);
  }

  async getTriggerState(key: string): Promise<TriggerState | undefined> {
    const row = this.#read((statements) => statements.selectTrigger.get(key) as { state: string } | undefined);
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
          statements.deleteCommits.run(row.id);
          statements.deleteTasks.run(row.id);
          statements.deleteSeats.run(row.id);
          statements.deleteFirstRows.run(row.id);
          statements.deleteRunAudit.run(row.run_id);
          statements.deleteRun.run(row.id);
          this.#writer!.forget(row.run_id);
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

  async readHostLease(): Promise<HostLeaseRecord | undefined> {
    // Coded like every read: the first thing a driving host reads, so a damaged file says E_STORE_CORRUPT here.
    return this.#read(() => {
      const row = this.#query('SELECT lease FROM host_lease WHERE id = 1').get() as { lease: string } | undefined;
      return row && (JSON.parse(row.lease) as HostLeaseRecord);
    });
  }

  async swapHostLease(expectedLeaseId: string | undefined, next: HostLeaseRecord | undefined): Promise<boolean> {
    this.#open();
    try {
      const select = this.#query('SELECT lease_id FROM host_lease WHERE id = 1');
      const upsert = this.#query('INSERT INTO host_lease (id, lease_id, lease) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET lease_id = excluded.lease_id, lease = excluded.lease');
      const remove = this.#query('DELETE FROM host_lease WHERE id = 1');
      // IMMEDIATE: the read and the write happen under the write lock, so two processes cannot both win.
      return this.#db!.transaction(() => {
        const stored = select.get() as { lease_id: string } | undefined;
        if (stored?.lease_id !== expectedLeaseId) return false;
        if (next) upsert.run(next.leaseId, JSON.stringify(next));
        else remove.run();
        return true;
      }).immediate();
    } catch (error) {
      throw this.#storeError(error);
    }
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

  /** The last event of a run whose row may lag behind its log (not terminal), for its seq and update time. */
  #lastEventOf(statements: Statements, row: { readonly id: number; readonly status: RunStatus }): LastCommitRow | undefined {
    if (isTerminalStatus(row.status)) return undefined;
    return statements.selectLastCommit.get(row.id) as LastCommitRow | undefined;
  }

  #readRunState(statements: Statements, row: RunRow): RunState {
    return toRunState(
      row,
      statements.selectFirstRows.get(row.id) as FirstRowsRow | undefined,
      statements.selectTasks.all(row.id) as { state: string }[],
      statements.selectSeats.all(row.id) as { state: string }[],
      statements.selectCommitRows.all(row.id) as CommitRowsRow[],
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
    return new TroupeError('E_STORE_UNAVAILABLE', { store: storeName(this.path), reason: 'the store is not open (call open() first)' });
  }

  #storeError(error: unknown): TroupeError {
    return storeErrorOf(error, this.path);
  }

  /** A read, with SQLite's errors (a damaged page, an I/O error) coded like a write's. */
  #read<T>(read: (statements: Statements) => T): T {
    const statements = this.#open();
    try {
      return read(statements);
    } catch (error) {
      throw this.#storeError(error);
    }
  }
}

/** Whether the database's write-ahead log is still there (a closed store removes it). */
function walLeftBehind(path: string): boolean {
  const wal = `${path}-wal`;
  return existsSync(wal) && statSync(wal).size > 0;
}

/** `PRAGMA quick_check` (the pages and their structure, not every index entry): E_STORE_CORRUPT with what it found. */
function checkIntegrity(db: Database.Database, path: string): void {
  const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
  const problems = rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
  if (problems.length > 0) {
    throw new TroupeError('E_STORE_CORRUPT', { store: storeName(path), reason: `PRAGMA quick_check found damage: ${problems.join('; ')}` });
  }
}

/** The embedded default store. Call open() before use (the host does). */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}
