import { describe, expect, it } from 'vitest';
import { formOfSchema, valueOfForm } from './schemaForm.js';

const schema = {
  type: 'object',
  required: ['n', 'reason'],
  properties: {
    n: { type: 'integer', title: 'How many' },
    reason: { type: 'string', description: 'why' },
    urgent: { type: 'boolean' },
    level: { enum: ['low', 'high', 3] },
    extra: { type: 'array' },
  },
};

describe('schema forms', () => {
  it('has one typed field per property, with labels and required marks', () => {
    expect(formOfSchema(schema)).toEqual([
      { name: 'n', label: 'How many', required: true, kind: 'integer' },
      { name: 'reason', label: 'reason', required: true, description: 'why', kind: 'string' },
      { name: 'urgent', label: 'urgent', required: false, kind: 'boolean' },
      { name: 'level', label: 'level', required: false, kind: 'enum', options: ['"low"', '"high"', '3'] },
      { name: 'extra', label: 'extra', required: false, kind: 'json' },
    ]);
    expect(formOfSchema({ type: 'string' })).toBeUndefined();
    expect(formOfSchema(undefined)).toBeUndefined();
    expect(formOfSchema({ type: 'object', properties: 'nope' })).toBeUndefined();
  });

  it('turns filled inputs into the typed answer', () => {
    const fields = formOfSchema(schema)!;
    expect(valueOfForm(fields, { n: '3', reason: 'because', urgent: true, level: '3', extra: '[1]' })).toEqual({
      value: { n: 3, reason: 'because', urgent: true, level: 3, extra: [1] },
    });
  });

  it('says what is wrong instead of sending a bad answer', () => {
    const fields = formOfSchema(schema)!;
    expect(valueOfForm(fields, { n: '2.5', extra: '[1' })).toEqual({
      problems: ['How many must be a whole number', 'reason is required', 'extra must be JSON'],
    });
  });
});
