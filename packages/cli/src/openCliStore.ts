import { describeStoreSpec, type TroupeHost } from '@troupe/runtime';
import type { WorkflowStore } from '@troupe/sdk';
import type { CliIo } from './CliIo.js';
import type { CommandInput } from './Command.js';
import { createCliHost } from './createCliHost.js';
import { openStore } from './openStore.js';

export interface CliStore {
  readonly store: WorkflowStore;
  /** The config's host, not started: its config, logger and secret scrubber. */
  readonly host: TroupeHost;
  /** The store as the config names it, for messages. */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * The config's store, opened for commands that only read it or prune it
 * (`runs`, `status`, `events`, `audit`, `prune`): no pack is loaded and no run
 * is resumed, so they are quick and safe next to a host that drives the runs
 * (SQLite WAL lets them read while it writes).
 */
export async function openCliStore(input: CommandInput, io: CliIo): Promise<CliStore> {
  const host = createCliHost(input, io, { runWorkflows: false });
  const store = await openStore(host.storeSpec, host.baseDir, { readOnly: true });
  await store.open();
  // A PostgreSQL store describes itself without the URL's password.
  const description = (store as { description?: unknown }).description;
  return { store, host, description: typeof description === 'string' ? description : describeStoreSpec(host.storeSpec), close: () => store.close() };
}
