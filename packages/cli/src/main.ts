import { createRequire } from 'node:module';
import { isTroupeError, TroupeError } from '@troupe/sdk';
import { ExitCode, processIo, type CliIo } from './CliIo.js';
import type { Command } from './Command.js';
import { commands as builtinCommands } from './commands/index.js';
import { commandHelp, generalHelp } from './help.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { renderError } from './renderError.js';
import { unknownCommandProblem } from './suggestCommand.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Runs `troupe <argv>` and resolves with the exit status; never throws and
 * never exits the process (bin.ts does), so tests can call it in-process.
 */
export async function main(argv: readonly string[], io: CliIo = processIo, commands: readonly Command[] = builtinCommands): Promise<number> {
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
    const command = commands.find((candidate) => candidate.name === name);
    if (!command) {
      throw new TroupeError('E_CLI_USAGE', { problem: unknownCommandProblem(name, commands) });
    }
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
