import { DEFAULT_STORE, openConfiguredStore, type OpenStoreOptions } from '@troupe/runtime';
import type { WorkflowStore } from '@troupe/sdk';

export { DEFAULT_STORE };

/**
 * Maps the config's `store` to a WorkflowStore (not yet opened), the way
 * `createHost` does (memory, sqlite:, postgres://): the CLI always has a
 * config file, so no `store` means the SQLite file beside it.
 */
export function openStore(spec: string | undefined, baseDir: string, options: Pick<OpenStoreOptions, 'readOnly'> = {}): Promise<WorkflowStore> {
  return openConfiguredStore(spec ?? DEFAULT_STORE, baseDir, options);
}
