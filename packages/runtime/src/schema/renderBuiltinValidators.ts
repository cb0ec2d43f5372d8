import { createRequire } from 'node:module';
import { hostConfigSchema, packManifestSchema, SCHEMA_AJV_OPTIONS, workflowDefinitionSchema } from '@troupe/sdk';

/** The sdk's own schemas the host checks on every start, by the name their validator is exported under. */
export const BUILTIN_SCHEMAS = {
  validateHostConfig: hostConfigSchema,
  validatePackManifest: packManifestSchema,
  validateWorkflowDefinition: workflowDefinitionSchema,
} as const;

/** The key ajv registers its draft-07 meta-schema under (its `$id` without the `#`). */
export const DRAFT_07_META_SCHEMA = 'http://json-schema.org/draft-07/schema';

/**
 * The source of builtinValidators.generated.ts: BUILTIN_SCHEMAS compiled by
 * ajv's standalone code generator with Troupe's options, so a start checks
 * the config, the manifests and the workflow definitions without compiling
 * their schemas (which took most of a start's CPU). Written by
 * `pnpm docs:errors`; a test fails when the file differs from this.
 */
export function renderBuiltinValidators(): string {
  const { ajv, standaloneCode } = standaloneAjv();
  const exports: Record<string, string> = {};
  for (const [name, schema] of Object.entries(BUILTIN_SCHEMAS)) {
    ajv.addSchema(schema, name);
    exports[name] = name;
  }
  const { imports, code } = asEsModule(standaloneCode(ajv, exports));
  return [
    '// Generated from the sdk\'s schemas by renderBuiltinValidators (`pnpm docs:errors`); do not edit.',
    '// @ts-nocheck',
    ...imports,
    code,
    '',
  ].join('\n');
}

/**
 * The source of metaSchemaValidator.generated.ts: ajv's draft-07 meta-schema
 * compiled the way an ajv instance with Troupe's options compiles it (ajv
 * checks meta-schemas without formats and without useDefaults, so one
 * validator serves every instance). Every schema a pack brings is checked
 * against it before it compiles; compiled at run time it cost each ajv
 * instance ~30 ms of a cold start. A factory, so that each instance owns its
 * function (ajv reads `errors` off it).
 */
export function renderMetaSchemaValidator(): string {
  const { ajv, standaloneCode } = standaloneAjv();
  const rendered = asEsModule(standaloneCode(ajv, { validateDraft07Schema: DRAFT_07_META_SCHEMA }));
  const exported = /^export const validateDraft07Schema = (\w+);\n/m;
  const name = exported.exec(rendered.code)?.[1];
  if (name === undefined) throw new Error('ajv standalone output has no validateDraft07Schema export');
  return [
    '// Generated from ajv\'s draft-07 meta-schema by renderMetaSchemaValidator (`pnpm docs:errors`); do not edit.',
    '// @ts-nocheck',
    ...rendered.imports,
    'export function createDraft07MetaSchemaValidator() {',
    rendered.code.replace(exported, ''),
    `return ${name};`,
    '}',
    '',
  ].join('\n');
}

function standaloneAjv() {
  const require = createRequire(import.meta.url);
  const { Ajv } = require('ajv') as typeof import('ajv');
  const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone/index.js')).default;
  // No ajv-formats here: a built-in schema that used a format would fail to compile (strict), not be checked less.
  const ajv = new Ajv({ ...SCHEMA_AJV_OPTIONS, code: { source: true, esm: true, lines: true } });
  return { ajv, standaloneCode };
}

/**
 * ajv's ESM output still loads its runtime helpers (ucs2length, equal) with
 * require: made static imports, so that a bundler (the CLI's) sees them.
 */
function asEsModule(source: string): { imports: string[]; code: string } {
  const helpers = new Map<string, string>();
  const code = source
    .replace(/^"use strict";\n?/, '')
    .replace(/require\("(ajv\/dist\/runtime\/(\w+))"\)\.default/g, (_match, path: string, name: string) => {
      const local = `ajvRuntime_${name}`;
      helpers.set(local, path);
      return local;
    });
  // Node imports a CommonJS module's exports object as the default; bundlers
  // and vite that honour `__esModule` import its `default` export itself.
  const imports = [
    ...[...helpers].map(([local, path]) => `import ${local}Module from '${path}.js';`),
    ...[...helpers.keys()].map((local) => `const ${local} = typeof ${local}Module === 'function' ? ${local}Module : ${local}Module.default;`),
  ];
  return { imports, code };
}
