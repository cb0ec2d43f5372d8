import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSchemaAjv, schemaDialect } from './index.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createSchemaAjv (the one ajv of Troupe, for the host and for packs)', () => {
  it('checks formats, is strict about keywords and formats, and prints nothing', () => {
    const printed = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method));
    const email = createSchemaAjv().compile({ type: 'string', format: 'email' });
    expect(email('ada@example.com')).toBe(true);
    expect(email('not-an-email')).toBe(false);
    expect(() => createSchemaAjv().compile({ type: 'string', 'x-note': 1 })).toThrow(/unknown keyword: "x-note"/);
    expect(() => createSchemaAjv().compile({ type: 'string', format: 'emial' })).toThrow(/unknown format "emial"/);
    for (const spy of printed) expect(spy).not.toHaveBeenCalled();
  });

  it('fills in defaults only when asked, and picks the dialect from $schema', () => {
    const withDefault = { type: 'object', properties: { n: { type: 'number', default: 1 } } };
    const filled: Record<string, unknown> = {};
    createSchemaAjv('draft-07', { useDefaults: true }).compile(withDefault)(filled);
    expect(filled).toEqual({ n: 1 });
    const untouched: Record<string, unknown> = {};
    createSchemaAjv().compile(withDefault)(untouched);
    expect(untouched).toEqual({});
    const draft2020 = { $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: [{ type: 'string' }], items: false };
    expect(createSchemaAjv(schemaDialect(draft2020)).compile(draft2020)(['a', 'b'])).toBe(false);
  });
});
