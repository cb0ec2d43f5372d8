import { createHash } from 'node:crypto';
import { TroupeError, type RunCommit, type RunHeader, type WorkflowDefinition } from '@troupe/sdk';
import type { PoolClient } from 'pg';
import { toStoreError } from './storeErrors.js';
import { validateBatch } from './validateBatch.js';

/**
 * Everything a batch writes, its audit entries included, in one statement:
 * data-modifying CTEs fed by arrays (`unnest`), so a group commit of any size
 * is four round trips (BEGIN, the locking read, this, COMMIT). Foreign keys
 * are checked at the end of the statement, so events may reference a run
 * inserted beside them.
 */
const WRITE_BATCH = `
WITH
  defs AS (
    INSERT INTO run_definitions (hash, definition)
    SELECT * FROM unnest($1::text[], $2::text[])
    ON CONFLICT (hash) DO NOTHING
  ),
  created AS (
    INSERT INTO runs (id, status, definition_id, definition_version, conversation_id, created_at, updated_at, ended_at, seq, definition_hash, header)
    SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::float8[], $11::int[], $12::text[], $13::text[])
    ON CONFLICT (id) DO NOTHING
    RETURNING id
  ),
  updated AS (
    UPDATE runs AS r
    SET status = u.status, conversation_id = u.conversation_id, updated_at = u.updated_at, ended_at = u.ended_at, seq = u.seq, header = u.header
    FROM unnest($14::text[], $15::text[], $16::text[], $17::float8[], $18::float8[], $19::int[], $20::text[])
      AS u (id, status, conversation_id, updated_at, ended_at, seq, header)
    WHERE r.id = u.id
  ),
  logged AS (
    INSERT INTO events (run_id, seq, body)
    SELECT * FROM unnest($21::text[], $22::int[], $23::text[])
  ),
  task_rows AS (
    INSERT INTO tasks (run_id, task_id, body)
    SELECT * FROM unnest($24::text[], $25::text[], $26::text[])
    ON CONFLICT (run_id, task_id) DO UPDATE SET body = excluded.body
  ),
  seat_rows AS (
    INSERT INTO seats (run_id, role_id, body)
    SELECT * FROM unnest($27::text[], $28::text[], $29::text[])
    ON CONFLICT (run_id, role_id) DO UPDATE SET body = excluded.body
  ),
  audited AS (
    INSERT INTO audit (at, run_id, action, body)
    SELECT * FROM unnest($30::float8[], $31::text[], $32::text[], $33::text[])
  )
SELECT array(SELECT id FROM created) AS created`;

/** A definition's JSON and hash, computed once per definition object (every run of a workflow shares it). */
const definitionCache = new WeakMap<WorkflowDefinition, { readonly hash: string; readonly json: string }>();

function definitionRow(definition: WorkflowDefinition): { readonly hash: string; readonly json: string } {
  let row = definitionCache.get(definition);
  if (row === undefined) {
    const json = JSON.stringify(definition);
    row = { hash: `sha256:${createHash('sha256').update(json).digest('hex')}`, json };
    definitionCache.set(definition, row);
  }
  return row;
}

/** Postgres text cannot hold NUL; JSON.stringify escapes it, so every JSON column is safe. */
function json(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Writes a batch inside the caller's transaction: locks the rows of the runs
 * it continues (so two processes cannot interleave a run's log), checks the
 * seqs, then writes every run, event, task and seat row at once. A run
 * created by another process in between is refused (E_RUN_EXISTS); the
 * primary key (run_id, seq) of the log refuses any duplicate seq
 * (E_STORE_CONFLICT) whatever happens above it.
 */
export async function writeBatch(client: PoolClient, batch: readonly RunCommit[]): Promise<void> {
  const runIds = [...new Set(batch.map((commit) => commit.runId))];
  const { rows } = await client.query<{ id: string; seq: number }>('SELECT id, seq FROM runs WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [runIds]);
  validateBatch(batch, new Map(rows.map((row) => [row.id, row.seq])));

  const definitions = new Map<string, string>();
  const newRuns = new Map<string, { header: RunHeader; hash: string }>();
  const changed = new Map<string, RunHeader>();
  const events: [string[], number[], string[]] = [[], [], []];
  const tasks = new Map<string, [string, string, string]>();
  const seats = new Map<string, [string, string, string]>();
  const audit: [number[], (string | null)[], string[], string[]] = [[], [], [], []];
  for (const commit of batch) {
    const { runId } = commit;
    if (commit.created) {
      const definition = definitionRow(commit.created.definition);
      definitions.set(definition.hash, definition.json);
      newRuns.set(runId, { header: commit.header, hash: definition.hash });
    } else {
      const created = newRuns.get(runId);
      if (created) created.header = commit.header;
      else changed.set(runId, commit.header);
    }
    for (const event of commit.events) {
      events[0].push(runId);
      events[1].push(event.seq);
      events[2].push(json(event));
    }
    // One row per key: ON CONFLICT cannot touch a row twice in one statement; the latest wins.
    for (const task of commit.tasks) tasks.set(`${runId}\u0000${task.id}`, [runId, task.id, json(task)]);
    for (const seat of commit.seats) seats.set(`${runId}\u0000${seat.roleId}`, [runId, seat.roleId, json(seat)]);
    for (const entry of commit.audit ?? []) {
      audit[0].push(entry.at);
      audit[1].push(entry.runId ?? null);
      audit[2].push(entry.action);
      audit[3].push(json(entry));
    }
  }
  const created = [...newRuns.values()];
  const updates = [...changed.values()];
  const columns = (rowsOf: Iterable<readonly [string, string, string]>, index: 0 | 1 | 2): string[] => [...rowsOf].map((row) => row[index]);
  const params = [
    [...definitions.keys()],
    [...definitions.values()],
    created.map((run) => run.header.runId),
    created.map((run) => run.header.status),
    created.map((run) => run.header.pin.definitionId),
    created.map((run) => run.header.pin.definitionVersion),
    created.map((run) => run.header.conversationId ?? null),
    created.map((run) => run.header.createdAt),
    created.map((run) => run.header.updatedAt),
    created.map((run) => run.header.endedAt ?? null),
    created.map((run) => run.header.seq),
    created.map((run) => run.hash),
    created.map((run) => json(run.header)),
    updates.map((header) => header.runId),
    updates.map((header) => header.status),
    updates.map((header) => header.conversationId ?? null),
    updates.map((header) => header.updatedAt),
    updates.map((header) => header.endedAt ?? null),
    updates.map((header) => header.seq),
    updates.map((header) => json(header)),
    ...events,
    columns(tasks.values(), 0),
    columns(tasks.values(), 1),
    columns(tasks.values(), 2),
    columns(seats.values(), 0),
    columns(seats.values(), 1),
    columns(seats.values(), 2),
    ...audit,
  ];
  const { rows: result } = await client.query<{ created: string[] }>(WRITE_BATCH, params).catch((error: unknown) => {
    // Another process created one of these runs after the locking read and its log came first.
    const conflict = toStoreError(error, '');
    const runId = conflict.details['runId'];
    if (conflict.code === 'E_STORE_CONFLICT' && typeof runId === 'string' && newRuns.has(runId)) throw new TroupeError('E_RUN_EXISTS', { runId }, { cause: error });
    throw error;
  });
  if (result[0]!.created.length !== created.length) {
    // Another process created one of these runs after the locking read.
    const inserted = new Set(result[0]!.created);
    const runId = created.find((run) => !inserted.has(run.header.runId))!.header.runId;
    throw new TroupeError('E_RUN_EXISTS', { runId });
  }
}
