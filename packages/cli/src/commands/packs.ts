import { isTroupeError } from '@troupe/sdk';
import { ExitCode } from '../CliIo.js';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { createCliHost } from '../createCliHost.js';
import { renderError } from '../renderError.js';
import { startupReportJson, startupReportTable } from '../formatReports.js';

export const packsCommand: CommandBody = {
  options: { config: configOption, json: jsonOption },
  async run(input, io) {
    // Packs only: no store is opened and no run is resumed just to print a report.
    const host = createCliHost(input, io, { runWorkflows: false });
    let aborted: unknown;
    try {
      await host.start();
    } catch (error) {
      // An aborted start still has a report worth showing; anything else is a real failure.
      if (!isTroupeError(error, 'E_PACK_ABORTED')) throw error;
      aborted = error;
    }
    const report = host.report();
    await host.stop();
    io.stdout.write(input.values.json ? `${JSON.stringify(startupReportJson(report), null, 2)}\n` : startupReportTable(report));
    if (aborted === undefined) return ExitCode.ok;
    io.stderr.write(renderError(aborted, { debug: io.env.TROUPE_DEBUG === '1', scrub: (text) => host.secrets.scrub(text) }));
    return ExitCode.failed;
  },
};
