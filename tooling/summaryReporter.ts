import type { SerializedError } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, `Tests: N passed, N failed[, N skipped]`,
 * that any CI log reader understands, after vitest's own summary. A file that
 * failed outside its tests (a hook, an import) fails the tests it kept from
 * running (at least one), and so does each unhandled error: the line never
 * says "0 failed" for a red run.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      let moduleFailed = 0;
      let moduleSkipped = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') moduleFailed += 1;
        else moduleSkipped += 1;
      }
      if (module.state() === 'failed' && moduleFailed === 0) {
        moduleFailed = Math.max(1, moduleSkipped);
        moduleSkipped = 0;
      }
      failed += moduleFailed;
      skipped += moduleSkipped;
    }
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed${tail}\n`);
  }
}
