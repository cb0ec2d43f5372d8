import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type TroupeHost } from '@troupe/runtime';
import type { ExecutionContext } from '@troupe/sdk';

const fixture = fileURLToPath(new URL('../fixtures/packs/reloadable', import.meta.url));
const lifecycle = (): string[] => ((globalThis as { __troupeFixtureLifecycle?: string[] }).__troupeFixtureLifecycle ??= []);

let dir: string;
let host: TroupeHost;

beforeEach(async () => {
  lifecycle().length = 0;
  dir = join(mkdtempSync(join(tmpdir(), 'troupe-hot-')), 'reloadable');
  cpSync(fixture, dir, { recursive: true });
  host = createHost({ config: { packs: [{ use: dir }] } });
  await host.start();
  await host.watch({ debounceMs: 50 });
});

afterEach(async () => {
  await host.stop();
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

function version(tag: string, extraTool = ''): string {
  return `
const lifecycle = (globalThis.__troupeFixtureLifecycle ??= []);
export default {
  descriptors: [
    { kind: 'tool', id: 'fixture_reload', payload: { execute: () => '${tag}' } },
    ${extraTool}
  ],
  activate() { lifecycle.push('activate reloadable ${tag}'); },
  deactivate() { lifecycle.push('deactivate reloadable ${tag}'); },
};`;
}

async function runTool(id: string): Promise<unknown> {
  return host.registry.get('tool', id)?.descriptor.payload.execute({}, {} as ExecutionContext);
}

describe('hot reload of a local pack', () => {
  it('swaps in the new descriptors when a file changes', async () => {
    expect(await runTool('fixture_reload')).toBe('v1');
    const reloaded = host.once('reload');
    writeFileSync(join(dir, 'index.js'), version('v2', "{ kind: 'tool', id: 'fixture_added', payload: { execute: () => 'new' } },"));

    expect(await reloaded).toEqual({ packId: '@fixtures/reloadable', ok: true, version: '1.0.0' });
    expect(await runTool('fixture_reload')).toBe('v2');
    expect(await runTool('fixture_added')).toBe('new');
    // The new version was activated before the old one was let go.
    expect(lifecycle()).toEqual(['activate reloadable v1', 'activate reloadable v2', 'deactivate reloadable v1']);
    expect(host.report().packs[0]).toMatchObject({ status: 'active', errors: [] });
  });

  it('keeps the previous version active and reports the error when an edit is broken', async () => {
    const good = host.once('reload');
    writeFileSync(join(dir, 'index.js'), version('v2'));
    expect((await good).ok).toBe(true);

    const broken = host.once('reload');
    writeFileSync(join(dir, 'index.js'), `${version('v3')}\nthis is not javascript`);
    const event = await broken;
    expect(event).toMatchObject({ packId: '@fixtures/reloadable', ok: false, version: '1.0.0', error: { code: 'E_PACK_IMPORT_FAILED' } });
    expect(await runTool('fixture_reload')).toBe('v2');
    const [pack] = host.report().packs;
    expect(pack).toMatchObject({ status: 'active', descriptors: [{ kind: 'tool', id: 'fixture_reload', active: true }] });
    expect(pack!.errors.map((e) => e.code)).toEqual(['E_PACK_IMPORT_FAILED']);

    // A broken manifest is caught before any code is imported.
    const manifest = host.once('reload');
    const packageJson = readFileSync(join(dir, 'package.json'), 'utf8');
    writeFileSync(join(dir, 'package.json'), packageJson.replace('"^1.0.0"', '">=1"'));
    expect(await manifest).toMatchObject({ ok: false, error: { code: 'E_PACK_ENGINE_MISMATCH' } });
    expect(await runTool('fixture_reload')).toBe('v2');

    const stillBroken = host.once('reload');
    writeFileSync(join(dir, 'index.js'), version('v3'));
    expect(await stillBroken).toMatchObject({ ok: false, error: { code: 'E_PACK_ENGINE_MISMATCH' } });

    // Fixing the manifest brings the pack back to a clean state, at its new version.
    const fixed = host.once('reload');
    writeFileSync(join(dir, 'package.json'), packageJson.replace('"1.0.0"', '"1.1.0"'));
    expect(await fixed).toMatchObject({ ok: true, version: '1.1.0' });
    expect(await runTool('fixture_reload')).toBe('v3');
    expect(host.report().packs[0]).toMatchObject({ version: '1.1.0', status: 'active', errors: [] });
  });

  it('a descriptor-invalid edit is deactivated again and never registered', async () => {
    const broken = host.once('reload');
    writeFileSync(join(dir, 'index.js'), version('v2', "{ kind: 'tool', id: 'fixture_broken', payload: {} },"));
    expect(await broken).toMatchObject({ ok: false, error: { code: 'E_DESCRIPTOR_INVALID' } });
    expect(await runTool('fixture_reload')).toBe('v1');
    expect(host.registry.get('tool', 'fixture_broken')).toBeUndefined();
    expect(lifecycle()).toEqual(['activate reloadable v1', 'activate reloadable v2', 'deactivate reloadable v2']);
  });
});
