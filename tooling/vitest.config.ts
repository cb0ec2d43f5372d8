import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources of the workspace packages (the
// "troupe-source" export condition); processes spawned by e2e tests run the
// built dist, so `pnpm test` builds first.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { conditions: ['troupe-source'] },
  ssr: { resolve: { conditions: ['troupe-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packs/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/fixtures/**', 'test/bench/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', './tooling/summaryReporter.ts'],
  },
});
