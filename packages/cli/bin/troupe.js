#!/usr/bin/env node
// The `troupe` command: a shim over the bundled CLI (bundle/, built by
// `pnpm build`), so that installing a fresh clone links the command before
// the first build (and says what to do then).
import * as nodeModule from 'node:module';

// Node 22.1+ keeps the compiled code of the modules a command loads on disk,
// so the next command starts faster; older Node has no such cache (a no-op).
nodeModule.enableCompileCache?.();
try {
  await import('../bundle/troupe.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('bundle/troupe.js')) throw error;
  process.stderr.write('troupe: @troupe/cli is not built yet; run `pnpm build` at the repository root first.\n');
  process.exitCode = 1;
}
