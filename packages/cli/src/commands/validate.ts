import { ExitCode } from '../CliIo.js';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { createCliHost } from '../createCliHost.js';
import { validationReportJson, validationReportTable } from '../formatReports.js';

export const validateCommand: CommandBody = {
  options: { config: configOption, json: jsonOption },
  async run(input, io) {
    // What loading finds is in the report; log lines about it would only repeat it on stderr.
    const host = createCliHost(input, io, { logLevel: 'silent' });
    const report = await host.check();
    io.stdout.write(input.values.json ? `${JSON.stringify(validationReportJson(report), null, 2)}\n` : validationReportTable(report));
    return report.valid ? ExitCode.ok : ExitCode.failed;
  },
};
