import { createHost, DEFAULT_CONFIG_FILE, type TroupeHost } from '@troupe/runtime';
import type { CliIo } from './CliIo.js';
import type { CommandInput } from './Command.js';

/**
 * The host a command works on: `--config` (default ./troupe.config.json)
 * resolved from the working directory, logs at `info` unless the config says
 * otherwise, on stderr unless the config names a log file (stdout is for the
 * command's own output).
 */
export function createCliHost(input: CommandInput, io: CliIo): TroupeHost {
  const config = input.values.config;
  return createHost({
    configPath: typeof config === 'string' ? config : DEFAULT_CONFIG_FILE,
    cwd: io.cwd,
    env: io.env,
    logLevel: 'info',
    logDestination: io.stderr,
  });
}
