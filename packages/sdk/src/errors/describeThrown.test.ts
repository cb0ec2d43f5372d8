import { describe, expect, it } from 'vitest';
import { describeThrown, isInstanceSafely } from './describeThrown.js';
import { toErrorInfo, TroupeError } from './TroupeError.js';

const throwingProxy = new Proxy(
  {},
  {
    get() {
      throw new Error('trap');
    },
    getPrototypeOf() {
      throw new Error('trap');
    },
  },
);
const throwingToString = {
  toString() {
    throw new Error('no');
  },
};
const throwingMessage = Object.defineProperty(new Error('x'), 'message', {
  get() {
    throw new Error('no');
  },
});

describe('describeThrown', () => {
  it('gives an Error its message, a string itself and other primitives String()', () => {
    expect(describeThrown(new Error('card declined'))).toBe('card declined');
    expect(describeThrown('plain')).toBe('plain');
    expect(describeThrown(42)).toBe('42');
    expect(describeThrown(10n)).toBe('10');
    expect(describeThrown(Symbol('s'))).toBe('Symbol(s)');
    expect(describeThrown(undefined)).toBe('undefined');
    expect(describeThrown({ message: 'error-like' })).toBe('error-like');
  });

  it('never throws, whatever the value', () => {
    for (const value of [Object.create(null), throwingProxy, throwingToString, throwingMessage]) {
      expect(describeThrown(value)).toMatch(/^a thrown (object|function) that cannot be described$/);
    }
  });

  it('cuts a huge description', () => {
    expect(describeThrown('x'.repeat(10_000)).length).toBeLessThan(2100);
  });

  it('isInstanceSafely answers false for a Proxy whose getPrototypeOf throws', () => {
    expect(() => throwingProxy instanceof Error).toThrow('trap');
    expect(isInstanceSafely(throwingProxy, Error)).toBe(false);
    expect(isInstanceSafely(new TroupeError('E_INTERNAL'), Error)).toBe(true);
  });
});

describe('toErrorInfo is total', () => {
  it('codes any thrown value E_INTERNAL with a safe message, causes included', () => {
    expect(toErrorInfo(throwingProxy)).toEqual({ code: 'E_INTERNAL', message: 'a thrown object that cannot be described' });
    expect(toErrorInfo(new Error('outer', { cause: throwingToString }))).toEqual({
      code: 'E_INTERNAL',
      message: 'outer',
      cause: { code: 'E_INTERNAL', message: 'a thrown object that cannot be described' },
    });
    expect(toErrorInfo(new TroupeError('E_INTERNAL', { reason: 'r' }, { cause: throwingMessage })).cause).toEqual({
      code: 'E_INTERNAL',
      message: 'a thrown object that cannot be described',
    });
  });
});
