import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defineInlinePack, defineTool, type InlinePack, type PackContext } from '@troupe/sdk';
import { Services } from '../di/Services.js';
import { provide } from '../di/ServiceToken.js';
import { MemoryStore } from '../store/MemoryStore.js';
import { createHost, type HostOptions, type TroupeHost } from './TroupeHost.js';

const hosts: TroupeHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
});

function host(options: HostOptions = {}): TroupeHost {
  const created = createHost({ logLevel: 'silent', ...options });
  hosts.push(created);
  return created;
}

function pack(id: string, extra: Partial<InlinePack> = {}): InlinePack {
  return defineInlinePack({ id, version: '1.0.0', descriptors: [defineTool({ id: `${id}_tool`, execute: () => id })], ...extra });
}

describe('TroupeHost with packs registered in code', () => {
  it('loads them after the configured ones, applies entry settings and reports them as inline', async () => {
    const h = host().register(pack('a'), { priority: 3 });
    const report = await h.start();
    expect(report.packs).toEqual([
      { id: 'a', version: '1.0.0', status: 'active', source: 'inline', descriptors: [{ kind: 'tool', id: 'a_tool', priority: 3, active: true }], errors: [] },
    ]);
    expect(h.state).toBe('started');
  });

  it('gives each pack its options, only its declared secrets and a signal that fires on stop', async () => {
    let seen: PackContext | undefined;
    const h = host({ secrets: { mine: 'my-value', other: 'not-for-you' } }).register(
      pack('a', {
        manifest: { engine: '^1.0.0', secrets: [{ id: 'mine' }, { id: 'maybe', optional: true }] },
        optionsSchema: { type: 'object', properties: { size: { type: 'integer', default: 3 } } },
        activate: (ctx) => {
          seen = ctx;
        },
      }),
      { options: { colour: 'red' } },
    );
    await h.start();
    expect(seen?.secrets).toEqual({ mine: 'my-value' });
    expect(seen?.options).toEqual({ colour: 'red', size: 3 });
    expect(seen?.signal.aborted).toBe(false);
    await h.stop();
    expect(seen?.signal.aborted).toBe(true);
  });

  it('uses the global activationTimeoutMs when the entry sets none', async () => {
    const h = host({ config: { activationTimeoutMs: 50 } }).register(pack('slow', { activate: () => new Promise(() => {}) }));
    const { packs } = await h.start();
    expect(packs[0]!.errors[0]).toMatchObject({ code: 'E_PACK_ACTIVATE_TIMEOUT', message: 'Pack slow did not finish activating within 50 ms' });
  });

  it('applies config overrides to descriptors of every pack', async () => {
    const h = host({ config: { overrides: { 'tool:a_tool': { enabled: false }, 'tool:b_tool': { priority: 7 } } } });
    h.register(pack('a')).register(pack('b'));
    const { packs } = await h.start();
    expect(packs.flatMap((p) => p.descriptors)).toEqual([
      { kind: 'tool', id: 'a_tool', priority: 0, active: false },
      { kind: 'tool', id: 'b_tool', priority: 7, active: true },
    ]);
    expect(h.registry.get('tool', 'a_tool')).toBeUndefined();
  });

  it('rejects the same pack id twice, and an inline manifest that does not validate', async () => {
    const h = host().register(pack('a')).register(pack('a')).register(pack('bad', { version: 'one', manifest: { engine: '*' } }));
    const { packs } = await h.start();
    expect(packs.map((p) => [p.status, ...p.errors.map((e) => e.code)])).toEqual([['active'], ['failed', 'E_PACK_DUPLICATE'], ['failed', 'E_PACK_MANIFEST_INVALID']]);
  });

  it('announces pack status changes', async () => {
    const h = host().register(pack('a')).register(pack('b', { activate: () => Promise.reject(new Error('nope')) }));
    const events: string[] = [];
    h.on('pack', (event) => events.push(`${event.packId} ${event.status}${event.error ? ` ${event.error.code}` : ''}`));
    await h.start();
    await h.stop();
    expect(events).toEqual(['a active', 'b failed E_PACK_ACTIVATE_FAILED', 'a deactivated']);
  });
});

describe('TroupeHost services', () => {
  it('lets a host app override a service by token before start, and refuses it after', async () => {
    const store = new MemoryStore();
    const h = host({ services: [provide(Services.clock, { now: () => 42, setTimeout: () => 0, clearTimeout: () => {} })] });
    h.override(Services.store, store);
    expect(h.resolve(Services.clock).now()).toBe(42);
    expect(h.resolve(Services.store)).toBe(store);
    await h.start();
    expect(() => h.override(Services.store, store)).toThrow(expect.objectContaining({ code: 'E_SERVICE_OVERRIDE_LATE' }));
  });

  it('keeps runs in memory unless given a store, and refuses a configured store it cannot open itself', async () => {
    expect(host().resolve(Services.store).kind).toBe('memory');
    expect(host({ config: { store: 'memory' } }).resolve(Services.store).kind).toBe('memory');
    // postgres:// is opened from @troupe/store-postgres at start; a server that is not there fails the start, coded, without the password.
    const postgres = host({ config: { store: 'postgres://troupe:pw@127.0.0.1:1/troupe' } });
    await expect(postgres.start()).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE', message: expect.not.stringContaining(':pw@') });
    expect(postgres.state).toBe('failed');
  });

  it('refuses to start twice or to take packs after start (E_HOST_STATE)', async () => {
    const h = host();
    await h.start();
    await expect(h.start()).rejects.toMatchObject({ code: 'E_HOST_STATE' });
    expect(() => h.register(pack('late'))).toThrow(expect.objectContaining({ code: 'E_HOST_STATE' }));
  });

  it('reads the secrets file relative to the config and fails start when it is malformed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-host-'));
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ mine: 'from-file' }));
    writeFileSync(join(dir, 'broken.json'), '{');
    writeFileSync(join(dir, 'ok.config.json'), JSON.stringify({ secrets: { file: 'secrets.json' } }));
    writeFileSync(join(dir, 'broken.config.json'), JSON.stringify({ secrets: { file: 'broken.json' } }));

    const ok = host({ configPath: 'ok.config.json', cwd: dir, env: {} });
    expect(ok.secrets.resolve(['mine']).values).toEqual({ mine: 'from-file' });
    const broken = host({ configPath: 'broken.config.json', cwd: dir });
    expect(broken.validate().errors.map((e) => e.code)).toEqual(['E_SECRET_FILE_INVALID']);
    await expect(broken.start()).rejects.toMatchObject({ code: 'E_SECRET_FILE_INVALID' });
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('TroupeHost with packs from disk', () => {
  /** A local pack: package.json with a troupe manifest, and `index.js` as given. */
  function writeLocalPack(dir: string, name: string, source: string, manifest: Record<string, unknown> = {}): string {
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js', troupe: { manifestVersion: 1, engine: '^1.0.0', ...manifest } }));
    writeFileSync(join(folder, 'index.js'), source);
    return folder;
  }

  it("imports every pack's module at once, while activating them one at a time in order", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-host-prefetch-'));
    // The first pack's module waits (at most 2 s) for the second pack's module to be evaluated:
    // imported one after the other, it would give up waiting.
    const gate = `globalThis.troupePrefetchGate ??= (() => { let open; const opened = new Promise((resolve) => (open = resolve)); return { open, opened }; })()`;
    const first = writeLocalPack(
      dir,
      'first',
      `const gate = ${gate};
const sawSecond = await Promise.race([gate.opened.then(() => true), new Promise((resolve) => setTimeout(resolve, 2000, false))]);
export default { activate: () => { globalThis.troupePrefetchOrder.push('first activated, saw second: ' + sawSecond); } };`,
    );
    const second = writeLocalPack(
      dir,
      'second',
      `(${gate}).open();
export default { activate: () => { globalThis.troupePrefetchOrder.push('second activated'); } };`,
    );
    const order: string[] = [];
    Object.assign(globalThis, { troupePrefetchOrder: order });
    try {
      const report = await host({ config: { packs: [{ use: first }, { use: second }] }, cwd: dir }).start();
      expect(report.packs.map((p) => `${p.id} ${p.status}`)).toEqual(['first active', 'second active']);
      expect(order).toEqual(['first activated, saw second: true', 'second activated']);
    } finally {
      delete (globalThis as { troupePrefetchOrder?: unknown }).troupePrefetchOrder;
      delete (globalThis as { troupePrefetchGate?: unknown }).troupePrefetchGate;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never imports the module of a pack whose required pack failed planning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-host-doomed-'));
    const evaluated: string[] = [];
    Object.assign(globalThis, { troupeEvaluated: evaluated });
    const body = (name: string) => `globalThis.troupeEvaluated.push('${name}');\nexport default { activate: () => {} };`;
    const future = writeLocalPack(dir, 'future', body('future'), { engine: '^99.0.0' });
    const dependant = writeLocalPack(dir, 'dependant', body('dependant'), { requires: { future: '^1.0.0' } });
    const transitive = writeLocalPack(dir, 'transitive', body('transitive'), { requires: { dependant: '^1.0.0' } });
    const standalone = writeLocalPack(dir, 'standalone', body('standalone'));
    try {
      const report = await host({ config: { packs: [{ use: future }, { use: dependant }, { use: transitive }, { use: standalone }] }, cwd: dir }).start();
      expect(report.packs.map((p) => `${p.id} ${p.status} ${p.errors[0]?.code ?? ''}`.trim())).toEqual([
        'future failed E_PACK_ENGINE_MISMATCH',
        'dependant failed E_PACK_DEPENDENCY_FAILED',
        'transitive failed E_PACK_DEPENDENCY_FAILED',
        'standalone active',
      ]);
      expect(evaluated).toEqual(['standalone']);
    } finally {
      delete (globalThis as { troupeEvaluated?: unknown }).troupeEvaluated;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
