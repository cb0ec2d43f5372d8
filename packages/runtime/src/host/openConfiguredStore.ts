import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TroupeError, type WorkflowStore } from '@troupe/sdk';
import { MemoryStore } from '../store/MemoryStore.js';

/**
 * The store of a host whose config file names no `store`: a SQLite file
 * beside the config. The CLI and `createHost({ configPath })` use the same
 * default, so `troupe runs` sees the runs an embedded host made.
 */
export const DEFAULT_STORE = 'sqlite:.troupe/troupe.db';

/** The package that opens `sqlite:` stores; an optional peer of @troupe/runtime. */
const SQLITE_PACKAGE = '@troupe/store-sqlite';

interface SqliteStoreModule {
  createSqliteStore(options: { readonly path: string }): WorkflowStore;
}

export interface OpenStoreOptions {
  /**
   * For readers (`troupe runs`, `status`, `events`, `audit`, `prune`): a
   * SQLite file that does not exist yet is not created; an empty memory
   * store stands in for it.
   */
  readonly readOnly?: boolean;
  /** How `@troupe/store-sqlite` is imported; tests replace it. */
  readonly importSqlite?: () => Promise<SqliteStoreModule>;
}

/**
 * The `store` a host uses: the config's, else {@link DEFAULT_STORE} when the
 * config came from a file, else `memory` (a config given in code has no
 * folder to keep a database in).
 */
export function effectiveStore(configured: string | undefined, fromFile: boolean): string {
  return configured ?? (fromFile ? DEFAULT_STORE : 'memory');
}

/**
 * Opens the store a config's `store` names (not yet `open()`ed): `memory`,
 * or `sqlite:<path>` (relative to `baseDir`; `sqlite::memory:` for a
 * throw-away database) through `@troupe/store-sqlite`, imported only then,
 * so hosts that never name it need not install its native module.
 */
export async function openConfiguredStore(spec: string, baseDir: string, options: OpenStoreOptions = {}): Promise<WorkflowStore> {
  if (spec === 'memory') return new MemoryStore();
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    const file = path === ':memory:' ? path : resolve(baseDir, path);
    if (options.readOnly && file !== ':memory:' && !existsSync(file)) return new MemoryStore();
    const module = await importSqliteStore(spec, options.importSqlite ?? (() => import('@troupe/store-sqlite')));
    return module.createSqliteStore({ path: file });
  }
  throw new TroupeError('E_STORE_UNAVAILABLE', {
    store: spec,
    reason: 'a host opens "memory" and "sqlite:<path>" itself; for any other store create it and pass it with host.override(Services.store, store)',
  });
}

async function importSqliteStore(spec: string, load: () => Promise<SqliteStoreModule>): Promise<SqliteStoreModule> {
  try {
    return await load();
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(SQLITE_PACKAGE);
    throw new TroupeError(
      'E_STORE_UNAVAILABLE',
      {
        store: spec,
        reason: missing
          ? `${SQLITE_PACKAGE} is not installed; run \`npm install ${SQLITE_PACKAGE}\` in the host app, or set "store": "memory"`
          : `${SQLITE_PACKAGE} failed to load (${(error as Error).message})`,
      },
      { cause: error },
    );
  }
}
