// Runs every benchmark in this folder (files named *.bench.mjs), one after
// the other, against the built packages: `pnpm bench` builds first.
// Each benchmark prints its own table; figures are ratios against a baseline
// measured in the same process, never absolute pass/fail thresholds.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.mjs'))
  .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
  .sort();

if (typeof globalThis.gc !== 'function') {
  console.warn('note: run with `node --expose-gc` so benchmarks can collect garbage between rounds');
}
for (const name of files) {
  console.log(`\n# ${name}`);
  // A benchmark either exports a default function or does its work when imported.
  const bench = await import(pathToFileURL(join(here, name)).href);
  if (typeof bench.default === 'function') await bench.default();
}
