import { readFileSync } from 'node:fs';
import { createSchemaAjv, packManifestSchema, schemaDialect, type PackContext, type PackManifest } from '@troupe/sdk';
import { describe, expect, it } from 'vitest';
import pack, { type GuardrailPackOptions } from './index.js';
import { guardrailContext } from './guardrailContext.fixture.js';

const manifest = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { troupe: PackManifest }).troupe;

function packContext(options: GuardrailPackOptions): PackContext<GuardrailPackOptions> {
  return {
    packId: '@troupe/pack-guardrails',
    packVersion: '1.0.0',
    logger: guardrailContext().logger,
    options,
    secrets: {},
    signal: new AbortController().signal,
  };
}

async function activate(options: GuardrailPackOptions): Promise<string[]> {
  const descriptors = (await pack.activate!(packContext(options))) ?? [];
  return descriptors.map((d) => `${d.kind}:${d.id}`);
}

describe('@troupe/pack-guardrails', () => {
  const validateOptions = createSchemaAjv().compile(pack.optionsSchema as object);

  it('registers every guardrail its manifest provides', async () => {
    expect(await activate({})).toEqual((manifest.provides?.['guardrail'] ?? []).map((id) => `guardrail:${id}`));
  });

  it('ships a valid manifest whose default policies name only its own guardrails', () => {
    const validateManifest = createSchemaAjv(schemaDialect(packManifestSchema)).compile(packManifestSchema);
    expect(validateManifest(manifest)).toBe(true);
    const provided = new Set(manifest.provides?.['guardrail']);
    for (const stack of Object.values(manifest.policies ?? {})) for (const id of stack) expect(provided.has(id)).toBe(true);
  });

  it('leaves out disabled guardrails', async () => {
    expect(await activate({ pii: { enabled: false }, schema: { enabled: false } })).toEqual([
      'guardrail:secrets.block',
      'guardrail:output.size_limit',
      'guardrail:prompt_injection.detect',
    ]);
  });

  it('has an options schema that compiles in strict mode and accepts a full configuration', () => {
    const options: GuardrailPackOptions = {
      pii: { kinds: ['email', 'iban'], phases: ['output'], maxDepth: 50, timeoutMs: 100 },
      secrets: { knownSecrets: true, formats: ['jwt', 'private_key'], action: 'require_approval', onError: 'block' },
      outputSize: { maxBytes: 65536, action: 'flag' },
      schema: { schema: { type: 'object' }, schemasByTag: { invoice: true }, action: 'flag' },
      promptInjection: { flagAt: 0.2, blockAt: 0.9, aboveBlockAt: 'require_approval', priority: 10 },
    };
    expect(validateOptions(options), JSON.stringify(validateOptions.errors)).toBe(true);
  });

  it.each([
    ['an unknown guardrail', { piii: {} }],
    ['an unknown PII kind', { pii: { kinds: ['ssn'] } }],
    ['an unknown token format', { secrets: { formats: ['npm_token'] } }],
    ['a zero size limit', { outputSize: { maxBytes: 0 } }],
    ['a score above 1', { promptInjection: { blockAt: 1.5 } }],
    ['a schema that is a string', { schema: { schema: 'object' } }],
  ])('rejects options with %s', (_what, options) => {
    expect(validateOptions(options)).toBe(false);
  });

  it('builds the guardrails from the options', async () => {
    const descriptors = (await pack.activate!(packContext({ outputSize: { maxBytes: 5 } }))) ?? [];
    const sizeLimit = descriptors.find((d) => d.id === 'output.size_limit');
    expect(sizeLimit?.kind).toBe('guardrail');
    if (sizeLimit?.kind !== 'guardrail') return;
    expect(await sizeLimit.payload.evaluateOutput!('123456', guardrailContext())).toMatchObject({ action: 'block' });
  });
});
