import { TroupeError, type WorkflowStore } from '@troupe/sdk';
import { MemoryStore } from '../store/MemoryStore.js';

/**
 * The store a host uses when the host app did not provide one
 * (`Services.store`): runs in memory. Other stores live in their own
 * packages (native modules, drivers) that the runtime does not import; the
 * `troupe` CLI opens them from the config's `store`.
 */
export function defaultStore(spec: string | undefined): WorkflowStore {
  if (spec === undefined || spec === 'memory') return new MemoryStore();
  throw new TroupeError('E_STORE_UNAVAILABLE', {
    store: spec,
    reason: 'a host opens only "memory" by itself; create the store (e.g. createSqliteStore from @troupe/store-sqlite) and pass it with host.override(Services.store, store)',
  });
}
