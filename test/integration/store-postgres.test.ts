import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { isTroupeError, type HostLeaseRecord, type RunCommit, type WorkflowStore } from '@troupe/sdk';
import { PostgresStore, SCHEMA_VERSION, createPostgresStore } from '@troupe/store-postgres';
import { describeStoreConformance, startPostgresServer, type PostgresServer } from '@troupe/testing';

// One real server for the file; every store gets its own schema in it.
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgresServer();
}, 120_000);
afterAll(async () => {
  await server?.destroy();
});

let schemas = 0;
const nextSchema = (): string => `t${process.pid}_${schemas++}`;
const storeOf = (store: WorkflowStore): PostgresStore => store as PostgresStore;

describeStoreConformance(
  'postgres',
  {
    create: async () => {
      const store = createPostgresStore({ url: server.url, schema: nextSchema() });
      await store.open();
      return store;
    },
    reopen: async (store) => {
      await store.close();
      const again = createPostgresStore({ url: server.url, schema: storeOf(store).schema });
      await again.open();
      return again;
    },
    destroy: async (store) => {
      await store.close();
    },
  },
  { describe, it, afterEach },
);

function startCommit(runId: string): RunCommit {
  const header = {
    runId,
    pin: { definitionId: 'wf', definitionVersion: '1.0.0', definitionHash: 'h', packVersions: {} },
    status: 'running' as const,
    input: {},
    roleAssignments: {},
    createdAt: 1,
    updatedAt: 1,
    seq: 1,
  };
  return {
    runId,
    created: { definition: { id: 'wf', version: '1.0.0', tasks: [{ id: 'a', executor: { type: 'tool', toolId: 't' } }] } },
    events: [{ runId, seq: 1, type: 'run.created', at: 1 }],
    header,
    tasks: [],
    seats: [],
  };
}

function nextCommit(runId: string, seq: number, marker: string): RunCommit {
  return {
    runId,
    events: [{ runId, seq, type: 'task.progress', at: seq, data: { marker } }],
    header: { ...startCommit(runId).header, seq, updatedAt: seq },
    tasks: [],
    seats: [],
  };
}

describe('PostgresStore', () => {
  const opened: PostgresStore[] = [];
  const open = async (schema: string): Promise<PostgresStore> => {
    const store = createPostgresStore({ url: `${server.url}?schema=${schema}` });
    await store.open();
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('migrates once when several processes open the same schema at once', async () => {
    const schema = nextSchema();
    const stores = await Promise.all(Array.from({ length: 6 }, () => open(schema)));
    const { rows } = await stores[0]!.pool.query<{ version: number }>(`SELECT version FROM ${schema}.troupe_schema`);
    assert.deepStrictEqual(rows, [{ version: SCHEMA_VERSION }]);
    await stores[1]!.commit([startCommit('r')]);
    assert.equal((await stores[5]!.getRun('r'))?.seq, 1);
  });

  it('lets exactly one of two writers append a seq to a run; the other gets E_STORE_CONFLICT', async () => {
    const schema = nextSchema();
    const [a, b] = [await open(schema), await open(schema)];
    await a.commit([startCommit('r')]);
    const results = await Promise.allSettled([a.commit([nextCommit('r', 2, 'from a')]), b.commit([nextCommit('r', 2, 'from b')])]);
    const rejected = results.filter((result) => result.status === 'rejected');
    assert.equal(rejected.length, 1);
    assert.ok(isTroupeError((rejected[0] as PromiseRejectedResult).reason, 'E_STORE_CONFLICT'));
    const events = await a.readEvents('r');
    assert.deepStrictEqual(events.map((event) => event.seq), [1, 2]);
  });

  it('refuses a second process creating the same run id (E_RUN_EXISTS)', async () => {
    const schema = nextSchema();
    const [a, b] = [await open(schema), await open(schema)];
    const results = await Promise.allSettled([a.commit([startCommit('same')]), b.commit([startCommit('same')])]);
    const rejected = results.filter((result) => result.status === 'rejected');
    assert.equal(rejected.length, 1);
    assert.ok(isTroupeError((rejected[0] as PromiseRejectedResult).reason, 'E_RUN_EXISTS'));
  });

  it('refuses a schema written by a newer Troupe (E_STORE_SCHEMA_TOO_NEW) and leaves it alone', async () => {
    const schema = nextSchema();
    const store = await open(schema);
    await store.pool.query(`UPDATE ${schema}.troupe_schema SET version = 999`);
    const newer = createPostgresStore({ url: server.url, schema });
    await assert.rejects(newer.open(), (error: unknown) => isTroupeError(error, 'E_STORE_SCHEMA_TOO_NEW'));
    const { rows } = await store.pool.query<{ version: number }>(`SELECT version FROM ${schema}.troupe_schema`);
    assert.equal(rows[0]!.version, 999);
  });

  it('reports a server it cannot reach as E_STORE_UNAVAILABLE without the password', async () => {
    const store = createPostgresStore({ url: 'postgres://troupe:s3cret@127.0.0.1:1/nowhere', connectTimeoutMs: 2000 });
    await assert.rejects(store.open(), (error: unknown) => {
      assert.ok(isTroupeError(error, 'E_STORE_UNAVAILABLE'));
      assert.ok(!String((error as Error).message).includes('s3cret'));
      return true;
    });
  });

  it('refuses a schema name that is not a plain identifier', () => {
    assert.throws(() => createPostgresStore({ url: server.url, schema: 'x; DROP TABLE runs' }), (error: unknown) => isTroupeError(error, 'E_STORE_UNAVAILABLE'));
  });
});

describe('PostgresStore host lease', () => {
  const lease = (leaseId: string, heartbeatAt = 1): HostLeaseRecord => ({ leaseId, pid: 42, hostname: 'box', startedAt: 1, heartbeatAt, holder: 'troupe serve' });

  it('swaps the lease only from the expected one, across processes, and keeps it over a reopen', async () => {
    const schema = nextSchema();
    const mine = createPostgresStore({ url: server.url, schema });
    const theirs = createPostgresStore({ url: server.url, schema });
    await Promise.all([mine.open(), theirs.open()]);
    try {
      assert.equal(await mine.readHostLease(), undefined);
      assert.equal(await mine.swapHostLease(undefined, undefined), true);
      assert.equal(await mine.swapHostLease(undefined, lease('a')), true);
      assert.equal(await theirs.swapHostLease(undefined, lease('b')), false);
      assert.equal(await theirs.swapHostLease('stale-id', lease('b')), false);
      assert.equal(await theirs.swapHostLease(undefined, undefined), false);
      assert.deepStrictEqual(await theirs.readHostLease(), lease('a'));
      assert.equal(await mine.swapHostLease('a', lease('a', 5)), true);
      await mine.close();
      await mine.open();
      assert.deepStrictEqual(await mine.readHostLease(), lease('a', 5));
      assert.equal(await theirs.swapHostLease('a', undefined), true);
      assert.equal(await mine.readHostLease(), undefined);
    } finally {
      await Promise.all([mine.close(), theirs.close()]);
    }
  });

  it('lets exactly one of many racing processes take a stale lease', async () => {
    const schema = nextSchema();
    const stores = Array.from({ length: 5 }, () => createPostgresStore({ url: server.url, schema }));
    await Promise.all(stores.map((store) => store.open()));
    try {
      await stores[0]!.swapHostLease(undefined, lease('old'));
      const results = await Promise.all(stores.map((store, index) => store.swapHostLease('old', lease(`new-${index}`))));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal((await stores[0]!.readHostLease())?.leaseId, `new-${results.indexOf(true)}`);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
