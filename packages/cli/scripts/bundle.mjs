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
import { fileURLToPath } from 'node:url';
import { bundlePackage } from '../../../tooling/scripts/bundlePackage.mjs';

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

await bundlePackage({
  build,
  packageDir,
  label: 'CLI',
  entryPoints: { troupe: 'dist/bin.js' },
  outdir,
  external: EXTERNAL,
  optional: OPTIONAL,
  // Chunks beside the entry: main.js reads its version from '../package.json'.
  chunkNames: '[name]-[hash]',
  // The runtime's built modules, not its own bundle: split per command with the CLI's code, one banner.
  // `module` is esbuild's default only while no condition is given: kept, so dependencies resolve as before.
  conditions: ['troupe-dist', 'module'],
});
