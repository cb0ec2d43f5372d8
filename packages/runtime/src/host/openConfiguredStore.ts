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
/** The package that opens `postgres://` stores; an optional peer of @troupe/runtime. */
const POSTGRES_PACKAGE = '@troupe/store-postgres';

interface SqliteStoreModule {
  createSqliteStore(options: { readonly path: string }): WorkflowStore;
}

interface PostgresStoreModule {
  createPostgresStore(options: { readonly url: string }): WorkflowStore;
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
  /** How `@troupe/store-postgres` is imported; tests replace it. */
  readonly importPostgres?: () => Promise<PostgresStoreModule>;
}

/**
 * The `store` a host uses: the config's, else {@link DEFAULT_STORE} when the
 * config came from a file, else `memory` (a config given in code has no
 * folder to keep a database in).
 */
export function effectiveStore(configured: string | undefined, fromFile: boolean): string {
  return configured ?? (fromFile ? DEFAULT_STORE : 'memory');
}

/** A store spec for messages: a URL's password is never shown. */
export function describeStoreSpec(spec: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return spec;
  try {
    const url = new URL(spec);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable store URL>';
  }
}

function isPostgresSpec(spec: string): boolean {
  return spec.startsWith('postgres://') || spec.startsWith('postgresql://');
}

/**
 * The one place a config's `store` becomes a store (not yet `open()`ed), for
 * `createHost` and the `troupe` CLI alike: `memory`; `sqlite:<path>`
 * (relative to `baseDir`; `sqlite::memory:` for a throw-away database)
 * through `@troupe/store-sqlite`; `postgres://…` (or `postgresql://…`;
 * `?schema=` picks the schema) through `@troupe/store-postgres`. Both
 * packages are optional peers imported only then, so hosts that never name
 * them need not install a native module or a driver; a missing one is
 * E_STORE_UNAVAILABLE with the install command.
 */
export async function openConfiguredStore(spec: string, baseDir: string, options: OpenStoreOptions = {}): Promise<WorkflowStore> {
  if (spec === 'memory') return new MemoryStore();
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    const file = path === ':memory:' ? path : resolve(baseDir, path);
    if (options.readOnly && file !== ':memory:' && !existsSync(file)) return new MemoryStore();
    const module = await importStorePackage(spec, SQLITE_PACKAGE, options.importSqlite ?? (() => import('@troupe/store-sqlite')));
    return module.createSqliteStore({ path: file });
  }
  if (isPostgresSpec(spec)) {
    // Connects at open(); messages name the server without the password.
    const module = await importStorePackage(spec, POSTGRES_PACKAGE, options.importPostgres ?? (() => import('@troupe/store-postgres')));
    return module.createPostgresStore({ url: spec });
  }
  throw new TroupeError('E_STORE_UNAVAILABLE', {
    store: describeStoreSpec(spec),
    reason: 'a host opens "memory", "sqlite:<path>" and "postgres://…" itself; for any other store create it and pass it with host.override(Services.store, store)',
  });
}

async function importStorePackage<M>(spec: string, packageName: string, load: () => Promise<M>): Promise<M> {
  try {
    return await load();
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(packageName);
    throw new TroupeError(
      'E_STORE_UNAVAILABLE',
      {
        store: describeStoreSpec(spec),
        reason: missing
          ? `${packageName} is not installed; run \`npm install ${packageName}\` in the host app, or set "store": "memory"`
          : `${packageName} failed to load (${(error as Error).message})`,
      },
      { cause: error },
    );
  }
}
