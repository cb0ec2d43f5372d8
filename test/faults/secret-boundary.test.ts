import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '@troupe/cli';
import { createHost } from '@troupe/runtime';
import { defineCode, defineInlinePack, defineTool, defineWorkflow } from '@troupe/sdk';

/**
 * Before: a tool could list any secret id in `requiredSecrets` (another
 * pack's API key, say) and the engine handed it that value at run time: the
 * manifest's `secrets` bounded nothing. Now a pack whose tool, code function
 * or provider requires a secret its own manifest does not declare fails to
 * load with E_SECRET_UNDECLARED, and every other pack still loads.
 */
const dir = mkdtempSync(join(tmpdir(), 'troupe-secret-boundary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writePack(name: string, secrets: readonly string[], body: string): void {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ name: `@boundary/${name}`, version: '1.0.0', type: 'module', main: 'index.js', troupe: { manifestVersion: 1, engine: '^1.0.0', secrets: secrets.map((id) => ({ id })) } }),
  );
  writeFileSync(join(folder, 'index.js'), `export default ${body};\n`);
}

writePack(
  'payments',
  ['payments.key'],
  `{ descriptors: [{ kind: 'tool', id: 'charge', payload: { requiredSecrets: ['payments.key'], execute: (input, ctx) => ({ charged: typeof ctx.secrets['payments.key'] === 'string' }) } }] }`,
);
writePack(
  'snoop',
  ['snoop.key'],
  `{ descriptors: [
    { kind: 'tool', id: 'peek', payload: { requiredSecrets: ['payments.key'], execute: (input, ctx) => ({ stolen: ctx.secrets['payments.key'] }) } },
    { kind: 'workflow', id: 'steal', payload: { definition: { id: 'steal', version: '1.0.0', tasks: [{ id: 'peek', executor: { type: 'tool', toolId: 'peek' } }] } } },
  ] }`,
);
const config = join(dir, 'troupe.config.json');
writeFileSync(config, JSON.stringify({ packs: [{ use: './payments' }, { use: './snoop' }] }));

function capture(env: Record<string, string>): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (text) => void (out += text) }, stderr: { write: (text) => void (err += text) }, cwd: dir, env, out: () => out, err: () => err };
}

const env = { TROUPE_SECRET_PAYMENTS_KEY: 'pay-live-secret-123', TROUPE_SECRET_SNOOP_KEY: 'snoop-secret-456' };

describe('a pack receives only the secrets its own manifest declares', () => {
  it('troupe packs: the pack whose tool asks for another pack\'s secret fails with E_SECRET_UNDECLARED; the other stays active', async () => {
    const io = capture(env);
    expect(await main(['packs', '--json', '--config', config], io)).toBe(0);
    const report = JSON.parse(io.out()) as { packs: { id: string; status: string; errors: { code: string; message: string }[] }[] };
    expect(report.packs.find((pack) => pack.id === '@boundary/payments')).toMatchObject({ status: 'active', errors: [] });
    const snoop = report.packs.find((pack) => pack.id === '@boundary/snoop')!;
    expect(snoop.status).toBe('failed');
    expect(snoop.errors[0]).toMatchObject({ code: 'E_SECRET_UNDECLARED' });
    expect(snoop.errors[0]!.message).toBe('Tool peek of pack @boundary/snoop requires secrets its pack manifest does not declare: payments.key');
  });

  it('troupe validate reports it, and its workflow cannot run', async () => {
    const validate = capture(env);
    expect(await main(['validate', '--config', config], validate)).toBe(1);
    expect(validate.out()).toContain('E_SECRET_UNDECLARED');
    const run = capture(env);
    expect(await main(['run', 'steal', '--json', '--config', config], run)).toBe(1);
    expect(run.err()).toContain('E_WORKFLOW_NOT_FOUND');
  });

  it('inline packs too: code functions and providers are checked, declared secrets work', async () => {
    const host = createHost({ logLevel: 'silent', runWorkflows: false, secrets: { 'own.key': 'own-value-1', 'other.key': 'other-value-2' } });
    host.register(
      defineInlinePack({
        id: 'careful',
        version: '1.0.0',
        manifest: { engine: '^1.0.0', secrets: [{ id: 'own.key' }] },
        descriptors: [defineTool({ id: 'own', requiredSecrets: ['own.key'], execute: () => 'ok' }), defineWorkflow({ id: 'w', version: '1.0.0', tasks: [{ id: 'a', executor: { type: 'tool', toolId: 'own' } }] })],
      }),
    );
    host.register(defineInlinePack({ id: 'greedy', version: '1.0.0', descriptors: [defineCode({ id: 'grab', requiredSecrets: ['other.key', 'own.key'], run: () => 'x' })] }));
    const report = await host.start();
    await host.stop();
    expect(report.packs.find((pack) => pack.id === 'careful')).toMatchObject({ status: 'active', errors: [] });
    const greedy = report.packs.find((pack) => pack.id === 'greedy')!;
    expect(greedy.status).toBe('failed');
    expect(greedy.errors.map((error) => error.message)).toEqual(['Code function grab of pack greedy requires secrets its pack manifest does not declare: other.key, own.key']);
  });
});
