import { describe, expect, it } from 'vitest';
import { compileJsonSchema } from './compileJsonSchema.js';

describe('compileJsonSchema', () => {
  const check = compileJsonSchema({
    type: 'object',
    required: ['id', 'total'],
    additionalProperties: false,
    properties: { id: { type: 'string' }, total: { type: 'number', minimum: 0 } },
  });

  it('accepts a conforming payload', () => {
    expect(check.validate({ id: 'a', total: 3 })).toEqual([]);
  });

  it('reports every problem with its path, never the offending value', () => {
    const problems = check.validate({ id: 7, total: -1, secret: 'hunter2' });
    expect(problems).toEqual(
      expect.arrayContaining([
        { instancePath: '/id', message: 'must be string' },
        { instancePath: '/total', message: 'must be >= 0' },
        { instancePath: '', message: 'must NOT have additional properties (secret)' },
      ]),
    );
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('picks the draft from $schema', () => {
    const draft2020 = compileJsonSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
      items: false,
    });
    expect(draft2020.validate(['a'])).toEqual([]);
    expect(draft2020.validate(['a', 'b'])).toHaveLength(1);
    const draft2019 = compileJsonSchema({ $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'object', unevaluatedProperties: false });
    expect(draft2019.validate({ a: 1 })).toHaveLength(1);
  });

  it('accepts boolean schemas and checks formats, as the engine does', () => {
    expect(compileJsonSchema(true).validate(1)).toEqual([]);
    expect(compileJsonSchema(false).validate(1)).toHaveLength(1);
    const email = compileJsonSchema({ type: 'string', format: 'email', description: 'who to tell' });
    expect(email.validate('ada@example.com')).toEqual([]);
    expect(email.validate('not an email')).toEqual([{ instancePath: '', message: 'must match format "email"' }]);
  });

  it('is strict, as the engine is: an unknown keyword or format is a schema error', () => {
    expect(() => compileJsonSchema({ type: 'string', 'x-note': 1 })).toThrow(/unknown keyword: "x-note"/);
    expect(() => compileJsonSchema({ type: 'string', format: 'emial' })).toThrow(/unknown format "emial"/);
  });

  it('throws for an invalid or async schema', () => {
    expect(() => compileJsonSchema({ type: 'strin' })).toThrow();
    expect(() => compileJsonSchema({ $async: true, type: 'object' })).toThrow(/async/);
  });
});
