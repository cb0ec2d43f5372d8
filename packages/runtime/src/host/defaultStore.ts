import { TroupeError, type WorkflowStore } from '@troupe/sdk';
import { DeferredStore } from '../store/DeferredStore.js';
import { MemoryStore } from '../store/MemoryStore.js';

/** The package behind `postgres://` stores; an optional peer dependency, loaded only when configured. */
const POSTGRES_PACKAGE = '@troupe/store-postgres';

interface PostgresStoreModule {
  createPostgresStore(options: { readonly url: string }): WorkflowStore;
}

/** Redacts the password of a store URL for messages. */
function describeStore(spec: string): string {
  try {
    const url = new URL(spec);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return spec;
  }
}

/**
 * The store a host uses when the host app did not provide one
 * (`Services.store`): `memory` (the default), or `postgres://…`, loaded from
 * `@troupe/store-postgres` when the host opens it. SQLite (a native module)
 * is opened by the `troupe` CLI, or created by the host app and passed with
 * host.override(Services.store, store).
 */
export function defaultStore(spec: string | undefined): WorkflowStore {
  if (spec === undefined || spec === 'memory') return new MemoryStore();
  if (spec.startsWith('postgres://') || spec.startsWith('postgresql://')) {
    return new DeferredStore('postgres', async () => {
      let module: PostgresStoreModule;
      try {
        // A variable specifier: the runtime has no build-time dependency on the driver.
        module = (await import(POSTGRES_PACKAGE)) as PostgresStoreModule;
      } catch (error) {
        throw new TroupeError(
          'E_STORE_UNAVAILABLE',
          { store: describeStore(spec), reason: `${POSTGRES_PACKAGE} is not installed next to @troupe/runtime; npm install ${POSTGRES_PACKAGE}` },
          { cause: error },
        );
      }
      return module.createPostgresStore({ url: spec });
    });
  }
  throw new TroupeError('E_STORE_UNAVAILABLE', {
    store: spec,
    reason: 'a host opens "memory" and "postgres://…" by itself; create the store (e.g. createSqliteStore from @troupe/store-sqlite) and pass it with host.override(Services.store, store)',
  });
}
