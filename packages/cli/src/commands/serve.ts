import { approveDraft, type TroupeHost } from '@troupe/runtime';
import { isTroupeError } from '@troupe/sdk';
import { ExitCode } from '../CliIo.js';
import { configOption, type CommandBody } from '../Command.js';
import { startCliHost } from '../createCliHost.js';
import { draftsOf } from '../draftsDir.js';
import { positiveInteger } from '../positiveInteger.js';

export const serveCommand: CommandBody = {
  options: {
    config: configOption,
    port: { type: 'string', short: 'p', placeholder: 'N', description: 'port (default: config server.port, else 7373; 0 picks a free one)' },
    host: { type: 'string', placeholder: 'HOST', description: 'interface to listen on (default: config server.host, else 127.0.0.1)' },
    watch: { type: 'boolean', short: 'w', description: 'reload local packs when their files change' },
    store: { type: 'string', placeholder: 'URL', description: 'the store (default: config store), e.g. postgres://user@host/db' },
    standby: { type: 'boolean', description: 'when another host holds the store, wait and take over once its lease is free or stale (instead of E_STORE_LOCKED)' },
    queue: { type: 'string', placeholder: 'URL', description: 'run tool and code tasks on `troupe worker` processes through BullMQ on this Redis, e.g. redis://host:6379' },
  },
  async run(input, io) {
    const port = input.values.port === '0' ? 0 : input.values.port === undefined ? undefined : positiveInteger('--port', input.values.port, 0, 65_535);
    const bind = typeof input.values.host === 'string' ? input.values.host : undefined;
    // The server is loaded only by the command that needs it.
    const { startServer } = await import('@troupe/server');
    const store = typeof input.values.store === 'string' ? input.values.store : undefined;
    const dispatcher = typeof input.values.queue === 'string' ? await startDispatcher(input.values.queue) : undefined;
    let host: TroupeHost | undefined;
    try {
      let waiting = false;
      while (!host) {
        try {
          ({ host } = await startCliHost(input, io, { holder: 'troupe serve', ...(store !== undefined ? { store } : {}), ...(dispatcher ? { taskDispatcher: dispatcher } : {}) }));
        } catch (error) {
          if (!input.values.standby || !isTroupeError(error, 'E_STORE_LOCKED')) throw error;
          if (!waiting) io.stdout.write(`standby: ${error.message}; waiting for the lease\n`);
          waiting = true;
          // The holder renews its lease; a free or stale one is taken on the next try.
          const retry = new Promise<'retry'>((resolve) => setTimeout(() => resolve('retry'), STANDBY_RETRY_MS));
          if ((await Promise.race([retry, io.interrupted?.then(() => 'stop' as const) ?? retry])) === 'stop') {
            await dispatcher?.close();
            return ExitCode.ok;
          }
        }
      }
    } catch (error) {
      await dispatcher?.close();
      throw error;
    }
    try {
      if (input.values.watch) await host.watch();
      const running = await startServer({
        runs: host.engine,
        report: () => host.report(),
        emitEvent: async (name, payload) =>
          (await host.emit(name, payload)).flatMap((fire) => (fire.outcome === 'started' ? [{ runId: fire.run.runId }] : fire.outcome === 'duplicate' ? [{ runId: fire.runId }] : [])),
        logger: host.logger,
        approveDraft: async (draftId, actor) => {
          const { definition } = await approveDraft(host, draftsOf(host.baseDir), draftId, actor);
          return { workflowId: definition.id, version: definition.version };
        },
        ...(host.config.server ? { config: host.config.server } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(bind !== undefined ? { host: bind } : {}),
      });
      // A second `troupe run|approve|serve` on this store is refused naming this address (E_STORE_LOCKED).
      await host.describeLeaseHolder(`troupe serve on ${running.address.url}`);
      io.stdout.write(`listening on ${running.address.url} (websocket ${running.address.streamUrl})\n`);
      await (io.interrupted ?? new Promise<never>(() => undefined));
      io.stdout.write('stopping\n');
      await running.close();
      return ExitCode.ok;
    } finally {
      await host.stop();
      await dispatcher?.close();
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
