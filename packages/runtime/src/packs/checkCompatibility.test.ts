import { describe, expect, it } from 'vitest';
import { checkEngine, checkInstalledVersion, pinsOneMajor } from './checkCompatibility.js';

describe('pack compatibility', () => {
  it.each([
    ['^1.0.0', true],
    ['~1.2.3', true],
    ['1.x', true],
    ['>=1.2.0 <2.0.0', true],
    ['^0.3.0', true],
    ['>=1', false],
    ['*', false],
    ['1.x || 2.x', false],
    ['>=1.0.0 <=2.0.0', false],
  ])('%s pins one major: %s', (range, pinned) => {
    expect(pinsOneMajor(range)).toBe(pinned);
  });

  it('checks the engine range against the pack API version', () => {
    expect(() => checkEngine('p', '^1.0.0', '1.4.0')).not.toThrow();
    expect(() => checkEngine('p', '^2.0.0', '1.4.0')).toThrow(expect.objectContaining({ code: 'E_PACK_ENGINE_MISMATCH', message: 'Pack p needs pack API ^2.0.0 but this runtime provides 1.4.0' }));
    expect(() => checkEngine('p', '>=1', '1.4.0')).toThrow(/does not pin one major/);
    expect(() => checkEngine('p', 'soon', '1.4.0')).toThrow(/does not pin one major/);
  });

  it('checks the installed version against the entry range', () => {
    expect(() => checkInstalledVersion('p', '1.2.0', undefined)).not.toThrow();
    expect(() => checkInstalledVersion('p', '1.2.0', '^1.1.0')).not.toThrow();
    expect(() => checkInstalledVersion('p', '1.2.0', '^2.0.0')).toThrow(expect.objectContaining({ code: 'E_PACK_VERSION_MISMATCH' }));
  });
});
