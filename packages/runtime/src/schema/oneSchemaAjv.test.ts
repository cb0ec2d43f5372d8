import { afterEach, describe, expect, it, vi } from 'vitest';
import { SchemaChecker } from '../config/SchemaChecker.js';
import { SchemaValidators } from '../engine/SchemaValidators.js';
import * as sdk from '@troupe/sdk';
import { createSchemaAjv, SCHEMA_AJV_OPTIONS, schemaDialect } from '../index.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('one ajv factory', () => {
  const email = { type: 'object', properties: { to: { type: 'string', format: 'email' } }, required: ['to'] };

  it('config checks and engine checks accept and refuse the same values (formats included)', () => {
    const config = new SchemaChecker();
    const engine = new SchemaValidators().compile(email);
    for (const [value, ok] of [
      [{ to: 'ada@example.com' }, true],
      [{ to: 'not an address' }, false],
      [{}, false],
    ] as const) {
      expect(config.check(email, value).length === 0, JSON.stringify(value)).toBe(ok);
      expect(engine(value) === undefined, JSON.stringify(value)).toBe(ok);
    }
  });

  it('strict: an unknown keyword or format is a schema error, not a silent no-op, and nothing is printed', () => {
    const printed = [vi.spyOn(console, 'warn'), vi.spyOn(console, 'log'), vi.spyOn(console, 'error')];
    expect(() => createSchemaAjv().compile({ type: 'string', minLenght: 3 })).toThrow(/unknown keyword: "minLenght"/);
    expect(() => new SchemaValidators().compile({ type: 'string', format: 'emial' })).toThrow(/unknown format "emial"/);
    expect(() => new SchemaChecker().check({ type: 'object', properties: { a: { type: 'strin' } } }, {})).toThrow();
    // Style checks stay off: type lists, properties without type: "object".
    expect(createSchemaAjv().compile({ type: ['string', 'null'] })(null)).toBe(true);
    expect(createSchemaAjv().compile({ properties: { a: { type: 'number' } } })({ a: 'x' })).toBe(false);
    for (const spy of printed) expect(spy).not.toHaveBeenCalled();
  });

  it('is the sdk\'s factory, re-exported (packs, which may not depend on the runtime, use the same one)', () => {
    expect(createSchemaAjv).toBe(sdk.createSchemaAjv);
    expect(schemaDialect).toBe(sdk.schemaDialect);
    expect(SCHEMA_AJV_OPTIONS).toBe(sdk.SCHEMA_AJV_OPTIONS);
  });

  it('picks the dialect from $schema', () => {
    expect(schemaDialect({ $schema: 'https://json-schema.org/draft/2020-12/schema' })).toBe('2020-12');
    expect(schemaDialect({ $schema: 'https://json-schema.org/draft/2019-09/schema' })).toBe('2019-09');
    expect(schemaDialect({})).toBe('draft-07');
    expect(createSchemaAjv('2020-12').compile({ $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: [{ type: 'string' }] })(['a'])).toBe(true);
  });
});
