import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TroupeError, type WorkflowStore } from '@troupe/sdk';
import { MemoryStore } from '@troupe/runtime';

/** The store when the config names none: a SQLite file under the project folder. */
export const DEFAULT_STORE = 'sqlite:.troupe/troupe.db';

export interface OpenStoreOptions {
  /**
   * For commands that only read (`runs`, `status`, `events`, `audit`, `prune`):
   * a SQLite file that does not exist yet is not created; an empty store
   * stands in for it, so the command finds no runs.
   */
  readonly readOnly?: boolean;
}

/**
 * Maps the config's `store` to a WorkflowStore (not yet opened). The SQLite
 * store (a native module) and the PostgreSQL one (pg) are imported only here,
 * on demand, so `validate` and `packs` never load them.
 */
export async function openStore(spec: string | undefined, baseDir: string, options: OpenStoreOptions = {}): Promise<WorkflowStore> {
  const store = spec ?? DEFAULT_STORE;
  if (store === 'memory') return new MemoryStore();
  if (store.startsWith('sqlite:')) {
    const path = store.slice('sqlite:'.length);
    const file = path === ':memory:' ? path : resolve(baseDir, path);
    if (options.readOnly && file !== ':memory:' && !existsSync(file)) return new MemoryStore();
    const { createSqliteStore } = await import('@troupe/store-sqlite');
    return createSqliteStore({ path: file });
  }
  if (store.startsWith('postgres://') || store.startsWith('postgresql://')) {
    const { createPostgresStore } = await import('@troupe/store-postgres');
    return createPostgresStore({ url: store });
  }
  throw new TroupeError('E_STORE_UNAVAILABLE', { store, reason: 'the CLI supports "memory", "sqlite:<path>" and "postgres://…"' });
}
