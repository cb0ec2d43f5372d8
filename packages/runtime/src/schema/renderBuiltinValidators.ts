import { createRequire } from 'node:module';
import { hostConfigSchema, packManifestSchema, SCHEMA_AJV_OPTIONS, workflowDefinitionSchema } from '@troupe/sdk';

/** The sdk's own schemas the host checks on every start, by the name their validator is exported under. */
export const BUILTIN_SCHEMAS = {
  validateHostConfig: hostConfigSchema,
  validatePackManifest: packManifestSchema,
  validateWorkflowDefinition: workflowDefinitionSchema,
} as const;

/**
 * The source of builtinValidators.generated.ts: BUILTIN_SCHEMAS compiled by
 * ajv's standalone code generator with Troupe's options, so a start checks
 * the config, the manifests and the workflow definitions without compiling
 * their schemas (which took most of a start's CPU). Written by
 * `pnpm docs:errors`; a test fails when the file differs from this.
 */
export function renderBuiltinValidators(): string {
  const require = createRequire(import.meta.url);
  const { Ajv } = require('ajv') as typeof import('ajv');
  const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone/index.js')).default;
  // No ajv-formats here: a built-in schema that used a format would fail to compile (strict), not be checked less.
  const ajv = new Ajv({ ...SCHEMA_AJV_OPTIONS, code: { source: true, esm: true, lines: true } });
  const exports: Record<string, string> = {};
  for (const [name, schema] of Object.entries(BUILTIN_SCHEMAS)) {
    ajv.addSchema(schema, name);
    exports[name] = name;
  }
  // ajv's ESM output still loads its runtime helpers (ucs2length, equal) with
  // require: made static imports, so that a bundler (the CLI's) sees them.
  const helpers = new Map<string, string>();
  const code = standaloneCode(ajv, exports)
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
  return [
    '// Generated from the sdk\'s schemas by renderBuiltinValidators (`pnpm docs:errors`); do not edit.',
    '// @ts-nocheck',
    ...imports,
    code,
    '',
  ].join('\n');
}
