import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TroupeError } from '@troupe/sdk';

/**
 * The value of a JSON option (`--input`, `--value`): inline JSON, or `@file`
 * read relative to the working directory. E_CLI_INPUT_INVALID otherwise.
 */
export function readJsonOption(option: string, raw: string, cwd: string): unknown {
  let text = raw;
  let source = '';
  if (raw.startsWith('@')) {
    const file = resolve(cwd, raw.slice(1));
    source = ` (file ${file})`;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
      throw new TroupeError('E_CLI_INPUT_INVALID', { option, source, reason }, { cause: error });
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TroupeError('E_CLI_INPUT_INVALID', { option, source, reason: (error as Error).message }, { cause: error });
  }
}
