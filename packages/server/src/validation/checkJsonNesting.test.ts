import { describe, expect, it } from 'vitest';
import { checkJsonNesting, MAX_JSON_NESTING } from './checkJsonNesting.js';

describe('checkJsonNesting', () => {
  it('passes nesting up to the limit and brackets inside strings', () => {
    expect(() => checkJsonNesting(`${'['.repeat(MAX_JSON_NESTING)}${']'.repeat(MAX_JSON_NESTING)}`, 'body')).not.toThrow();
    expect(() => checkJsonNesting(JSON.stringify({ text: '{'.repeat(1000) + '\\"[[[' }), 'body')).not.toThrow();
  });

  it('refuses deeper nesting with E_PAYLOAD_TOO_LARGE before anything parses it', () => {
    expect(() => checkJsonNesting(`${'{"v":'.repeat(6000)}1${'}'.repeat(6000)}`, 'request body')).toThrow(
      expect.objectContaining({ code: 'E_PAYLOAD_TOO_LARGE' }),
    );
  });
});
