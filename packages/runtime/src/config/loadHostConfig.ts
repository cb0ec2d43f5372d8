import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { hostConfigSchema, TroupeError, type HostConfig } from '@troupe/sdk';
import { builtinSchemas } from './SchemaChecker.js';

/** A validated host config and the folder its relative paths resolve against. */
export interface LoadedHostConfig {
  readonly config: HostConfig;
  /** Absolute path of the file, when it came from one. */
  readonly file?: string;
  /** Relative pack paths, the secrets file and the log file resolve against this folder. */
  readonly baseDir: string;
}

export const DEFAULT_CONFIG_FILE = 'troupe.config.json';

/** Reads and validates `troupe.config.json` (E_CONFIG_NOT_FOUND, E_CONFIG_INVALID with every problem). */
export function loadHostConfig(path: string, cwd = process.cwd()): LoadedHostConfig {
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TroupeError('E_CONFIG_NOT_FOUND', { file }, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TroupeError('E_CONFIG_INVALID', { file, problems: [`not valid JSON (${(error as Error).message})`] });
  }
  return { config: validateHostConfig(parsed, file), file, baseDir: dirname(file) };
}

/** Checks a config object given in code or read from a file. */
export function validateHostConfig(value: unknown, file = '(given in code)'): HostConfig {
  const problems = builtinSchemas.check(hostConfigSchema, value);
  if (problems.length > 0) throw new TroupeError('E_CONFIG_INVALID', { file, problems });
  return value as HostConfig;
}
