// Bundles the built CLI (dist/bin.js) into bundle/: one ESM file per command
// plus shared chunks. A command then loads a handful of files instead of
// ~360 modules (@troupe/runtime is ~100 files; ajv, tsyringe, semver, uuid
// and pino are dozens each), which was most of the CPU a `troupe` call cost.
//
// Kept out of the bundle and imported from node_modules as before:
// - @troupe/sdk: packs import it too, and the host must see the very classes
//   a pack throws (ApprovalRequired, TroupeError), not copies;
// - the store packages and their native or heavy dependencies (better-sqlite3,
//   pg, bullmq, ioredis), loaded only by the commands that open those stores;
// - @troupe/inspector and create-troupe-pack, which find their own files
//   next to their modules.
import { build } from 'esbuild';
import { readFileSync, realpathSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const outdir = fileURLToPath(new URL('../bundle/', import.meta.url));

export const EXTERNAL = [
  '@troupe/sdk',
  '@troupe/store-sqlite',
  '@troupe/store-postgres',
  '@troupe/inspector',
  'create-troupe-pack',
  'better-sqlite3',
  'pg',
  'bullmq',
  'ioredis',
];

// ws's optional native speed-ups: required in a try block, used when installed.
const OPTIONAL = ['bufferutil', 'utf-8-validate'];

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: packageDir,
  entryPoints: { troupe: 'dist/bin.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: [...EXTERNAL, ...OPTIONAL],
  // CommonJS dependencies inside an ESM bundle still require Node's built-ins.
  banner: { js: "import { createRequire as troupeCreateRequire } from 'node:module';\nconst require = troupeCreateRequire(import.meta.url);" },
  // Chunks beside the entry: main.js reads its version from '../package.json'.
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
  metafile: true,
});

// Every import left in the bundle must resolve from this package: a declared dependency or a built-in.
const declared = new Set(Object.keys(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).dependencies));
const undeclared = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const { path, external } of output.imports) {
    const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0];
    if (external && !path.startsWith('node:') && !builtinModules.includes(name) && !declared.has(name) && !OPTIONAL.includes(name)) undeclared.add(path);
  }
}
if (undeclared.size > 0) throw new Error(`the CLI bundle imports packages @troupe/cli does not depend on: ${[...undeclared].join(', ')}`);

// A workspace package kept external must not be inlined through another path either.
const keptOut = EXTERNAL.filter((name) => declared.has(name)).map((name) => realpathSync(join(packageDir, 'node_modules', name)) + '/');
const inlined = Object.keys(result.metafile.inputs).filter((input) => keptOut.some((dir) => realpathSync(resolve(packageDir, input)).startsWith(dir)));
if (inlined.length > 0) throw new Error(`the CLI bundle inlines modules it must import: ${inlined.slice(0, 3).join(', ')}`);
