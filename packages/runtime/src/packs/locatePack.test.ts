import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPathSpecifier, locatePack, packEntryFile } from './locatePack.js';

describe('locatePack', () => {
  it('tells folders from package names', () => {
    expect(isPathSpecifier('./packs/x')).toBe(true);
    expect(isPathSpecifier('../x')).toBe(true);
    expect(isPathSpecifier('/abs/x')).toBe(true);
    expect(isPathSpecifier('@acme/troupe-pack-x')).toBe(false);
    expect(isPathSpecifier('troupe-pack-x')).toBe(false);
  });

  it("finds an ESM-only npm package from the app's node_modules or a parent's, without importing it", () => {
    const root = mkdtempSync(join(tmpdir(), 'troupe-locate-'));
    const pkg = join(root, 'node_modules', '@acme', 'pack');
    mkdirSync(pkg, { recursive: true });
    // No "require" condition and no "./package.json" export: require.resolve would fail here.
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@acme/pack', version: '1.0.0', exports: { '.': { import: './esm.js' } } }));
    const app = join(root, 'apps', 'host');
    mkdirSync(app, { recursive: true });

    const location = locatePack('@acme/pack', app);
    expect(location).toMatchObject({ origin: 'npm', dir: pkg, packageJson: { name: '@acme/pack' } });
    expect(() => locatePack('@acme/missing', app)).toThrow(expect.objectContaining({ code: 'E_PACK_NOT_FOUND' }));
    expect(() => locatePack('./nothing-here', app)).toThrow(expect.objectContaining({ code: 'E_PACK_NOT_FOUND' }));
    rmSync(root, { recursive: true, force: true });
  });

  it('picks the entry module: manifest entry, then exports for import, then main, then index.js', () => {
    expect(packEntryFile('/p', { exports: './a.js', main: './b.js' }, './entry.js')).toBe('/p/entry.js');
    expect(packEntryFile('/p', { exports: { '.': { types: './t.d.ts', 'troupe-source': './src/index.ts', import: './esm.js', default: './cjs.js' } } }, undefined)).toBe('/p/esm.js');
    expect(packEntryFile('/p', { exports: { node: { default: './node.js' }, default: './x.js' } }, undefined)).toBe('/p/node.js');
    expect(packEntryFile('/p', { main: 'lib/main.js' }, undefined)).toBe('/p/lib/main.js');
    expect(packEntryFile('/p', {}, undefined)).toBe('/p/index.js');
  });
});
