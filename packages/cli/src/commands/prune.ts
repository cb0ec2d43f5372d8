import { DEFAULT_RETENTION, RetentionPruner, systemClock } from '@troupe/runtime';
import { ExitCode } from '../CliIo.js';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { openCliStore } from '../openCliStore.js';

export const pruneCommand: CommandBody = {
  options: { config: configOption, json: jsonOption },
  async run(input, io) {
    const { store, host, description, close } = await openCliStore(input, io);
    try {
      const retention = { ...DEFAULT_RETENTION, ...host.config.retention };
      const pruner = new RetentionPruner({ store, clock: systemClock, logger: host.logger, ...(host.config.retention ? { config: host.config.retention } : {}) });
      const removed = await pruner.pruneNow();
      if (input.values.json) {
        io.stdout.write(`${JSON.stringify({ removed })}\n`);
      } else {
        const kept = `completed ${retention.completedDays} d, failed ${retention.failedDays} d, cancelled ${retention.cancelledDays} d`;
        io.stdout.write(`pruned ${removed} ended run(s) from ${description} (kept: ${kept})\n`);
      }
      return ExitCode.ok;
    } finally {
      await close();
    }
  },
};
