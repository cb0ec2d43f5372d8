import { describe, expect, it } from 'vitest';
import { formatJsonPath } from './formatJsonPath.js';

describe('formatJsonPath', () => {
  it('renders identifiers and indexes', () => {
    expect(formatJsonPath(['a', 0, 'b_c'])).toBe('$.a[0].b_c');
    expect(formatJsonPath([])).toBe('$');
  });

  it('masks keys that are not identifiers or that the caller marks sensitive', () => {
    expect(formatJsonPath(['jane@example.com', 'ok'])).toBe('$[*].ok');
    expect(formatJsonPath(['AKIAIOSFODNN7EXAMPLE'], (k) => k.startsWith('AKIA'))).toBe('$[*]');
  });
});
