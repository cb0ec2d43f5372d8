import type { TroupeHost } from '@troupe/runtime';
import { isTroupeError } from '@troupe/sdk';
import type { RunningServer } from '@troupe/server';
import type { RedisRunTelemetry } from '@troupe/store-postgres';
import { ExitCode } from '../CliIo.js';
import { configOption, type CommandBody } from '../Command.js';
import { startCliHost } from '../createCliHost.js';
import { positiveInteger } from '../positiveInteger.js';
import { serverOptions } from '../serverOptions.js';
import { startStandby, type Standby } from '../standbyServer.js';

export const serveCommand: CommandBody = {
  options: {
    config: configOption,
    port: { type: 'string', short: 'p', placeholder: 'N', description: 'port (default: config server.port, else 7373; 0 picks a free one)' },
    host: { type: 'string', placeholder: 'HOST', description: 'interface to listen on (default: config server.host, else 127.0.0.1)' },
    watch: { type: 'boolean', short: 'w', description: 'reload local packs when their files change' },
    store: { type: 'string', placeholder: 'URL', description: 'the store (default: config store), e.g. postgres://user@host/db' },
    standby: {
      type: 'boolean',
      description:
        'when another host holds the store, wait and take over once its lease is free or stale (instead of E_STORE_LOCKED); with --queue, serve reads and live streams meanwhile',
    },
    queue: { type: 'string', placeholder: 'URL', description: 'run tool and code tasks on `troupe worker` processes through BullMQ on this Redis, e.g. redis://host:6379' },
  },
  async run(input, io) {
    const port = input.values.port === '0' ? 0 : input.values.port === undefined ? undefined : positiveInteger('--port', input.values.port, 0, 65_535);
    const bind = typeof input.values.host === 'string' ? input.values.host : undefined;
    const store = typeof input.values.store === 'string' ? input.values.store : undefined;
    const queue = typeof input.values.queue === 'string' ? input.values.queue : undefined;
    // The server is loaded only by the command that needs it.
    const { startServer } = await import('@troupe/server');
    const listen = { ...(port !== undefined ? { port } : {}), ...(bind !== undefined ? { host: bind } : {}) };
    const dispatcher = queue !== undefined ? await startDispatcher(queue) : undefined;
    // Telemetry between the servers of the deployment: the coordinator publishes, the others listen.
    const telemetry = queue !== undefined ? await startTelemetry(queue) : undefined;
    let standby: Standby | undefined;
    let host: TroupeHost | undefined;
    const closeAll = async (): Promise<void> => {
      await standby?.close();
      await dispatcher?.close();
      await telemetry?.close();
    };
    let waiting = false;
    // Asked once: a signal that comes while the lease is being tried is still seen by the next wait.
    let stopped: Promise<'stop'> | undefined;
    try {
      while (!host) {
        try {
          ({ host } = await startCliHost(input, io, { holder: 'troupe serve', ...(store !== undefined ? { store } : {}), ...(dispatcher ? { taskDispatcher: dispatcher } : {}) }));
        } catch (error) {
          if (!input.values.standby || !isTroupeError(error, 'E_STORE_LOCKED')) throw error;
          if (!waiting) {
            io.stdout.write(`standby: ${error.message}; waiting for the lease\n`);
            // With the deployment's Redis, a standby serves reads and the live stream of every run meanwhile.
            if (telemetry) {
              standby = await startStandby(input, io, { telemetry, ...(store !== undefined ? { store } : {}), listen: (options) => startServer({ ...options, ...listen }) });
              const { url, streamUrl } = standby.server.address;
              io.stdout.write(`listening on ${url} (websocket ${streamUrl}) on standby: reads and live streams here, changes to runs go to the coordinator\n`);
            }
          }
          waiting = true;
          // The holder renews its lease; a free or stale one is taken on the next try.
          const retry = new Promise<'retry'>((resolve) => setTimeout(() => resolve('retry'), STANDBY_RETRY_MS));
          stopped ??= io.interrupted?.then(() => 'stop' as const);
          if ((await Promise.race([retry, stopped ?? retry])) === 'stop') {
            await closeAll();
            return ExitCode.ok;
          }
        }
      }
    } catch (error) {
      await closeAll();
      throw error;
    }
    const coordinator = host;
    try {
      if (input.values.watch) await coordinator.watch();
      if (telemetry) coordinator.engine.subscribe((update) => telemetry.publish(update));
      let running: RunningServer;
      if (standby) {
        // The standby's server goes on: its clients keep their streams, now fed by this process's engine.
        await standby.takeOver(coordinator);
        running = standby.server;
      } else {
        running = await startServer({ ...serverOptions(coordinator.engine, { serving: () => coordinator, coordinating: async () => coordinator }), ...listen });
      }
      // A second `troupe run|approve|serve` on this store is refused naming this address (E_STORE_LOCKED).
      await coordinator.describeLeaseHolder(`troupe serve on ${running.address.url}`);
      if (!standby) io.stdout.write(`listening on ${running.address.url} (websocket ${running.address.streamUrl})\n`);
      if (waiting) io.stdout.write(`coordinating on ${running.address.url}: took the store's lease over\n`);
      await (io.interrupted ?? new Promise<never>(() => undefined));
      io.stdout.write('stopping\n');
      await running.close();
      return ExitCode.ok;
    } finally {
      await coordinator.stop();
      await closeAll();
    }
  },
};

/** How often a standby server tries to take the store's host lease. */
const STANDBY_RETRY_MS = 1000;

/** The coordinator's side of the task queue; loaded only with --queue. */
async function startDispatcher(url: string): Promise<{ close(): Promise<void> } & import('@troupe/sdk').TaskDispatcher> {
  const { BullmqTaskDispatcher } = await import('@troupe/store-postgres');
  const dispatcher = new BullmqTaskDispatcher({ url });
  await dispatcher.start();
  return dispatcher;
}

/** Run telemetry over the queue's Redis; loaded only with --queue. */
async function startTelemetry(url: string): Promise<RedisRunTelemetry> {
  const { RedisRunTelemetry } = await import('@troupe/store-postgres');
  const telemetry = new RedisRunTelemetry({ url });
  await telemetry.startPublishing();
  return telemetry;
}
