import { suggestName } from '@troupe/runtime';
import type { CommandSummary } from './Command.js';

/** The usage problem for an unknown command, with the closest command of the table (so new commands get it too). */
export function unknownCommandProblem(name: string, commands: readonly CommandSummary[]): string {
  if (name.startsWith('-')) return `unknown option ${name}`;
  const suggestion = suggestName(name, commands.map((command) => command.name));
  return `unknown command "${name}"${suggestion === undefined ? '' : `; did you mean \`troupe ${suggestion}\`?`}`;
}
