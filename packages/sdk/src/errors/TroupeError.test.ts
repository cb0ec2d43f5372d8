import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './codes.js';
import { TroupeError, toErrorInfo } from './TroupeError.js';

describe('TroupeError', () => {
  it('fills the message and hint templates from the details', () => {
    const error = new TroupeError('E_PACK_ACTIVATE_TIMEOUT', { pack: '@acme/slow', timeoutMs: 50 });
    expect(error.message).toBe('Pack @acme/slow did not finish activating within 50 ms');
    expect(error.hint).toContain('activationTimeoutMs');
    expect(error.code).toBe('E_PACK_ACTIVATE_TIMEOUT');
  });

  it('chains causes into the serialisable form', () => {
    const root = new TroupeError('E_PACK_IMPORT_FAILED', { pack: 'a', entry: 'x.js', reason: 'boom' });
    const error = new TroupeError('E_PACK_DEPENDENCY_FAILED', { pack: 'b', dependency: 'a' }, { cause: root });
    const info = toErrorInfo(error);
    expect(info.code).toBe('E_PACK_DEPENDENCY_FAILED');
    expect(info.cause?.code).toBe('E_PACK_IMPORT_FAILED');
  });

  it('every code has a message and a hint', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^E_[A-Z_]+$/);
      expect(spec.message.length).toBeGreaterThan(0);
      expect(spec.hint.length).toBeGreaterThan(0);
    }
  });
});
