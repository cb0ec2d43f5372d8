import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorDocs } from './errors/renderErrorDocs.js';
import { schemaFiles } from './schemas/schemaFiles.js';

const root = new URL('../', import.meta.url);

describe('generated artifacts', () => {
  it('docs/errors.md matches the error table (run `pnpm docs:errors` if this fails)', () => {
    expect(readFileSync(new URL('docs/errors.md', root), 'utf8')).toBe(renderErrorDocs());
  });

  it.each(Object.entries(schemaFiles))('schemas/%s matches its source (run `pnpm docs:errors` if this fails)', (name, schema) => {
    expect(readFileSync(new URL(`schemas/${name}`, root), 'utf8')).toBe(`${JSON.stringify(schema, null, 2)}\n`);
  });
});
