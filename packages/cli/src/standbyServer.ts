import type { TroupeHost } from '@troupe/runtime';
import type { HostLeaseRecord, WorkflowStore } from '@troupe/sdk';
import type { RunningServer, StartServerOptions } from '@troupe/server';
import type { RedisRunTelemetry } from '@troupe/store-postgres';
import type { CliIo } from './CliIo.js';
import type { CommandInput } from './Command.js';
import { createCliHost } from './createCliHost.js';
import { openStore } from './openStore.js';
import { serverOptions } from './serverOptions.js';

/**
 * How often a standby also catches up with the store by itself: pub/sub is
 * at-most-once, and a message lost in a race with a reconnect (a run's last
 * events, with nothing after them to reveal the gap) then arrives this much
 * later instead of never.
 */
const STANDBY_RESYNC_MS = 2000;

/** A `troupe serve --standby --queue` server while another process holds the store's lease. */
export interface Standby {
  readonly server: RunningServer;
  /** This process took the lease: its engine drives the runs, and the same server and streams go on. */
  takeOver(coordinator: TroupeHost): Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves a store whose runs another process drives: REST reads and
 * websocket replays from the store, the live stream of every run from the
 * coordinator's telemetry on Redis (gaps filled from the store by seq), and
 * every change of a run refused with E_NOT_COORDINATOR naming the
 * coordinator. The packs are loaded (definitions, startup report) but drive
 * nothing.
 */
export async function startStandby(
  input: CommandInput,
  io: CliIo,
  options: { readonly telemetry: RedisRunTelemetry; readonly store?: string; readonly listen: (options: StartServerOptions) => Promise<RunningServer> },
): Promise<Standby> {
  const { RunFeed, StandbyRuns } = await import('@troupe/server');
  const reader = createCliHost(input, io, { runWorkflows: false });
  let store: WorkflowStore | undefined;
  let feed: { close(): void } | undefined;
  let sweep: NodeJS.Timeout | undefined;
  try {
    await reader.start();
    const opened = await openStore(options.store ?? reader.storeSpec, reader.baseDir, { readOnly: true });
    store = opened;
    await opened.open();
    const live = new RunFeed(opened, { logger: reader.logger });
    feed = live;
    const resync = (): void => {
      live.resync().catch((error: unknown) => reader.logger.warn({ err: error }, 'could not catch up with the store after lost telemetry; the next update does'));
    };
    // Subscribed before the baseline is read, so nothing falls between the two.
    await options.telemetry.listen((update) => live.push(update), resync);
    await live.start();
    // Quiet on failure: the store being down is reported by the reads that need it, not every 2 s.
    sweep = setInterval(() => live.resync().catch((error: unknown) => reader.logger.debug({ err: error }, 'periodic catch-up with the store failed')), STANDBY_RESYNC_MS);
    sweep.unref();
    const runs = new StandbyRuns({
      store: opened,
      feed: live,
      definitions: () => reader.registry.list('workflow').map((active) => active.descriptor.payload.definition),
      coordinator: async () => describeLease(await opened.readHostLease()),
    });
    let coordinator: TroupeHost | undefined;
    const server = await options.listen(
      serverOptions(runs, {
        serving: () => coordinator ?? reader,
        coordinating: async (action) => {
          await runs.requireCoordinator(action);
          return coordinator!;
        },
      }),
    );
    return {
      server,
      async takeOver(host) {
        coordinator = host;
        // Its own engine's updates reach the feed directly from now on: nothing to sweep for.
        clearInterval(sweep);
        host.engine.subscribe((update) => live.push(update));
        await options.telemetry.stopListening();
        runs.takeOver(host.engine);
        // What the engine announced before it was subscribed (resumed runs), and what the old coordinator never published.
        resync();
        // Its packs drove nothing; the coordinator's serve from now on. The store stays open for the feed's catch-ups.
        await reader.stop();
      },
      async close() {
        clearInterval(sweep);
        await server.close();
        live.close();
        await opened.close();
        if (!coordinator) await reader.stop();
      },
    };
  } catch (error) {
    clearInterval(sweep);
    feed?.close();
    await options.telemetry.stopListening();
    await store?.close();
    await reader.stop();
    throw error;
  }
}

function describeLease(lease: HostLeaseRecord | undefined): string {
  if (!lease) return 'no host at the moment (the lease is free: a standby takes it within seconds)';
  return `${lease.holder} (pid ${lease.pid} on ${lease.hostname})`;
}
