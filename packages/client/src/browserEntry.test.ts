import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(src, '../package.json'), 'utf8')) as { exports: Record<string, Record<string, unknown>> };

/** Every module specifier the file at `entry` reaches through its relative imports, followed transitively. */
function reachableImports(entry: string): { files: string[]; external: string[] } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
      const specifier = match[1] ?? match[2]!;
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else external.add(specifier);
    }
  };
  visit(entry);
  return { files: [...files].map((file) => relative(src, file)), external: [...external].sort() };
}

describe('@troupe/client entries', () => {
  it('the browser entry reaches no Node module and not ws; the Node entry brings ws', () => {
    const browser = reachableImports(join(src, 'index.ts'));
    expect(browser.files.length).toBeGreaterThan(5);
    expect(browser.external.filter((specifier) => specifier === 'ws' || specifier.startsWith('node:'))).toEqual([]);
    expect(reachableImports(join(src, 'node.ts')).external).toContain('ws');
  });

  it('maps the "browser" condition to the browser entry and "node" to the Node one', () => {
    const main = manifest.exports['.']!;
    expect(main.browser).toBe('./dist/index.js');
    expect(main.node).toBe('./dist/node.js');
    expect(Object.keys(main).indexOf('browser')).toBeLessThan(Object.keys(main).indexOf('node'));
  });
});
