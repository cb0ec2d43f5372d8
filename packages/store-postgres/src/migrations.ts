import { TroupeError } from '@troupe/sdk';
import type { PoolClient } from 'pg';

/**
 * The schema, one migration per version; each runs in its own transaction
 * under an advisory lock, so several processes opening the same database at
 * once migrate it exactly once. JSON is kept as `text`, not `jsonb`: it reads
 * back byte for byte (jsonb reorders keys and refuses `\u0000`), and the
 * store never queries inside it.
 */
const MIGRATIONS: readonly string[] = [
  // 1: runs, definitions, the event log with its unique (run, seq), task and seat rows, audit, triggers.
  `
  CREATE TABLE run_definitions (
    hash text PRIMARY KEY,
    definition text NOT NULL
  );
  CREATE TABLE runs (
    id text COLLATE "C" PRIMARY KEY,
    status text NOT NULL,
    definition_id text NOT NULL,
    definition_version text NOT NULL,
    conversation_id text,
    created_at double precision NOT NULL,
    updated_at double precision NOT NULL,
    ended_at double precision,
    seq integer NOT NULL,
    definition_hash text NOT NULL REFERENCES run_definitions (hash),
    header text NOT NULL
  );
  CREATE INDEX runs_by_creation ON runs (created_at, id);
  CREATE INDEX runs_by_status ON runs (status, created_at, id);
  CREATE INDEX runs_by_definition ON runs (definition_id, created_at, id);
  CREATE INDEX runs_by_conversation ON runs (conversation_id, created_at, id) WHERE conversation_id IS NOT NULL;
  CREATE INDEX runs_unfinished ON runs (created_at, id) WHERE status NOT IN ('completed', 'failed', 'cancelled');
  CREATE INDEX runs_by_definition_hash ON runs (definition_hash);
  CREATE TABLE events (
    run_id text COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq integer NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (run_id, seq)
  );
  CREATE TABLE tasks (
    run_id text COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    task_id text NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (run_id, task_id)
  );
  CREATE TABLE seats (
    run_id text COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    role_id text NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (run_id, role_id)
  );
  CREATE TABLE audit (
    id bigserial PRIMARY KEY,
    at double precision NOT NULL,
    run_id text,
    action text NOT NULL,
    body text NOT NULL
  );
  CREATE INDEX audit_by_run ON audit (run_id, id) WHERE run_id IS NOT NULL;
  CREATE INDEX audit_by_action ON audit (action, id);
  CREATE INDEX audit_by_time ON audit (at);
  CREATE TABLE trigger_state (
    key text PRIMARY KEY,
    body text NOT NULL
  );
  `,
  // 2: the host lease: at most one row, the holder's record as JSON, swapped by lease id.
  `
  CREATE TABLE host_lease (
    id integer PRIMARY KEY CHECK (id = 1),
    lease_id text NOT NULL,
    lease text NOT NULL
  );
  `,
];

/** The newest schema this version writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the schema `schema` up to SCHEMA_VERSION; refuses a newer one, untouched. */
export async function migrate(client: PoolClient, schema: string): Promise<number> {
  const quoted = quoteIdentifier(schema);
  for (;;) {
    await client.query('BEGIN');
    try {
      // One lock per schema: concurrent opens wait here and then find the work done.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`troupe-migrate:${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${quoted}.troupe_schema (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)`);
      const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${quoted}.troupe_schema WHERE id = 1`);
      const found = rows[0]?.version ?? 0;
      if (found > SCHEMA_VERSION) throw new TroupeError('E_STORE_SCHEMA_TOO_NEW', { found, supported: SCHEMA_VERSION });
      if (found === SCHEMA_VERSION) {
        await client.query('COMMIT');
        return found;
      }
      await client.query(`SET LOCAL search_path TO ${quoted}`);
      await client.query(MIGRATIONS[found]!);
      await client.query(`INSERT INTO ${quoted}.troupe_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version`, [found + 1]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

/** Schema names are checked at construction; quoting keeps case and reserved words safe. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
