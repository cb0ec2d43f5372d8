import type Database from 'better-sqlite3';
import { ChunkedInsert } from './ChunkedInsert.js';

export type Statement = Database.Statement<unknown[], unknown>;

/** The condition of the partial index runs_unfinished, repeated verbatim so the query can use it. */
const UNFINISHED_SQL = "status <> 'completed' AND status <> 'failed' AND status <> 'cancelled'";
const RUN_COLUMNS = 'id, run_id, status, created_at, updated_at, ended_at, seq, state';
export const SUMMARY_COLUMNS = 'id, run_id, definition_id, definition_version, status, conversation_id, created_at, updated_at, ended_at, seq';
/**
 * The id of a run's last event (parameter: the run key). Only the first
 * event of each commit is indexed, with the number of events the commit
 * wrote (`span`); the commit's events have consecutive ids.
 */
const LAST_COMMIT_SQL = 'SELECT m.id + m.span - 1 FROM events m WHERE m.run_key = ? AND m.span IS NOT NULL ORDER BY m.seq DESC LIMIT 1';
/** Runs deleted per prune transaction, so a large prune never holds the write lock for long. */
const PRUNE_CHUNK = 200;

/** Every fixed statement of the store, prepared once at open. */
export interface Statements {
  readonly insertRun: Statement;
  readonly insertDefinition: Statement;
  readonly hasDefinition: Statement;
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
  readonly insertAudit: ChunkedInsert;
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
    // The run row's seq lags while a run only appends events: the log's last seq is the run's.
    selectRunHead: db.prepare(
      `SELECT id, status, ended_at,
              max(seq, coalesce((SELECT m.seq + m.span - 1 FROM events m WHERE m.run_key = runs.id AND m.span IS NOT NULL ORDER BY m.seq DESC LIMIT 1), 0)) AS seq
       FROM runs WHERE run_id = ?`,
    ),
    insertEvents: new ChunkedInsert(db, 'INSERT INTO events (run_key, seq, type, at, task_id, attempt, data, rows, span)', 9).prepareAll(),
    selectRun: db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE run_id = ?`),
    insertFirstRows: db.prepare('INSERT INTO run_first_rows (run_key, tasks, seats) VALUES (?, ?, ?)'),
    upsertFirstRows: db.prepare(
      'INSERT INTO run_first_rows (run_key, tasks, seats) VALUES (?, ?, ?) ON CONFLICT (run_key) DO UPDATE SET tasks = excluded.tasks, seats = excluded.seats',
    ),
    selectFirstRows: db.prepare('SELECT tasks, seats FROM run_first_rows WHERE run_key = ?'),
    deleteFirstRows: db.prepare('DELETE FROM run_first_rows WHERE run_key = ?'),
    selectTasks: db.prepare('SELECT state FROM tasks WHERE run_key = ?'),
    selectSeats: db.prepare('SELECT state FROM seats WHERE run_key = ?'),
    // A commit's rows are on its last event: the row span - 1 after its first.
    selectCommitRows: db.prepare(
      `SELECT e.rows, e.task_id, e.data, e.at, e.attempt FROM events m JOIN events e ON e.id = m.id + m.span - 1
       WHERE m.run_key = ? AND m.span IS NOT NULL AND e.rows IS NOT NULL ORDER BY m.seq`,
    ),
    selectLastEvent: db.prepare(`SELECT seq, at, rows FROM events WHERE id = (${LAST_COMMIT_SQL})`),
    // The event with this seq: the commit holding it is the last one starting at or before it.
    selectEventRows: db.prepare(
      `SELECT e.id, e.seq, e.rows, e.task_id, e.data, e.at, e.attempt FROM events m JOIN events e ON e.id = m.id + (@seq - m.seq)
       WHERE m.run_key = @key AND m.span IS NOT NULL AND m.seq <= @seq ORDER BY m.seq DESC LIMIT 1`,
    ),
    updateEventRows: db.prepare('UPDATE events SET rows = ? WHERE id = ?'),
    selectDefinition: db.prepare(
      'SELECT d.definition FROM runs r JOIN run_definitions d ON d.hash = r.definition_hash WHERE r.run_id = ?',
    ),
    // From the commit holding afterSeq + 1 on, each commit's events in order (their ids are consecutive).
    selectEvents: db.prepare(
      `WITH run (key) AS (SELECT id FROM runs WHERE run_id = @runId)
       SELECT e.seq, e.type, e.at, e.task_id, e.attempt, e.data
       FROM run JOIN events m ON m.run_key = run.key JOIN events e ON e.id BETWEEN m.id AND m.id + m.span - 1
       WHERE m.span IS NOT NULL
         AND m.seq >= coalesce((SELECT max(f.seq) FROM events f WHERE f.run_key = run.key AND f.span IS NOT NULL AND f.seq <= @afterSeq + 1), 0)
         AND e.seq > @afterSeq
       ORDER BY m.seq, e.id LIMIT @limit`,
    ),
    selectUnfinished: db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE ${UNFINISHED_SQL} ORDER BY created_at, run_id`),
    insertAudit: new ChunkedInsert(db, 'INSERT INTO audit (at, actor, action, run_id, task_id, data)', 6).prepareAll(),
    selectTrigger: db.prepare('SELECT state FROM trigger_state WHERE key = ?'),
    upsertTrigger: db.prepare('INSERT INTO trigger_state (key, state) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state'),
    selectPrunable: db.prepare(`SELECT id, run_id FROM runs WHERE status = ? AND coalesce(ended_at, updated_at) < ? LIMIT ${PRUNE_CHUNK}`),
    deleteEvents: db.prepare(
      `DELETE FROM events WHERE id IN
         (SELECT e.id FROM events m JOIN events e ON e.id BETWEEN m.id AND m.id + m.span - 1 WHERE m.run_key = ? AND m.span IS NOT NULL)`,
    ),
    deleteTasks: db.prepare('DELETE FROM tasks WHERE run_key = ?'),
    deleteSeats: db.prepare('DELETE FROM seats WHERE run_key = ?'),
    deleteRunAudit: db.prepare('DELETE FROM audit WHERE run_id = ?'),
    deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
    // One pass over the runs (no index on definition_hash: every new run would pay for it, a prune is rare).
    deleteOrphanDefinitions: db.prepare('DELETE FROM run_definitions WHERE hash NOT IN (SELECT definition_hash FROM runs)'),
    deleteAuditBefore: db.prepare('DELETE FROM audit WHERE at < ?'),
  };
}
