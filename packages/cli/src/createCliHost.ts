import { approvedDraftPacks, createHost, DEFAULT_CONFIG_FILE, Services, type TroupeHost } from '@troupe/runtime';
import { isTroupeError, type StartupReport, type TaskDispatcher } from '@troupe/sdk';
import type { CliIo } from './CliIo.js';
import type { CommandInput } from './Command.js';
import { startupReportTable } from './formatReports.js';
import { addSecretScrubber } from './safeIo.js';
import { openStore } from './openStore.js';
import { draftsOf } from './draftsDir.js';

/**
 * The host a command works on: `--config` (default ./troupe.config.json)
 * resolved from the working directory, logs warnings and errors unless the config says
 * otherwise, on stderr unless the config names a log file (stdout is for the
 * command's own output). `runWorkflows: false` loads packs only.
 */
export function createCliHost(
  input: CommandInput,
  io: CliIo,
  options: { readonly runWorkflows?: boolean; readonly logLevel?: 'silent' | 'warn'; readonly holder?: string; readonly taskDispatcher?: TaskDispatcher } = {},
): TroupeHost {
  const config = input.values.config;
  const host = createHost({
    configPath: typeof config === 'string' ? config : DEFAULT_CONFIG_FILE,
    cwd: io.cwd,
    env: io.env,
    logLevel: options.logLevel ?? 'warn',
    logDestination: io.stderr,
    // Users act on codes and hints; stack traces only with TROUPE_DEBUG=1.
    logStacks: io.env.TROUPE_DEBUG === '1',
    ...(options.runWorkflows === false ? { runWorkflows: false } : {}),
    // What a second driver of the store is told holds it (E_STORE_LOCKED).
    hostLease: { holder: options.holder ?? 'troupe' },
    ...(options.taskDispatcher ? { taskDispatcher: options.taskDispatcher } : {}),
  });
  // Whatever the command prints from now on (errors included) has every secret this host knows scrubbed.
  addSecretScrubber(io, (text) => host.secrets.scrub(text));
  // Approved workflow drafts run in every later process, each pinned as its own pack.
  if (options.runWorkflows !== false) for (const pack of approvedDraftPacks(draftsOf(host.baseDir))) host.register(pack);
  return host;
}

/**
 * A started host that runs workflows on the config's store (the host opens
 * it; default: the embedded SQLite file under the config's folder): unfinished runs of that
 * store resume. Prints the startup report first unless `quiet`; an aborted
 * start still prints it before the error is thrown.
 */
export async function startCliHost(
  input: CommandInput,
  io: CliIo,
  options: {
    readonly quiet?: boolean;
    readonly holder?: string;
    readonly store?: string;
    readonly taskDispatcher?: TaskDispatcher;
    readonly beforeStart?: (host: TroupeHost) => void;
  } = {},
): Promise<{ host: TroupeHost; report: StartupReport }> {
  const host = createCliHost(input, io, { holder: options.holder ?? 'troupe', ...(options.taskDispatcher ? { taskDispatcher: options.taskDispatcher } : {}) });
  options.beforeStart?.(host);
  // --store wins over the config's store; opened the same way the host opens the config's.
  if (options.store !== undefined) host.override(Services.store, await openStore(options.store, host.baseDir));
  try {
    const report = await host.start();
    if (!options.quiet) io.stdout.write(`${startupReportTable(report)}\n`);
    return { host, report };
  } catch (error) {
    if (isTroupeError(error, 'E_PACK_ABORTED') && !options.quiet) io.stdout.write(`${startupReportTable(host.report())}\n`);
    await host.stop();
    throw error;
  }
}
