import { resolve } from 'node:path';
import { TroupeError, type WorkflowStore } from '@troupe/sdk';
import { MemoryStore } from '@troupe/runtime';

/** The store when the config names none: a SQLite file under the project folder. */
export const DEFAULT_STORE = 'sqlite:.troupe/troupe.db';

/**
 * Maps the config's `store` to a WorkflowStore for the commands that run
 * workflows. The SQLite store (a native module) is imported only here, on
 * demand, so `validate` and `packs` never load it.
 */
export async function openStore(spec: string | undefined, baseDir: string): Promise<WorkflowStore> {
  const store = spec ?? DEFAULT_STORE;
  if (store === 'memory') return new MemoryStore();
  if (store.startsWith('sqlite:')) {
    const { createSqliteStore } = await import('@troupe/store-sqlite');
    const path = store.slice('sqlite:'.length);
    return createSqliteStore({ path: path === ':memory:' ? path : resolve(baseDir, path) });
  }
  throw new TroupeError('E_STORE_UNAVAILABLE', { store, reason: 'this build of the CLI supports "memory" and "sqlite:<path>"' });
}
