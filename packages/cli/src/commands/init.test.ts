import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateHostConfig } from '@troupe/runtime';
import { ExitCode, type CliIo } from '../CliIo.js';
import { main } from '../main.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-init-'));
  dirs.push(dir);
  return dir;
}

function capture(cwd: string): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (text) => void (out += text) }, stderr: { write: (text) => void (err += text) }, cwd, env: {}, out: () => out, err: () => err };
}

describe('troupe init', () => {
  it('writes a valid troupe.config.json with $schema and the sample pack, a package.json and a .gitignore for .troupe/', async () => {
    const dir = folder();
    const io = capture(dir);
    expect(await main(['init'], io)).toBe(ExitCode.ok);
    const config = JSON.parse(readFileSync(join(dir, 'troupe.config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.$schema).toBe('./node_modules/@troupe/sdk/schemas/host-config.schema.json');
    expect(config.packs).toEqual([{ use: '@troupe/pack-hello', version: '^1.0.0' }]);
    expect(() => validateHostConfig(config)).not.toThrow();
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toContain('.troupe/');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ private: true, type: 'module' });
    expect(io.out()).toContain('troupe run hello');
  });

  it('keeps an existing package.json and .gitignore, adding .troupe/ only once', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'package.json'), '{"name":"mine"}');
    writeFileSync(join(dir, '.gitignore'), 'dist');
    expect(await main(['init'], capture(dir))).toBe(ExitCode.ok);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{"name":"mine"}');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('dist\n.troupe/\n');
  });

  it('refuses to overwrite an existing troupe.config.json (E_INIT_EXISTS), writing nothing', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'troupe.config.json'), '{"packs":[]}');
    const io = capture(dir);
    expect(await main(['init'], io)).toBe(ExitCode.failed);
    expect(io.err()).toContain('E_INIT_EXISTS');
    expect(readFileSync(join(dir, 'troupe.config.json'), 'utf8')).toBe('{"packs":[]}');
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);
  });

  it('makes the folder given with --dir', async () => {
    const dir = folder();
    expect(await main(['init', '--dir', 'host'], capture(dir))).toBe(ExitCode.ok);
    expect(existsSync(join(dir, 'host', 'troupe.config.json'))).toBe(true);
  });
});
