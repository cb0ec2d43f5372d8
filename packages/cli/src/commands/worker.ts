import { runDispatchedTask } from '@troupe/runtime';
import { TroupeError } from '@troupe/sdk';
import { ExitCode } from '../CliIo.js';
import { configOption, type CommandBody } from '../Command.js';
import { createCliHost } from '../createCliHost.js';
import { openStore } from '../openStore.js';
import { positiveInteger } from '../positiveInteger.js';

export const workerCommand: CommandBody = {
  options: {
    config: configOption,
    store: { type: 'string', placeholder: 'URL', description: 'the store the coordinator uses (default: config store); read to skip superseded attempts' },
    queue: { type: 'string', placeholder: 'URL', description: 'the Redis of the task queue, e.g. redis://host:6379 (required)' },
    concurrency: { type: 'string', placeholder: 'N', description: 'attempts run at once (default 16)' },
    'lease-ms': { type: 'string', placeholder: 'MS', description: 'the worker lease on an attempt (default 30000): a worker silent longer loses it and the attempt runs elsewhere' },
  },
  async run(input, io) {
    const queue = input.values.queue;
    if (typeof queue !== 'string') throw new TroupeError('E_CLI_USAGE', { problem: 'troupe worker needs --queue redis://host:port (the Redis the coordinator dispatches to)' });
    const concurrency = positiveInteger('--concurrency', input.values.concurrency, 16, 1024);
    const leaseMs = positiveInteger('--lease-ms', input.values['lease-ms'], 30_000, 3_600_000);
    // The same packs as the coordinator, loaded but not driving runs: the coordinator holds the store's host lease.
    const host = createCliHost(input, io, { runWorkflows: false });
    await host.start();
    const store = await openStore(typeof input.values.store === 'string' ? input.values.store : host.storeSpec, host.baseDir);
    let worker: { close(): Promise<void> } | undefined;
    try {
      await store.open();
      const { BullmqTaskWorker } = await import('@troupe/store-postgres');
      const started = new BullmqTaskWorker({
        url: queue,
        store,
        run: (task, signal) => runDispatchedTask(host, task, signal),
        logger: host.logger,
        concurrency,
        lockDurationMs: leaseMs,
      });
      await started.start();
      worker = started;
      io.stdout.write(`worker ready (pid ${process.pid})\n`);
      await (io.interrupted ?? new Promise<never>(() => undefined));
      io.stdout.write('stopping\n');
      return ExitCode.ok;
    } finally {
      await worker?.close();
      await store.close();
      await host.stop();
    }
  },
};
