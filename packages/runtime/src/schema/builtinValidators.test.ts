import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinSchemas, SchemaChecker } from '../config/SchemaChecker.js';
import { BUILTIN_SCHEMAS, renderBuiltinValidators } from './renderBuiltinValidators.js';

describe('precompiled validators of the sdk\'s schemas', () => {
  it('builtinValidators.generated.ts matches the schemas (run `pnpm build && pnpm docs:errors` if this fails)', () => {
    expect(readFileSync(new URL('builtinValidators.generated.ts', import.meta.url), 'utf8')).toBe(renderBuiltinValidators());
  });

  const values: Record<keyof typeof BUILTIN_SCHEMAS, unknown[]> = {
    validateHostConfig: [
      {},
      { packs: [{ use: './a', version: '^1', enabled: 'yes', onFailure: 'retry' }], store: 3, extra: true },
      { packs: [{}], log: { level: 'loud' }, server: { port: 'x' }, secrets: { sources: ['vault'] } },
    ],
    validatePackManifest: [
      { manifestVersion: 1, engine: '^1.0.0' },
      { manifestVersion: 2, provides: { widget: ['a'] }, secrets: [{ id: 'bad id' }] },
      'not an object',
    ],
    validateWorkflowDefinition: [
      { id: 'w', version: '1.0.0', tasks: [{ id: 't', executor: { type: 'tool', toolId: 'x' } }] },
      { id: '', version: 1, tasks: [{ id: 't', executor: { type: 'teleport' }, retry: { attempts: 2 } }] },
      { tasks: 'none', roles: [{}], timeoutMs: -1 },
    ],
  };

  it.each(Object.entries(values))('%s reports exactly what compiling the schema reports', (name, samples) => {
    const schema = BUILTIN_SCHEMAS[name as keyof typeof BUILTIN_SCHEMAS];
    const compiled = new SchemaChecker();
    for (const value of samples) expect(builtinSchemas.check(schema, value, 'x')).toEqual(compiled.check(schema, value, 'x'));
    expect(samples.some((value) => builtinSchemas.check(schema, value).length > 2)).toBe(true);
  });
});
