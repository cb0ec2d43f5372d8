import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import type { WorkflowStore } from '@troupe/sdk';
import { SqliteStore, createSqliteStore } from '@troupe/store-sqlite';
import { describeStoreConformance } from '@troupe/testing';

function pathOf(store: WorkflowStore): string {
  return (store as SqliteStore).path;
}

describeStoreConformance(
  'sqlite',
  {
    create: async () => {
      // A nested folder that does not exist yet: the store creates it.
      const store = createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'troupe-store-')), 'data', 'troupe.db') });
      await store.open();
      return store;
    },
    // A new instance on the same file, as a restarted host would open it.
    reopen: async (store) => {
      await store.close();
      const again = createSqliteStore({ path: pathOf(store) });
      await again.open();
      return again;
    },
    destroy: async (store) => {
      await store.close();
      rmSync(dirname(dirname(pathOf(store))), { recursive: true, force: true });
    },
  },
  { describe, it, afterEach },
);
