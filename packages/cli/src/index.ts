export { main } from './main.js';
export { commands } from './commands/index.js';
export { ExitCode, processIo, type CliIo } from './CliIo.js';
export { configOption, jsonOption, type Command, type CommandBody, type CommandEntry, type CommandInput, type CommandSummary, type LazyCommand, type OptionSpec } from './Command.js';
export { createCliHost } from './createCliHost.js';
export { openStore, DEFAULT_STORE } from './openStore.js';
export { renderError } from './renderError.js';
export { startupReportJson, startupReportTable, validationReportJson, validationReportTable, jsonError, type JsonError } from './formatReports.js';
