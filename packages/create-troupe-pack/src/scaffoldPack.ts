import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { PACK_API_VERSION, TroupeError } from '@troupe/sdk';
import { checkPackName } from './packName.js';
import { packTemplate } from './packTemplate.js';

export interface ScaffoldOptions {
  /** npm package name of the new pack (also its pack id), e.g. `my-pack` or `@acme/troupe-pack-review`. */
  readonly name: string;
  /** Folder to create; default `<cwd>/<name without scope>`. It must be new or empty. */
  readonly dir?: string;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
  /** Version of @troupe/sdk and @troupe/testing to depend on; default this scaffolder's @troupe/sdk. */
  readonly troupeVersion?: string;
}

export interface ScaffoldResult {
  /** Absolute path of the new pack's folder. */
  readonly dir: string;
  /** Files written, relative to `dir`. */
  readonly files: readonly string[];
}

/**
 * Writes a new TypeScript pack (tool, workflow with input bindings,
 * guardrail, vitest test with @troupe/testing, README). Nothing is written
 * when the name is invalid or the folder is not empty.
 */
export function scaffoldPack(options: ScaffoldOptions): ScaffoldResult {
  const { base } = checkPackName(options.name);
  const dir = resolve(options.cwd ?? process.cwd(), options.dir ?? base);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new TroupeError('E_SCAFFOLD_TARGET_EXISTS', { dir });
  }
  const files = packTemplate({ name: options.name, troupeVersion: options.troupeVersion ?? sdkVersion(), packApiVersion: PACK_API_VERSION });
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content, { flag: 'wx' });
  }
  return { dir, files: Object.keys(files) };
}

/** The @troupe/sdk this scaffolder was published with: the pack is generated for that API. */
function sdkVersion(): string {
  return (createRequire(import.meta.url)('@troupe/sdk/package.json') as { version: string }).version;
}
