import type { Command, CommandSummary } from './Command.js';

export function generalHelp(commands: readonly CommandSummary[], version: string): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    `troupe ${version}: the Troupe extension host on the command line`,
    '',
    'Usage: troupe <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `troupe <command> --help` for its options.',
    'Exit status: 0 ok, 1 failed or invalid, 2 bad command line, 3 the run waits for a human answer.',
    'TROUPE_DEBUG=1 prints stack traces.',
    '',
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const options = Object.entries(command.options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.placeholder ? ` ${spec.placeholder}` : ''}`;
    return [flag, spec.description] as const;
  });
  options.push(['-h, --help', 'show this help']);
  const width = Math.max(...options.map(([flag]) => flag.length));
  return [
    `Usage: troupe ${command.name}${command.args ? ` ${command.args}` : ''} [options]`,
    '',
    `${command.summary.charAt(0).toUpperCase()}${command.summary.slice(1)}.`,
    '',
    'Options:',
    ...options.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`),
    '',
  ].join('\n');
}
