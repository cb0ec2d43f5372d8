#!/usr/bin/env node
// `npm create troupe-pack`: a shim over the built command, so that installing a
// fresh clone links it before the first build (and says what to do then).
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/bin.js')) throw error;
  process.stderr.write('create-troupe-pack is not built yet; run `pnpm build` at the repository root first.\n');
  process.exitCode = 1;
}
