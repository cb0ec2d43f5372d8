import type { Database } from 'better-sqlite3';
import { TroupeError } from '@troupe/sdk';

/**
 * The schema, as ordered steps. A database records the last step it ran in
 * `PRAGMA user_version`; opening runs the missing ones, each in its own
 * transaction. Append new steps; never edit a shipped one.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, definitions, tasks, seats, the event log, audit, trigger state',
    sql: `
      -- One row per run. Columns hold what is filtered, sorted or changed per
      -- commit; state holds the rest of the header (pin, input, output, ...),
      -- rewritten only when it changes.
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL UNIQUE,
        definition_id TEXT NOT NULL,
        definition_version TEXT NOT NULL,
        definition_hash TEXT NOT NULL,
        status TEXT NOT NULL,
        conversation_id TEXT,
        parent_run_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        ended_at INTEGER,
        seq INTEGER NOT NULL,
        state TEXT NOT NULL
      );
      CREATE INDEX runs_by_created ON runs (created_at, run_id);

      -- Definition snapshots, content-addressed: written by the commit that
      -- creates a run, shared by every run of the same definition.
      CREATE TABLE run_definitions (
        hash TEXT PRIMARY KEY,
        definition TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Child rows key on runs.id (a small integer), not the run id text.
      CREATE TABLE tasks (
        run_key INTEGER NOT NULL,
        task_id TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (run_key, task_id)
      );

      CREATE TABLE seats (
        run_key INTEGER NOT NULL,
        role_id TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (run_key, role_id)
      );

      -- The append-only log; the primary key makes a repeated seq impossible.
      CREATE TABLE events (
        run_key INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        task_id TEXT,
        attempt INTEGER,
        data TEXT,
        PRIMARY KEY (run_key, seq)
      ) WITHOUT ROWID;

      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        run_id TEXT,
        task_id TEXT,
        data TEXT
      );

      CREATE TABLE trigger_state (
        key TEXT PRIMARY KEY,
        state TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'indexes for run list filters, recovery, retention and audit lookups',
    sql: `
      CREATE INDEX runs_by_status ON runs (status, created_at, run_id);
      CREATE INDEX runs_by_definition ON runs (definition_id, created_at, run_id);
      CREATE INDEX runs_by_conversation ON runs (conversation_id, created_at, run_id) WHERE conversation_id IS NOT NULL;
      CREATE INDEX runs_by_definition_hash ON runs (definition_hash);
      -- A chain of <> on purpose: with NOT IN (...) every status change of a run
      -- row cost twice as much.
      CREATE INDEX runs_unfinished ON runs (created_at, run_id) WHERE status <> 'completed' AND status <> 'failed' AND status <> 'cancelled';
      CREATE INDEX audit_by_run ON audit (run_id) WHERE run_id IS NOT NULL;
      CREATE INDEX audit_by_action ON audit (action);
      CREATE INDEX audit_by_at ON audit (at);
    `,
  },
  {
    version: 3,
    description: 'task and seat rows in WITHOUT ROWID tables; the rows a run starts with, stored once',
    sql: `
      -- Keyed by (run_key, id) only: as rowid tables, every task or seat write
      -- touched the table and its primary-key index.
      CREATE TABLE tasks_v3 (
        run_key INTEGER NOT NULL,
        task_id TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (run_key, task_id)
      ) WITHOUT ROWID;
      INSERT INTO tasks_v3 (run_key, task_id, state) SELECT run_key, task_id, state FROM tasks;
      DROP TABLE tasks;
      ALTER TABLE tasks_v3 RENAME TO tasks;

      CREATE TABLE seats_v3 (
        run_key INTEGER NOT NULL,
        role_id TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (run_key, role_id)
      ) WITHOUT ROWID;
      INSERT INTO seats_v3 (run_key, role_id, state) SELECT run_key, role_id, state FROM seats;
      DROP TABLE seats;
      ALTER TABLE seats_v3 RENAME TO seats;

      -- The task and seat rows carried by a run's first commit (typically every
      -- task, pending), as two JSON arrays in one row instead of a row each.
      -- A row in tasks or seats with the same id is newer and wins.
      CREATE TABLE run_first_rows (
        run_key INTEGER PRIMARY KEY,
        tasks TEXT,
        seats TEXT
      );
    `,
  },
  {
    version: 4,
    description: 'the event log in arrival order, with the rows each commit changed on its last event',
    sql: `
      -- A rowid table appends every commit at its end: the steps of two hundred
      -- runs in one commit touch a few pages, not one page per run as when the
      -- log was clustered by (run_key, seq). The unique index keeps a repeated
      -- seq impossible and serves reads of one run's log.
      --
      -- rows: what the commit changed besides its events, on its last event, as
      -- JSON {"tasks":[...],"seats":[...],"updatedAt":n}. A step of a running
      -- run thus writes the log only. The tasks and seats tables keep the rows
      -- of older versions; a row here is newer and wins.
      CREATE TABLE events_v4 (
        id INTEGER PRIMARY KEY,
        run_key INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        task_id TEXT,
        attempt INTEGER,
        data TEXT,
        rows TEXT
      );
      INSERT INTO events_v4 (run_key, seq, type, at, task_id, attempt, data)
        SELECT run_key, seq, type, at, task_id, attempt, data FROM events ORDER BY run_key, seq;
      DROP TABLE events;
      ALTER TABLE events_v4 RENAME TO events;
      CREATE UNIQUE INDEX events_by_run ON events (run_key, seq);
    `,
  },
  {
    version: 5,
    description: 'the host lease: which process drives the runs',
    sql: `
      -- At most one row: the live (or stale) lease as JSON, swapped by lease id.
      CREATE TABLE host_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        lease_id TEXT NOT NULL,
        lease TEXT NOT NULL
      );
    `,
  },
  {
    version: 6,
    description: 'fewer bytes per run and per step: the log indexed per commit, not per event; no index on definition_hash; compact rows',
    sql: `
      -- span: on a commit's first event, how many events the commit wrote
      -- (they have consecutive ids); NULL on the others. Only first events
      -- are indexed: a step of a chain adds one index entry instead of two,
      -- a fan-out of a thousand tasks one instead of a thousand. The unique
      -- index still refuses a commit that starts at a seq another commit
      -- (of this or another process) already started at; every writer starts
      -- after a commit's end, so two that race collide there. Events written
      -- before this version are commits of one event each.
      ALTER TABLE events ADD COLUMN span INTEGER;
      UPDATE events SET span = 1;
      DROP INDEX events_by_run;
      CREATE UNIQUE INDEX events_by_commit ON events (run_key, seq) WHERE span IS NOT NULL;

      -- Every new run paid for this index; only prune used it, and prune now
      -- finds orphaned definitions in one pass over the runs.
      DROP INDEX runs_by_definition_hash;

      -- No DDL for the rest, but rows written from this version on are read
      -- only by it (an older build refuses the file as too new):
      -- run_first_rows.tasks holds a task that was never attempted as its id
      -- alone, and a commit's rows leave out the output of the task its last
      -- event completes (events.rows has "outputInEvent"; the output is that
      -- event's data.output). Rows of older versions read as before.
    `,
  },
  {
    version: 7,
    description: 'a task row that its completing event says whole is stored as that event and the start time',
    sql: `
      -- No DDL. From this version on, a commit whose last event completes a
      -- task with nothing in its row but what the event says (attempt, time,
      -- output) and its start time writes {"completes": startedAt} in
      -- events.rows instead of the task's JSON. An older build would read
      -- such a commit without the task's row, so it refuses the file as too new.
    `,
  },
  {
    version: 8,
    description: 'the log as one row per commit, its events one JSON array',
    sql: `
      -- A step of a chain (task.started + task.completed) was two rows; it is
      -- one now, and every column an event repeated (run, seq, the indexed
      -- first seq) is written once per commit. events: [[type, before,
      -- taskId, attempt, data], ...] in seq order from seq, trailing nulls left
      -- out, where before is how many ms the event came before the commit's
      -- last (usually 0 or 1, not a 13-digit time); span: their number; at:
      -- the last event's time; rows: as before, what
      -- the commit changed besides its events. The unique (run_key, seq)
      -- index refuses a commit that starts where another one started.
      CREATE TABLE commits (
        id INTEGER PRIMARY KEY,
        run_key INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        span INTEGER NOT NULL,
        at INTEGER NOT NULL,
        events TEXT NOT NULL,
        rows TEXT
      );
      INSERT INTO commits (id, run_key, seq, span, at, events, rows)
        SELECT m.id, m.run_key, m.seq, m.span, l.at,
               (SELECT json_group_array(json_array(e.type, l.at - e.at, e.task_id, e.attempt, json(e.data)) ORDER BY e.id)
                FROM events e WHERE e.id BETWEEN m.id AND l.id),
               -- Version 7's absolute start time becomes how long the task ran (ranFor).
               CASE WHEN json_extract(l.rows, '$.completes') IS NULL THEN l.rows
                    ELSE json_remove(json_set(l.rows, '$.ranFor', l.at - json_extract(l.rows, '$.completes')), '$.completes') END
        FROM events m JOIN events l ON l.id = m.id + m.span - 1
        WHERE m.span IS NOT NULL
        ORDER BY m.id;
      DROP TABLE events;
      CREATE UNIQUE INDEX commits_by_run ON commits (run_key, seq);
    `,
  },
];

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersionOf(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to `target` (default: the newest). Several processes
 * may open the same file at once: each step takes the write lock and re-reads
 * the version, so a step runs exactly once.
 */
export function migrate(db: Database, target: number = SCHEMA_VERSION): void {
  const found = schemaVersionOf(db);
  if (found > SCHEMA_VERSION) {
    throw new TroupeError('E_STORE_SCHEMA_TOO_NEW', { found, supported: SCHEMA_VERSION });
  }
  for (const migration of MIGRATIONS) {
    if (migration.version > target) break;
    const step = db.transaction(() => {
      if (schemaVersionOf(db) >= migration.version) return;
      db.exec(migration.sql);
      // user_version lives in the database header: it commits with the step.
      db.pragma(`user_version = ${migration.version}`);
    });
    step.immediate();
  }
}
