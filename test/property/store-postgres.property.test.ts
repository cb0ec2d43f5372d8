import { PostgresStore } from '@troupe/store-postgres';
import { startPostgresServer, type PostgresServer } from '@troupe/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { assertReadsLikeMemoryStore } from './storeReadsLikeMemory.js';

// One real server; every generated case gets a fresh schema in it.
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgresServer();
}, 120_000);
afterAll(async () => {
  await server?.destroy();
});
let schemas = 0;

describe('PostgresStore against MemoryStore over random commit sequences', () => {
  it('reads back the same runs, summaries, unfinished runs and logs, across reopens', async () => {
    const url = server.url;
    // Each case migrates a fresh schema on a real server: fewer cases than the SQLite twin, same generator.
    await assertReadsLikeMemoryStore(() => {
      const schema = `p${schemas++}`;
      return {
        open: async () => {
          const store = new PostgresStore({ url, schema });
          await store.open();
          return store;
        },
      };
    }, 40);
  }, 300_000);
});
