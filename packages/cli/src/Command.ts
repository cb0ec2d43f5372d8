import type { CliIo } from './CliIo.js';

/** One option of a command, as node:util parseArgs takes it, plus its help line. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Shown in `--help`, e.g. `FILE`. */
  readonly placeholder?: string;
  readonly description: string;
}

export interface CommandInput {
  readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** What `troupe --help` lists of a command: its name and one line. */
export interface CommandSummary {
  readonly name: string;
  /** One line for `troupe --help`. */
  readonly summary: string;
}

/** A command's options, arguments and action: everything but its name and summary. */
export interface CommandBody {
  /** Positional arguments, e.g. `<runId> <taskId>`; empty when none. */
  readonly args?: string;
  /** How many positionals it takes. Default none. */
  readonly positionals?: { readonly min: number; readonly max: number };
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Resolves with the exit status. Throws TroupeError for failures the user can fix. */
  run(input: CommandInput, io: CliIo): Promise<number>;
}

/** A `troupe` subcommand; parsing, `--help` and error printing are shared. */
export interface Command extends CommandSummary, CommandBody {}

/**
 * A command of a table whose module is imported only when it runs or prints
 * its help, so `troupe --help` (and every other command) does not load what
 * it uses. Add one by writing `commands/<name>.ts` (exporting its
 * CommandBody) and listing it in `commands/index.ts`.
 */
export interface LazyCommand extends CommandSummary {
  load(): Promise<CommandBody>;
}

export type CommandEntry = Command | LazyCommand;

/** Options most commands share. */
export const configOption: OptionSpec = {
  type: 'string',
  short: 'c',
  placeholder: 'FILE',
  description: 'host configuration (default ./troupe.config.json)',
};

export const jsonOption: OptionSpec = { type: 'boolean', description: 'print JSON instead of a table' };
