import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACK_API_VERSION } from '@troupe/sdk';
import { checkPackName } from './packName.js';
import { createPackMain } from './createPackMain.js';
import { scaffoldPack } from './scaffoldPack.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-scaffold-'));
  dirs.push(dir);
  return dir;
}

describe('scaffoldPack', () => {
  it('writes a TypeScript pack: manifest with engine and policies, sdk as peer, tool, workflow, guardrail, test, README', () => {
    const cwd = folder();
    const result = scaffoldPack({ name: '@acme/troupe-pack-words', cwd });
    expect(result.dir).toBe(join(cwd, 'troupe-pack-words'));
    expect([...result.files].sort()).toEqual(['.gitignore', 'README.md', 'package.json', 'src/index.test.ts', 'src/index.ts', 'tsconfig.json']);
    const pkg = JSON.parse(readFileSync(join(result.dir, 'package.json'), 'utf8')) as Record<string, any>;
    expect(pkg.name).toBe('@acme/troupe-pack-words');
    expect(pkg.troupe).toMatchObject({ manifestVersion: 1, engine: `^${PACK_API_VERSION.split('.')[0]}.0.0`, policies: { 'troupe-pack-words.text-limits': ['max-length'] } });
    expect(pkg.peerDependencies['@troupe/sdk']).toMatch(/^\^\d+\.\d+\.\d+/);
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['@troupe/sdk', '@troupe/testing', 'typescript', 'vitest']));
    expect(pkg.scripts).toMatchObject({ build: 'tsc', test: 'vitest run' });
    const source = readFileSync(join(result.dir, 'src/index.ts'), 'utf8');
    for (const part of ['definePack(', 'defineTool<', 'defineGuardrail(', 'defineWorkflow(', "from: 'input.text'", "policyTags: ['troupe-pack-words.text-limits']"]) expect(source).toContain(part);
  });

  it('refuses a folder that is not empty, writing nothing (E_SCAFFOLD_TARGET_EXISTS)', () => {
    const cwd = folder();
    mkdirSync(join(cwd, 'my-pack'));
    writeFileSync(join(cwd, 'my-pack', 'notes.txt'), 'mine');
    expect(() => scaffoldPack({ name: 'my-pack', cwd })).toThrow(expect.objectContaining({ code: 'E_SCAFFOLD_TARGET_EXISTS' }));
    expect(existsSync(join(cwd, 'my-pack', 'package.json'))).toBe(false);
  });

  it.each(['My-Pack', '', '.hidden', 'a b', '@scope/', 'node_modules', 'x'.repeat(215)])('refuses the package name %j (E_SCAFFOLD_NAME_INVALID)', (name) => {
    expect(() => checkPackName(name)).toThrow(expect.objectContaining({ code: 'E_SCAFFOLD_NAME_INVALID' }));
  });

  it('accepts plain and scoped names', () => {
    expect(checkPackName('my-pack')).toEqual({ scope: undefined, base: 'my-pack' });
    expect(checkPackName('@acme/troupe-pack-review')).toEqual({ scope: 'acme', base: 'troupe-pack-review' });
  });
});

describe('create-troupe-pack <name>', () => {
  it('prints the files and the next steps, and exits 1 with the code when it refuses', async () => {
    const cwd = folder();
    let out = '';
    let err = '';
    const io = { stdout: { write: (text: string) => void (out += text) }, stderr: { write: (text: string) => void (err += text) }, cwd };
    expect(await createPackMain(['my-pack'], io)).toBe(0);
    expect(out).toContain('npm test');
    expect(await createPackMain(['my-pack'], io)).toBe(1);
    expect(err).toContain('E_SCAFFOLD_TARGET_EXISTS');
    expect(await createPackMain([], io)).toBe(2);
  });
});
