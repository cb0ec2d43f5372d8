import { parseArgs } from 'node:util';
import { TroupeError, describeThrown } from '@troupe/sdk';
import type { Command, CommandInput } from './Command.js';

/** Parses a command's argv strictly: an unknown flag, a missing value or extra positionals are E_CLI_USAGE. */
export function parseCommandArgs(command: Command, argv: readonly string[]): CommandInput {
  const options = Object.fromEntries(
    Object.entries(command.options).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new TroupeError('E_CLI_USAGE', { problem: `troupe ${command.name}: ${usageProblem(error)}` });
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  const count = parsed.positionals.length;
  if (count < min) throw new TroupeError('E_CLI_USAGE', { problem: `troupe ${command.name} needs ${command.args ?? `${min} argument(s)`}` });
  if (count > max) throw new TroupeError('E_CLI_USAGE', { problem: `troupe ${command.name}: unexpected argument "${parsed.positionals[max]}"` });
  return { values: parsed.values as CommandInput['values'], positionals: parsed.positionals };
}

/** parseArgs explains at length; keep the first sentence. */
function usageProblem(error: unknown): string {
  const message = describeThrown(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  return message.split('. ')[0] ?? message;
}
