import type Database from 'better-sqlite3';
import { ChunkedInsert } from './ChunkedInsert.js';

export type Statement = Database.Statement<unknown[], unknown>;

/** The condition of the partial index runs_unfinished, repeated verbatim so the query can use it. */
const UNFINISHED_SQL = "status <> 'completed' AND status <> 'failed' AND status <> 'cancelled'";
const RUN_COLUMNS = 'id, run_id, status, created_at, updated_at, ended_at, seq, state';
export const SUMMARY_COLUMNS = 'id, run_id, definition_id, definition_version, status, conversation_id, created_at, updated_at, ended_at, seq';
/** Runs deleted per prune transaction, so a large prune never holds the write lock for long. */
const PRUNE_CHUNK = 200;

/** Every fixed statement of the store, prepared once at open. */
export interface Statements {
  readonly insertRun: Statement;
  readonly insertDefinition: Statement;
  readonly hasDefinition: Statement;
  readonly selectRunHead: Statement;
  readonly insertCommits: ChunkedInsert;
  readonly selectRun: Statement;
  readonly insertFirstRows: Statement;
  readonly upsertFirstRows: Statement;
  readonly selectFirstRows: Statement;
  readonly deleteFirstRows: Statement;
  readonly selectTasks: Statement;
  readonly selectSeats: Statement;
  readonly selectCommitRows: Statement;
  readonly selectLastCommit: Statement;
  readonly updateCommitRows: Statement;
  readonly selectDefinition: Statement;
  readonly selectEvents: Statement;
  readonly selectUnfinished: Statement;
  readonly insertAudit: ChunkedInsert;
  readonly selectTrigger: Statement;
  readonly upsertTrigger: Statement;
  readonly selectPrunable: Statement;
  readonly deleteCommits: Statement;
  readonly deleteTasks: Statement;
  readonly deleteSeats: Statement;
  readonly deleteRunAudit: Statement;
  readonly deleteRun: Statement;
  readonly deleteOrphanDefinitions: Statement;
  readonly deleteAuditBefore: Statement;
}

/** Prepares every fixed statement (SQL whose shape depends on a filter is prepared per shape, on first use). */
export function prepareStatements(db: Database.Database): Statements {
  return {
    insertRun: db.prepare(
      `INSERT INTO runs (run_id, definition_id, definition_version, definition_hash, status, conversation_id, parent_run_id,
                         created_at, updated_at, ended_at, seq, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING`,
    ),
    insertDefinition: db.prepare('INSERT INTO run_definitions (hash, definition) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING'),
    // Looked up before the insert: binding a large definition's JSON for every run costs more than the lookup.
    hasDefinition: db.prepare('SELECT 1 FROM run_definitions WHERE hash = ?').pluck(),
    // The run row's seq lags while a run only appends to its log: the log's last seq is the run's.
    selectRunHead: db.prepare(
      `SELECT id, status, ended_at,
              max(seq, coalesce((SELECT c.seq + c.span - 1 FROM commits c WHERE c.run_key = runs.id ORDER BY c.seq DESC LIMIT 1), 0)) AS seq
       FROM runs WHERE run_id = ?`,
    ),
    insertCommits: new ChunkedInsert(db, 'INSERT INTO commits (run_key, seq, span, at, events, rows)', 6).prepareAll(),
    selectRun: db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE run_id = ?`),
    insertFirstRows: db.prepare('INSERT INTO run_first_rows (run_key, tasks, seats) VALUES (?, ?, ?)'),
    upsertFirstRows: db.prepare(
      'INSERT INTO run_first_rows (run_key, tasks, seats) VALUES (?, ?, ?) ON CONFLICT (run_key) DO UPDATE SET tasks = excluded.tasks, seats = excluded.seats',
    ),
    selectFirstRows: db.prepare('SELECT tasks, seats FROM run_first_rows WHERE run_key = ?'),
    deleteFirstRows: db.prepare('DELETE FROM run_first_rows WHERE run_key = ?'),
    selectTasks: db.prepare('SELECT state FROM tasks WHERE run_key = ?'),
    selectSeats: db.prepare('SELECT state FROM seats WHERE run_key = ?'),
    selectCommitRows: db.prepare('SELECT rows, events, at FROM commits WHERE run_key = ? AND rows IS NOT NULL ORDER BY seq'),
    // The run's last commit, with the seq of its last event (the run's).
    selectLastCommit: db.prepare('SELECT id, seq + span - 1 AS seq, at, rows, events FROM commits WHERE run_key = ? ORDER BY seq DESC LIMIT 1'),
    updateCommitRows: db.prepare('UPDATE commits SET rows = ? WHERE id = ?'),
    selectDefinition: db.prepare(
      'SELECT d.definition FROM runs r JOIN run_definitions d ON d.hash = r.definition_hash WHERE r.run_id = ?',
    ),
    // The run's commits in order, from the one holding afterSeq + 1 on.
    selectEvents: db.prepare(
      `WITH run (key) AS (SELECT id FROM runs WHERE run_id = @runId)
       SELECT c.seq, c.at, c.events FROM run JOIN commits c ON c.run_key = run.key
       WHERE c.seq >= coalesce((SELECT max(f.seq) FROM commits f WHERE f.run_key = run.key AND f.seq <= @afterSeq + 1), 0)
       ORDER BY c.seq`,
    ),
    selectUnfinished: db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE ${UNFINISHED_SQL} ORDER BY created_at, run_id`),
    insertAudit: new ChunkedInsert(db, 'INSERT INTO audit (at, actor, action, run_id, task_id, data)', 6).prepareAll(),
    selectTrigger: db.prepare('SELECT state FROM trigger_state WHERE key = ?'),
    upsertTrigger: db.prepare('INSERT INTO trigger_state (key, state) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state'),
    selectPrunable: db.prepare(`SELECT id, run_id FROM runs WHERE status = ? AND coalesce(ended_at, updated_at) < ? LIMIT ${PRUNE_CHUNK}`),
    deleteCommits: db.prepare('DELETE FROM commits WHERE run_key = ?'),
    deleteTasks: db.prepare('DELETE FROM tasks WHERE run_key = ?'),
    deleteSeats: db.prepare('DELETE FROM seats WHERE run_key = ?'),
    deleteRunAudit: db.prepare('DELETE FROM audit WHERE run_id = ?'),
    deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
    // One pass over the runs (no index on definition_hash: every new run would pay for it, a prune is rare).
    deleteOrphanDefinitions: db.prepare('DELETE FROM run_definitions WHERE hash NOT IN (SELECT definition_hash FROM runs)'),
    deleteAuditBefore: db.prepare('DELETE FROM audit WHERE at < ?'),
  };
}
