import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '@troupe/store-sqlite';
import { afterAll, describe, it } from 'vitest';
import { assertReadsLikeMemoryStore } from './storeReadsLikeMemory.js';

const folder = mkdtempSync(join(tmpdir(), 'troupe-store-property-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

describe('SqliteStore against MemoryStore over random commit sequences', () => {
  it('reads back the same runs, summaries, unfinished runs and logs, across reopens', async () => {
    await assertReadsLikeMemoryStore(() => {
      const path = join(folder, `p${files++}.db`);
      return {
        open: async () => {
          const store = new SqliteStore({ path });
          await store.open();
          return store;
        },
        dispose: () => {
          for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
        },
      };
    }, 60);
  });
});
