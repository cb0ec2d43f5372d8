// One way to bundle a workspace package's built dist/ into a few ESM files
// (esbuild, code splitting), used by the CLI and the runtime: a process that
// loads the package then reads a handful of files instead of hundreds of
// modules (its own ~100 and its dependencies'), which was most of its start.
// Checks what it made: every import left in the bundle is a Node built-in or
// a declared dependency of the package, and nothing it must import (kept
// external) was inlined through another path.
import { readFileSync, realpathSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';

/**
 * `build` is esbuild's, from the calling package (the one whose devDependency it is).
 * @param {{ build: typeof import('esbuild').build, packageDir: string, label: string, entryPoints: Record<string, string>,
 *   outdir: string, external: readonly string[], optional?: readonly string[], chunkNames?: string,
 *   conditions?: string[] }} options
 */
export async function bundlePackage({ build, packageDir, label, entryPoints, outdir, external, optional = [], chunkNames, conditions }) {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: [...external, ...optional],
    ...(conditions ? { conditions } : {}),
    // CommonJS dependencies inside an ESM bundle still require Node's built-ins.
    banner: { js: "import { createRequire as troupeCreateRequire } from 'node:module';\nconst require = troupeCreateRequire(import.meta.url);" },
    ...(chunkNames ? { chunkNames } : {}),
    logLevel: 'warning',
    metafile: true,
  });

  // Every import left in the bundle must resolve from this package: a declared dependency or a built-in.
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const undeclared = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path, external: isExternal } of output.imports) {
      const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0];
      if (isExternal && !path.startsWith('node:') && !builtinModules.includes(name) && !declared.has(name) && !optional.includes(name)) undeclared.add(path);
    }
  }
  if (undeclared.size > 0) throw new Error(`the ${label} bundle imports packages ${manifest.name} does not depend on: ${[...undeclared].join(', ')}`);

  // A workspace package kept external must not be inlined through another path either.
  const keptOut = external.filter((name) => declared.has(name) && !name.includes('*')).map((name) => realpathSync(join(packageDir, 'node_modules', name)) + '/');
  const inlined = Object.keys(result.metafile.inputs).filter((input) => keptOut.some((dir) => realpathSync(resolve(packageDir, input)).startsWith(dir)));
  if (inlined.length > 0) throw new Error(`the ${label} bundle inlines modules it must import: ${inlined.slice(0, 3).join(', ')}`);
  return result;
}
