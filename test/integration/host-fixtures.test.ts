import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, resolveRoles, type TroupeHost } from '@troupe/runtime';
import { isTroupeError, type PackReport, type WorkflowDefinition } from '@troupe/sdk';

const configs = fileURLToPath(new URL('../fixtures/configs/', import.meta.url));
const lifecycle = (): string[] => ((globalThis as { __troupeFixtureLifecycle?: string[] }).__troupeFixtureLifecycle ??= []);

let host: TroupeHost | undefined;
beforeEach(() => {
  lifecycle().length = 0;
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

function byUse(packs: readonly PackReport[], id: string, nth = 0): PackReport {
  const found = packs.filter((pack) => pack.id === id)[nth];
  if (!found) throw new Error(`no pack ${id} in the report`);
  return found;
}

describe('one host loading every fixture pack', () => {
  it('gives each broken pack its code, keeps the good ones active and does not crash', async () => {
    host = createHost({ configPath: 'all-packs.troupe.config.json', cwd: configs });
    const report = await host.start();
    const codes = Object.fromEntries(report.packs.map((pack) => [`${pack.id}#${report.packs.filter((p) => p.id === pack.id).indexOf(pack)}`, pack.errors.map((e) => e.code)]));

    expect(codes).toEqual({
      '@fixtures/good#0': [],
      '@fixtures/good-dependent#0': [],
      // Its workflow names a persona no pack provides: it cannot start, so it is not registered.
      '@fixtures/role-unresolved#0': ['E_WORKFLOW_INVALID'],
      '../packs/does-not-exist#0': ['E_PACK_NOT_FOUND'],
      '@fixtures/not-installed#0': ['E_PACK_NOT_FOUND'],
      '@fixtures/manifest-invalid#0': ['E_PACK_MANIFEST_INVALID'],
      '@fixtures/engine-mismatch#0': ['E_PACK_ENGINE_MISMATCH'],
      '@fixtures/engine-unpinned#0': ['E_PACK_ENGINE_MISMATCH'],
      '@fixtures/version-mismatch#0': ['E_PACK_VERSION_MISMATCH'],
      '@fixtures/requires-missing#0': ['E_PACK_REQUIRES_MISSING'],
      '@fixtures/requires-mismatch#0': ['E_PACK_REQUIRES_MISMATCH'],
      '@fixtures/cycle-a#0': ['E_PACK_DEPENDENCY_CYCLE'],
      '@fixtures/cycle-b#0': ['E_PACK_DEPENDENCY_CYCLE'],
      '@fixtures/cycle-c#0': ['E_PACK_DEPENDENCY_CYCLE'],
      '@fixtures/dependency-failed#0': ['E_PACK_DEPENDENCY_FAILED'],
      '@fixtures/import-fails#0': ['E_PACK_IMPORT_FAILED'],
      '@fixtures/no-default-export#0': ['E_PACK_IMPORT_FAILED'],
      '@fixtures/activate-fails#0': ['E_PACK_ACTIVATE_FAILED'],
      '@fixtures/activate-hangs#0': ['E_PACK_ACTIVATE_TIMEOUT'],
      '@fixtures/descriptor-invalid#0': ['E_DESCRIPTOR_INVALID', 'E_DESCRIPTOR_INVALID'],
      '@fixtures/secret-missing#0': ['E_SECRET_MISSING'],
      '@fixtures/options-invalid#0': ['E_PACK_OPTIONS_INVALID'],
      '@fixtures/good#1': ['E_PACK_DUPLICATE'],
      '@fixtures/import-fails#1': [],
    });
    expect(report.packs.map((pack) => pack.status)).toEqual([
      'active',
      'active',
      'active',
      ...Array<string>(20).fill('failed'),
      'disabled',
    ]);
  });

  it('explains each failure: all manifest problems, the whole cycle, every missing secret, the chained cause', async () => {
    host = createHost({ configPath: 'all-packs.troupe.config.json', cwd: configs });
    const { packs } = await host.start();

    const manifest = byUse(packs, '@fixtures/manifest-invalid').errors[0]!;
    expect(manifest.message).toContain('troupe/manifestVersion');
    expect(manifest.message).toContain('troupe/engine');
    expect(manifest.message).toContain('troupe/secrets/0/id');
    expect(manifest.message).toContain('unknown property "colour"');
    expect(manifest.hint).toContain('pack-manifest.schema.json');

    expect(byUse(packs, '@fixtures/engine-unpinned').errors[0]!.message).toContain('does not pin one major');
    expect(byUse(packs, '@fixtures/engine-unpinned').errors[0]!.hint).toContain('^1.0.0');

    const cycle = byUse(packs, '@fixtures/cycle-b').errors[0]!.message;
    for (const member of ['@fixtures/cycle-a', '@fixtures/cycle-b', '@fixtures/cycle-c']) expect(cycle).toContain(member);

    const secrets = byUse(packs, '@fixtures/secret-missing').errors[0]!;
    expect(secrets.message).toContain('fixture.alpha, fixture.beta');
    expect(secrets.message).not.toContain('fixture.gamma');
    expect(secrets.hint).toContain('TROUPE_SECRET_FIXTURE_ALPHA');

    const dependant = byUse(packs, '@fixtures/dependency-failed').errors[0]!;
    expect(dependant.message).toContain('@fixtures/activate-fails');
    expect(dependant.cause?.code).toBe('E_PACK_ACTIVATE_FAILED');
    expect(dependant.cause?.message).toContain('cannot reach the backend');

    const timeout = byUse(packs, '@fixtures/activate-hangs').errors[0]!;
    expect(timeout.message).toContain('200 ms');
    expect(lifecycle()).toContain('aborted @fixtures/activate-hangs');

    const descriptors = byUse(packs, '@fixtures/descriptor-invalid').errors.map((e) => e.message).join('\n');
    expect(descriptors).toContain('tool:fixture_no_execute');
    expect(descriptors).toContain('payload.execute must be a function');
    expect(descriptors).toContain('workflow:fixture-bad-flow');
    expect(descriptors).toContain('definition: must have required property \'version\'');
    // Its valid tool was not registered, and it was deactivated again.
    expect(host.registry.get('tool', 'fixture_valid_tool')).toBeUndefined();
    expect(lifecycle()).toContain('deactivate @fixtures/descriptor-invalid');

    expect(byUse(packs, '@fixtures/options-invalid').errors[0]!.message).toContain('options/count: must be integer');
  });

  it('stacks descriptors by priority and reports which one is active', async () => {
    host = createHost({ configPath: 'all-packs.troupe.config.json', cwd: configs });
    const { packs } = await host.start();

    expect(byUse(packs, '@fixtures/good').descriptors).toContainEqual({ kind: 'tool', id: 'fixture_echo', priority: 0, active: false, shadowedBy: '@fixtures/good-dependent' });
    expect(byUse(packs, '@fixtures/good-dependent').descriptors).toEqual([{ kind: 'tool', id: 'fixture_echo', priority: 5, active: true, overrides: ['@fixtures/good'] }]);
    expect(host.registry.get('tool', 'fixture_echo')?.packId).toBe('@fixtures/good-dependent');
    expect(host.registry.get('persona', 'fixture-writer')?.packId).toBe('@fixtures/good');
    // Options were validated and the schema default applied.
    expect(lifecycle()).toContain('activate @fixtures/good greeting=hello');
  });

  it('refuses a workflow whose roles no persona can fill with E_ROLE_UNRESOLVED naming each role', async () => {
    host = createHost({ configPath: 'all-packs.troupe.config.json', cwd: configs });
    await host.start();
    // The named persona fixture-pilot is missing, so the workflow was not registered; its definition is still the pack's.
    expect(host.registry.get('workflow', 'fixture-needs-astronomer')).toBeUndefined();
    const fixture = (await import(new URL('../fixtures/packs/role-unresolved/index.js', import.meta.url).href)) as { default: { descriptors: { payload: { definition: WorkflowDefinition } }[] } };
    const definition: WorkflowDefinition = fixture.default.descriptors[0]!.payload.definition;

    let thrown: unknown;
    try {
      resolveRoles(definition, host.registry);
    } catch (error) {
      thrown = error;
    }
    expect(isTroupeError(thrown, 'E_ROLE_UNRESOLVED')).toBe(true);
    expect((thrown as Error).message).toContain('astronomer (needs astronomy)');
    expect((thrown as Error).message).toContain('pilot (persona "fixture-pilot" is not active)');
    expect((thrown as Error).message).not.toContain('writer');
    // With an explicit assignment for both, it resolves.
    const roles = resolveRoles(definition, host.registry, { astronomer: 'fixture-writer', pilot: 'fixture-writer' });
    expect(roles.writer?.by).toBe('capabilities');
    expect(roles.astronomer?.by).toBe('assignment');
  });

  it('deactivates packs in reverse activation order on stop', async () => {
    host = createHost({ configPath: 'all-packs.troupe.config.json', cwd: configs });
    await host.start();
    await host.stop();
    const events = lifecycle().filter((line) => /@fixtures\/good/.test(line));
    expect(events).toEqual([
      'activate @fixtures/good greeting=hello',
      'activate @fixtures/good-dependent',
      'deactivate @fixtures/good-dependent',
      'deactivate @fixtures/good',
    ]);
    expect(host.registry.list('tool')).toEqual([]);
  });
});

describe('onFailure "abort"', () => {
  it('rejects start with E_PACK_ABORTED, chains the cause and leaves nothing active', async () => {
    host = createHost({ configPath: 'abort.troupe.config.json', cwd: configs });
    const started = host.start();
    await expect(started).rejects.toMatchObject({ code: 'E_PACK_ABORTED', cause: { code: 'E_PACK_ACTIVATE_FAILED' } });
    expect(host.state).toBe('failed');
    expect(lifecycle()).toEqual([
      'activate @fixtures/good greeting=hi',
      'activate @fixtures/good-dependent',
      'deactivate @fixtures/good-dependent',
      'deactivate @fixtures/good',
    ]);
    expect(host.registry.list('tool')).toEqual([]);
    const { packs } = host.report();
    expect(packs.map((pack) => [pack.id, pack.status, pack.errors.map((e) => e.code)])).toEqual([
      ['@fixtures/good', 'failed', ['E_PACK_ABORTED']],
      ['@fixtures/good-dependent', 'failed', ['E_PACK_ABORTED']],
      ['@fixtures/activate-fails', 'failed', ['E_PACK_ACTIVATE_FAILED']],
      ['@fixtures/role-unresolved', 'failed', ['E_PACK_ABORTED']],
    ]);
  });
});

describe('host configuration', () => {
  it('lists every problem of an invalid config with E_CONFIG_INVALID', () => {
    let thrown: unknown;
    try {
      createHost({ configPath: 'invalid.troupe.config.json', cwd: configs });
    } catch (error) {
      thrown = error;
    }
    expect(isTroupeError(thrown, 'E_CONFIG_INVALID')).toBe(true);
    const message = (thrown as Error).message;
    for (const problem of ['/packs/0/use', "/packs/1: must have required property 'use'", '/packs/2/onFailure', '/activationTimeoutMs', 'unknown property "colour"', '/overrides']) {
      expect(message).toContain(problem);
    }
  });

  it('says where it looked when the config file is missing (E_CONFIG_NOT_FOUND)', () => {
    expect(() => createHost({ configPath: 'nope.json', cwd: configs })).toThrow(expect.objectContaining({ code: 'E_CONFIG_NOT_FOUND' }));
  });
});
