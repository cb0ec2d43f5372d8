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

/**
 * A `troupe` subcommand. Add one by writing `commands/<name>.ts` and listing
 * it in `commands/index.ts`; parsing, `--help` and error printing are shared.
 */
export interface Command {
  readonly name: string;
  /** One line for `troupe --help`. */
  readonly summary: string;
  /** Positional arguments, e.g. `<runId> <taskId>`; empty when none. */
  readonly args?: string;
  /** How many positionals it takes. Default none. */
  readonly positionals?: { readonly min: number; readonly max: number };
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Resolves with the exit status. Throws TroupeError for failures the user can fix. */
  run(input: CommandInput, io: CliIo): Promise<number>;
}

/** Options most commands share. */
export const configOption: OptionSpec = {
  type: 'string',
  short: 'c',
  placeholder: 'FILE',
  description: 'host configuration (default ./troupe.config.json)',
};

export const jsonOption: OptionSpec = { type: 'boolean', description: 'print JSON instead of a table' };
