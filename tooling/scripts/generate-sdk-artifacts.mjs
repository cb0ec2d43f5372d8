// Writes packages/sdk/docs/errors.md and packages/sdk/schemas/*.json from the
// built SDK, so the error table and the schemas have a single source, and the
// runtime's precompiled validators of those schemas and of ajv's draft-07
// meta-schema (built runtime, for its renderer: run `pnpm build` or `tsc -b packages/runtime` first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sdk = join(dirname(fileURLToPath(import.meta.url)), '../../packages/sdk');
const runtime = join(sdk, '../runtime');
const { renderErrorDocs } = await import(join(sdk, 'dist/errors/renderErrorDocs.js'));
const { schemaFiles } = await import(join(sdk, 'dist/schemas/schemaFiles.js'));

mkdirSync(join(sdk, 'docs'), { recursive: true });
writeFileSync(join(sdk, 'docs/errors.md'), renderErrorDocs());
mkdirSync(join(sdk, 'schemas'), { recursive: true });
for (const [name, schema] of Object.entries(schemaFiles)) {
  writeFileSync(join(sdk, 'schemas', name), `${JSON.stringify(schema, null, 2)}\n`);
}
const { renderBuiltinValidators, renderMetaSchemaValidator } = await import(join(runtime, 'dist/schema/renderBuiltinValidators.js'));
writeFileSync(join(runtime, 'src/schema/builtinValidators.generated.ts'), renderBuiltinValidators());
writeFileSync(join(runtime, 'src/schema/metaSchemaValidator.generated.ts'), renderMetaSchemaValidator());
console.log('wrote packages/sdk/docs/errors.md, packages/sdk/schemas/*.json and packages/runtime/src/schema/{builtinValidators,metaSchemaValidator}.generated.ts');
