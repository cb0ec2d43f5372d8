import {
  TroupeError,
  clampRunPageLimit,
  decodeRunCursor,
  encodeRunCursor,
  isTroupeError,
  type AuditEntry,
  type AuditFilter,
  type HostLeaseRecord,
  type PrunePolicy,
  type RunCommit,
  type RunEvent,
  type RunFilter,
  type RunPage,
  type RunState,
  type RunSummary,
  type TriggerState,
  type WorkflowDefinition,
  type WorkflowStore,
} from '@troupe/sdk';
import pg from 'pg';
import { writeBatch } from './CommitWriter.js';
import { migrate, quoteIdentifier } from './migrations.js';
import { isConnectionLoss, redactUrl, toStoreError } from './storeErrors.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`; `?schema=name` picks the schema too. */
  readonly url: string;
  /**
   * The schema the tables live in (default `troupe`, or the URL's `schema`
   * parameter); created at open. Several deployments can share one database
   * with a schema each.
   */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly maxConnections?: number;
  /** How long opening a connection may take before the store reports it unavailable (default 10000 ms). */
  readonly connectTimeoutMs?: number;
  /** How long a commit keeps trying while the server is unreachable (restart, failover) before it fails (default 30000 ms). */
  readonly commitRetryMs?: number;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

interface SummaryRow {
  id: string;
  status: RunSummary['status'];
  definition_id: string;
  definition_version: string;
  conversation_id: string | null;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
  seq: number;
}

interface StateRow {
  header: string;
  tasks: string[];
  seats: string[];
}

const SUMMARY_COLUMNS = 'id, status, definition_id, definition_version, conversation_id, created_at, updated_at, ended_at, seq';
/** A run's header with its task and seat rows, in one round trip. */
const STATE_COLUMNS = `header,
  array(SELECT body FROM tasks WHERE tasks.run_id = runs.id) AS tasks,
  array(SELECT body FROM seats WHERE seats.run_id = runs.id) AS seats`;

/**
 * The production store: PostgreSQL through a `pg` pool, shared by every
 * process of a deployment (coordinators, workers, CLI commands). A commit is
 * one transaction that locks the rows of the runs it continues; the primary
 * key (run_id, seq) of the event log guarantees that no seq is ever written
 * twice, whichever process tries.
 */
export class PostgresStore implements WorkflowStore {
  readonly kind = 'postgres';
  /** A commit's audit entries are written in its transaction (one statement fewer per tick). */
  readonly auditInCommit = true;
  readonly url: string;
  readonly schema: string;
  readonly #options: PostgresStoreOptions;
  #pool: pg.Pool | undefined;
  #opening: Promise<void> | undefined;

  constructor(options: PostgresStoreOptions) {
    const { url, schema } = parseUrl(options.url);
    this.url = url;
    this.schema = options.schema ?? schema ?? 'troupe';
    if (!SCHEMA_NAME.test(this.schema)) {
      throw new TroupeError('E_STORE_UNAVAILABLE', { store: redactUrl(url), reason: `schema "${this.schema}" is not a plain identifier (letters, digits, _; at most 63)` });
    }
    this.#options = options;
  }

  /** Where this store points, without the password, for messages. */
  get description(): string {
    return `${redactUrl(this.url)} (schema ${this.schema})`;
  }

  async open(): Promise<void> {
    this.#opening ??= this.#open().catch((error: unknown) => {
      this.#opening = undefined;
      throw error;
    });
    return this.#opening;
  }

  async #open(): Promise<void> {
    const pool = new pg.Pool({
      connectionString: this.url,
      max: this.#options.maxConnections ?? 10,
      connectionTimeoutMillis: this.#options.connectTimeoutMs ?? 10_000,
      options: `-c search_path=${quoteIdentifier(this.schema)}`,
    });
    // An idle connection the server dropped (restart, failover) is replaced on next use; without a listener it would crash the process.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      const onError = (): void => undefined;
      client.on('error', onError);
      try {
        await migrate(client, this.schema);
      } finally {
        client.removeListener('error', onError);
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw isTroupeError(error) ? error : toStoreError(error, this.url);
    }
    this.#pool = pool;
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    this.#opening = undefined;
    await pool?.end();
  }

  /** The pool, for the lease and tests; undefined until open(). */
  get pool(): pg.Pool {
    if (!this.#pool) throw new TroupeError('E_STORE_UNAVAILABLE', { store: this.description, reason: 'the store is not open; call open() first' });
    return this.#pool;
  }

  /**
   * One transaction. When the connection is lost (a server restart, a
   * failover) the commit is tried again for up to `commitRetryMs`; a batch is
   * all or nothing, so before trying again the store looks whether the lost
   * one landed (its events are there) and then reports success instead of a
   * conflict with itself.
   */
  async commit(batch: readonly RunCommit[]): Promise<void> {
    if (batch.length === 0) return;
    const deadline = Date.now() + (this.#options.commitRetryMs ?? 30_000);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.transaction((client) => writeBatch(client, batch));
        return;
      } catch (error) {
        if (!isConnectionLoss(error) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        if (await this.#landed(batch).catch(() => false)) return;
      }
    }
  }

  /** Whether every run's last event of the batch is in the log (then all of the batch is: it is one transaction). */
  async #landed(batch: readonly RunCommit[]): Promise<boolean> {
    const last = new Map<string, number>();
    for (const commit of batch) {
      const final = commit.events[commit.events.length - 1];
      if (final) last.set(commit.runId, final.seq);
    }
    // A batch without events (rows only) can be written again as it is.
    if (last.size === 0) return false;
    const { rows } = await this.pool.query<{ found: number }>(
      'SELECT count(*)::int AS found FROM events e JOIN unnest($1::text[], $2::int[]) AS k (run_id, seq) ON e.run_id = k.run_id AND e.seq = k.seq',
      [[...last.keys()], [...last.values()]],
    );
    return rows[0]!.found === last.size;
  }

  async getRun(runId: string): Promise<RunState | undefined> {
    const { rows } = await this.#query<StateRow>(`SELECT ${STATE_COLUMNS} FROM runs WHERE id = $1`, [runId]);
    return rows[0] && toRunState(rows[0]);
  }

  /** The run's status and one task's row, in one small read (what a worker checks before running an attempt). */
  async getTaskOfRun(runId: string, taskId: string): Promise<{ readonly status: RunState['status']; readonly task: RunState['tasks'][string] | undefined } | undefined> {
    const { rows } = await this.#query<{ status: RunState['status']; body: string | null }>(
      'SELECT r.status, t.body FROM runs r LEFT JOIN tasks t ON t.run_id = r.id AND t.task_id = $2 WHERE r.id = $1',
      [runId, taskId],
    );
    const row = rows[0];
    return row && { status: row.status, task: row.body === null ? undefined : (JSON.parse(row.body) as RunState['tasks'][string]) };
  }

  async getDefinition(runId: string): Promise<WorkflowDefinition | undefined> {
    const { rows } = await this.#query<{ definition: string }>(
      'SELECT d.definition FROM runs r JOIN run_definitions d ON d.hash = r.definition_hash WHERE r.id = $1',
      [runId],
    );
    return rows[0] && (JSON.parse(rows[0].definition) as WorkflowDefinition);
  }

  async listRuns(filter: RunFilter = {}): Promise<RunPage> {
    const limit = clampRunPageLimit(filter.limit);
    const descending = filter.order === 'desc';
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    if (filter.status !== undefined) where.push(`status = ANY(${param(typeof filter.status === 'string' ? [filter.status] : [...filter.status])}::text[])`);
    if (filter.definitionId !== undefined) where.push(`definition_id = ${param(filter.definitionId)}`);
    if (filter.conversationId !== undefined) where.push(`conversation_id = ${param(filter.conversationId)}`);
    if (filter.cursor !== undefined) {
      const after = decodeRunCursor(filter.cursor);
      where.push(`(created_at, id) ${descending ? '<' : '>'} (${param(after.createdAt)}::float8, ${param(after.runId)}::text)`);
    }
    const direction = descending ? 'DESC' : 'ASC';
    const { rows } = await this.#query<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at ${direction}, id ${direction} LIMIT ${param(limit + 1)}`,
      values,
    );
    const runs = rows.slice(0, limit).map(toRunSummary);
    const last = runs[runs.length - 1];
    return rows.length > limit && last ? { runs, nextCursor: encodeRunCursor({ createdAt: last.createdAt, runId: last.runId }) } : { runs };
  }

  async readEvents(runId: string, afterSeq = 0, limit?: number): Promise<readonly RunEvent[]> {
    const { rows } = await this.#query<{ body: string }>('SELECT body FROM events WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
      runId,
      Math.max(0, Math.floor(afterSeq)),
      limit === undefined ? null : Math.max(0, Math.floor(limit)),
    ]);
    return rows.map((row) => JSON.parse(row.body) as RunEvent);
  }

  async listUnfinishedRuns(): Promise<readonly RunState[]> {
    const { rows } = await this.#query<StateRow>(
      `SELECT ${STATE_COLUMNS} FROM runs WHERE status NOT IN ('completed', 'failed', 'cancelled') ORDER BY created_at, id`,
    );
    return rows.map(toRunState);
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.#query('INSERT INTO audit (at, run_id, action, body) SELECT * FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[])', [
      entries.map((entry) => entry.at),
      entries.map((entry) => entry.runId ?? null),
      entries.map((entry) => entry.action),
      entries.map((entry) => JSON.stringify(entry)),
    ]);
  }

  async listAudit(filter: AuditFilter = {}): Promise<readonly AuditEntry[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.runId !== undefined) {
      values.push(filter.runId);
      where.push(`run_id = $${values.length}`);
    }
    if (filter.action !== undefined) {
      values.push(filter.action);
      where.push(`action = $${values.length}`);
    }
    const matches = `FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
    let sql: string;
    if (filter.limit === undefined) {
      sql = `SELECT body ${matches} ORDER BY id`;
    } else {
      // The latest `limit` entries, still oldest first.
      values.push(Math.max(0, Math.floor(filter.limit)));
      sql = `SELECT body FROM (SELECT id, body ${matches} ORDER BY id DESC LIMIT $${values.length}) latest ORDER BY id`;
    }
    const { rows } = await this.#query<{ body: string }>(sql, values);
    return rows.map((row) => JSON.parse(row.body) as AuditEntry);
  }

  async getTriggerState(key: string): Promise<TriggerState | undefined> {
    const { rows } = await this.#query<{ body: string }>('SELECT body FROM trigger_state WHERE key = $1', [key]);
    return rows[0] && (JSON.parse(rows[0].body) as TriggerState);
  }

  async saveTriggerState(state: TriggerState): Promise<void> {
    await this.#query('INSERT INTO trigger_state (key, body) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET body = excluded.body', [
      state.key,
      JSON.stringify(state),
    ]);
  }

  async prune(policy: PrunePolicy): Promise<number> {
    const cutoffs = (['completed', 'failed', 'cancelled'] as const).filter((status) => policy.endedBefore[status] !== undefined);
    return this.transaction(async (client) => {
      let removed: string[] = [];
      if (cutoffs.length > 0) {
        const { rows } = await client.query<{ id: string }>(
          `DELETE FROM runs AS r USING unnest($1::text[], $2::float8[]) AS c (status, before)
           WHERE r.status = c.status AND coalesce(r.ended_at, r.updated_at) < c.before RETURNING r.id`,
          [cutoffs, cutoffs.map((status) => policy.endedBefore[status]!)],
        );
        removed = rows.map((row) => row.id);
      }
      if (removed.length > 0) {
        await client.query('DELETE FROM audit WHERE run_id = ANY($1::text[])', [removed]);
        await client.query('DELETE FROM run_definitions d WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.definition_hash = d.hash)');
      }
      if (policy.auditBefore !== undefined) await client.query('DELETE FROM audit WHERE at < $1', [policy.auditBefore]);
      return removed.length;
    });
  }

  async readHostLease(): Promise<HostLeaseRecord | undefined> {
    const { rows } = await this.#query<{ lease: string }>('SELECT lease FROM host_lease WHERE id = 1');
    return rows[0] && (JSON.parse(rows[0].lease) as HostLeaseRecord);
  }

  /** Each case is one statement, atomic on its own: of two processes swapping from the same lease, one changes a row. */
  async swapHostLease(expectedLeaseId: string | undefined, next: HostLeaseRecord | undefined): Promise<boolean> {
    if (expectedLeaseId === undefined && next === undefined) {
      const { rows } = await this.#query<{ free: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM host_lease) AS free');
      return rows[0]!.free;
    }
    const { rowCount } =
      expectedLeaseId === undefined
        ? await this.#query('INSERT INTO host_lease (id, lease_id, lease) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [next!.leaseId, JSON.stringify(next)])
        : next === undefined
          ? await this.#query('DELETE FROM host_lease WHERE id = 1 AND lease_id = $1', [expectedLeaseId])
          : await this.#query('UPDATE host_lease SET lease_id = $2, lease = $3 WHERE id = 1 AND lease_id = $1', [expectedLeaseId, next.leaseId, JSON.stringify(next)]);
    return rowCount === 1;
  }

  /** Runs `work` in one transaction on one pooled connection; rolls back on any error. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw isTroupeError(error) ? error : toStoreError(error, this.url);
    }
    let broken: unknown;
    // The server can drop a checked-out connection between two queries (a restart): the next query fails; unheard, the event would crash the process.
    const onError = (error: unknown): void => {
      broken ??= error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError;
      });
      throw isTroupeError(error) ? error : toStoreError(error, this.url);
    } finally {
      client.removeListener('error', onError);
      // A connection that broke or whose rollback failed is dropped, not reused.
      client.release(broken !== undefined ? (broken as Error) : undefined);
    }
  }

  async #query<R extends pg.QueryResultRow>(sql: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, values as unknown[] | undefined);
    } catch (error) {
      throw isTroupeError(error) ? error : toStoreError(error, this.url);
    }
  }
}

/** Creates (does not open) a PostgreSQL store. */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  return new PostgresStore(options);
}

/** Splits Troupe's own `schema` parameter off the URL; the rest goes to pg unchanged. */
function parseUrl(raw: string): { url: string; schema: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new TroupeError('E_STORE_UNAVAILABLE', { store: '<unparseable URL>', reason: 'the store URL is not a valid postgres:// URL' });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new TroupeError('E_STORE_UNAVAILABLE', { store: redactUrl(raw), reason: 'the store URL must start with postgres:// or postgresql://' });
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schema };
}

function toRunState(row: StateRow): RunState {
  const tasks: Record<string, RunState['tasks'][string]> = {};
  for (const body of row.tasks) {
    const task = JSON.parse(body) as RunState['tasks'][string];
    tasks[task.id] = task;
  }
  const seats: Record<string, RunState['seats'][string]> = {};
  for (const body of row.seats) {
    const seat = JSON.parse(body) as RunState['seats'][string];
    seats[seat.roleId] = seat;
  }
  return { ...(JSON.parse(row.header) as Omit<RunState, 'tasks' | 'seats'>), tasks, seats };
}

function toRunSummary(row: SummaryRow): RunSummary {
  return {
    runId: row.id,
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

