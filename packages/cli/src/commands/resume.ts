import { isTroupeError } from '@troupe/sdk';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { startCliHost } from '../createCliHost.js';
import { followRun } from '../followRun.js';

export const resumeCommand: CommandBody = {
  args: '<runId>',
  positionals: { min: 1, max: 1 },
  options: { config: configOption, json: jsonOption },
  async run(input, io) {
    const [runId] = input.positionals as [string];
    // Starting the host already resumes every paused run that can go on; this one says why when it cannot.
    const { host } = await startCliHost(input, io, { quiet: true, holder: `troupe resume ${runId}` });
    try {
      return await followRun(host, runId, input, io, async (show) => {
        const before = await host.engine.getRun(runId);
        try {
          await host.engine.resume(runId);
        } catch (error) {
          // Resumed by the host's start and already ended: the outcome below says how.
          if (!isTroupeError(error, 'E_RUN_TERMINAL')) throw error;
        }
        if (input.values.json !== true) io.stdout.write(`resumed run ${runId}\n`);
        show(before);
      });
    } finally {
      await host.stop();
    }
  },
};
