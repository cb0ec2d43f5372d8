import { parseArgs } from 'node:util';
import { isTroupeError } from '@troupe/sdk';
import { scaffoldPack } from './scaffoldPack.js';

export interface ScaffoldIo {
  readonly stdout: { write(text: string): void };
  readonly stderr: { write(text: string): void };
  readonly cwd: string;
}

const USAGE = `Usage: npm create troupe-pack@latest <name> [-- --dir DIR]
       troupe create-pack <name> [--dir DIR]

Creates a TypeScript Troupe pack in ./<name> (or DIR): a tool, a workflow with input
bindings, a guardrail, a vitest test with @troupe/testing, build and test scripts.
`;

/**
 * `create-troupe-pack <name> [--dir DIR]` (also `troupe create-pack`);
 * resolves with the exit status: 0 written, 1 refused, 2 bad command line.
 */
export async function createPackMain(argv: readonly string[], io: ScaffoldIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const [name, ...extra] = parsed.positionals;
  if (name === undefined || extra.length > 0) {
    io.stderr.write(USAGE);
    return 2;
  }
  try {
    const { dir, files } = scaffoldPack({ name, cwd: io.cwd, ...(parsed.values.dir !== undefined ? { dir: parsed.values.dir } : {}) });
    io.stdout.write(
      [
        `Created ${name} in ${dir}:`,
        ...files.map((file) => `  ${file}`),
        '',
        'Next:',
        `  cd ${dir}`,
        '  npm install',
        '  npm test',
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (!isTroupeError(error)) throw error;
    io.stderr.write(`error ${error.code}: ${error.message}\n  hint: ${error.hint}\n`);
    return 1;
  }
}
