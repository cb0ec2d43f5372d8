import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { TroupeError } from '@troupe/sdk';

/** The parts of a package.json the host reads. */
export interface PackageJson {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly main?: unknown;
  readonly exports?: unknown;
  readonly troupe?: unknown;
}

export interface PackLocation {
  readonly origin: 'npm' | 'path';
  readonly dir: string;
  readonly packageJson: PackageJson;
}

/** `./x`, `../x` and absolute paths are folders; anything else is an npm package name. */
export function isPathSpecifier(use: string): boolean {
  return use.startsWith('.') || isAbsolute(use);
}

/**
 * Finds a pack's folder without importing it. npm names resolve the way Node
 * does from the host app's folder (its node_modules, then the parents'); the
 * package.json is located directly, since ESM-only packages export no
 * `require` entry and may not export `./package.json`.
 */
export function locatePack(use: string, baseDir: string): PackLocation {
  if (isPathSpecifier(use)) {
    const dir = resolve(baseDir, use);
    if (!existsSync(join(dir, 'package.json'))) throw new TroupeError('E_PACK_NOT_FOUND', { use, from: baseDir });
    return { origin: 'path', dir, packageJson: readPackageJson(dir, use) };
  }
  const lookup = createRequire(join(baseDir, 'package.json')).resolve.paths(use) ?? [];
  for (const modules of lookup) {
    const dir = join(modules, use);
    if (existsSync(join(dir, 'package.json'))) return { origin: 'npm', dir, packageJson: readPackageJson(dir, use) };
  }
  throw new TroupeError('E_PACK_NOT_FOUND', { use, from: baseDir });
}

export function readPackageJson(dir: string, pack: string): PackageJson {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as PackageJson;
  } catch {
    // reported below
  }
  throw new TroupeError('E_PACK_MANIFEST_INVALID', { pack, problems: [`${join(dir, 'package.json')} is not a JSON object`] });
}

/** Node's import conditions, in the order a pack's `exports` is matched against them. */
const CONDITIONS = new Set(['import', 'node', 'default']);

/**
 * The module the host imports: the manifest's `entry`, else the package's
 * `exports` "." for import, else `main`, else `index.js`.
 */
export function packEntryFile(dir: string, packageJson: PackageJson, manifestEntry: string | undefined): string {
  const relative = manifestEntry ?? exportsTarget(packageJson.exports) ?? (typeof packageJson.main === 'string' ? packageJson.main : undefined) ?? 'index.js';
  return resolve(dir, relative);
}

function exportsTarget(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (Array.isArray(exports)) {
    for (const item of exports) {
      const target = exportsTarget(item);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  if (typeof exports !== 'object' || exports === null) return undefined;
  const map = exports as Record<string, unknown>;
  if (Object.keys(map).some((key) => key.startsWith('.'))) return exportsTarget(map['.']);
  // Conditions are matched in the object's key order, as Node does.
  for (const [condition, target] of Object.entries(map)) {
    if (!CONDITIONS.has(condition)) continue;
    const found = exportsTarget(target);
    if (found !== undefined) return found;
  }
  return undefined;
}
