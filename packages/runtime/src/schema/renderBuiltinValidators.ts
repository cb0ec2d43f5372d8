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
  // ajv's ESM output still loads its runtime helpers (ucs2length, equal) with require.
  const code = standaloneCode(ajv, exports).replace(/^"use strict";\n?/, '');
  return [
    '// Generated from the sdk\'s schemas by renderBuiltinValidators (`pnpm docs:errors`); do not edit.',
    '// @ts-nocheck',
    "import { createRequire } from 'node:module';",
    '',
    'const require = createRequire(import.meta.url);',
    code,
    '',
  ].join('\n');
}
