import { createRequire } from 'node:module';
import { isTroupeError, TroupeError } from '@troupe/sdk';
import { ExitCode, processIo, type CliIo } from './CliIo.js';
import type { Command, CommandEntry } from './Command.js';
import { commands as builtinCommands } from './commands/index.js';
import { commandHelp, generalHelp } from './help.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { renderError } from './renderError.js';
import { safeIo } from './safeIo.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Runs `troupe <argv>` and resolves with the exit status; never throws and
 * never exits the process (bin.ts does), so tests can call it in-process.
 */
export async function main(argv: readonly string[], given: CliIo = processIo, commands: readonly CommandEntry[] = builtinCommands): Promise<number> {
  // Every command writes through this: secret values scrubbed, terminal control characters escaped.
  const io = safeIo(given);
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      if (name !== undefined) {
        io.stdout.write(generalHelp(commands, version));
        return ExitCode.ok;
      }
      io.stderr.write(generalHelp(commands, version));
      return ExitCode.usage;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${version}\n`);
      return ExitCode.ok;
    }
    const entry = commands.find((candidate) => candidate.name === name);
    if (!entry) {
      const { unknownCommandProblem } = await import('./suggestCommand.js');
      throw new TroupeError('E_CLI_USAGE', { problem: unknownCommandProblem(name, commands) });
    }
    const command = await loaded(entry);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp(command));
      return ExitCode.ok;
    }
    return await command.run(parseCommandArgs(command, rest), io);
  } catch (error) {
    io.stderr.write(renderError(error, { debug: io.env.TROUPE_DEBUG === '1' }));
    return isTroupeError(error, 'E_CLI_USAGE') || isTroupeError(error, 'E_CLI_INPUT_INVALID') ? ExitCode.usage : ExitCode.failed;
  }
}

/** The whole command: a lazy entry's module is imported now. */
async function loaded(entry: CommandEntry): Promise<Command> {
  if (!('load' in entry)) return entry;
  return { name: entry.name, summary: entry.summary, ...(await entry.load()) };
}
