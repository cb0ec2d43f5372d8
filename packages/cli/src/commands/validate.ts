import { ExitCode } from '../CliIo.js';
import { configOption, jsonOption, type Command } from '../Command.js';
import { createCliHost } from '../createCliHost.js';
import { validationReportJson, validationReportTable } from '../formatReports.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check the config and every enabled pack (manifest, compatibility, requires, entry module), then load them without a store to check their descriptors and workflow graphs',
  options: { config: configOption, json: jsonOption },
  async run(input, io) {
    const host = createCliHost(input, io);
    const report = await host.check();
    io.stdout.write(input.values.json ? `${JSON.stringify(validationReportJson(report), null, 2)}\n` : validationReportTable(report));
    return report.valid ? ExitCode.ok : ExitCode.failed;
  },
};
