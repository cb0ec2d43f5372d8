// Bundles the built runtime (dist/) into bundle/: what `import '@troupe/runtime'`
// loads. From dist/ that import read ~100 files of the runtime and ~90 of its
// dependencies (pino, semver, tsyringe, uuid, …), one by one: ~240 ms of a host
// app's cold start here, ~85 ms as a bundle. The types stay in dist/.
//
// Kept out of the bundle and imported from node_modules as before:
// - @troupe/sdk: packs import it too, and the host must see the very classes
//   a pack throws (ApprovalRequired, TroupeError), not copies;
// - the store packages (optional peers, loaded only when the config names one);
// - ajv: its runtime helpers, shared with the validators the sdk's ajv compiles;
// - fsevents: chokidar's optional macOS watcher.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { bundlePackage } from '../../../tooling/scripts/bundlePackage.mjs';

await bundlePackage({
  build,
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  label: 'runtime',
  entryPoints: { index: 'dist/index.js', secrets: 'dist/secrets/HostSecrets.js' },
  outdir: fileURLToPath(new URL('../bundle/', import.meta.url)),
  external: ['@troupe/sdk', '@troupe/store-sqlite', '@troupe/store-postgres', 'ajv', 'ajv/*'],
  optional: ['fsevents'],
});
