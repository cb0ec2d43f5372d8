import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '@troupe/cli';

/**
 * A pack whose workflows cannot run (a cycle, a duplicate task id, an unknown
 * dependency, a bad expression, an unknown policy tag, a tag whose stack names
 * a missing guardrail, a tool no pack provides) used to show `active` with no
 * errors in `troupe packs --json` while `troupe validate` said valid: each was
 * refused only at `troupe run`. Now each bad workflow is reported at load with
 * its codes and left unregistered; the pack stays active with its good ones.
 */
const dir = mkdtempSync(join(tmpdir(), 'troupe-graph-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tool = (id: string) => ({ id, kind: 'tool', payload: { execute: (input: unknown) => input } });
const workflow = (id: string, tasks: unknown[], extra: object = {}) => ({ id, kind: 'workflow', payload: { definition: { id, version: '1.0.0', tasks, ...extra } } });
const toolTask = (id: string, extra: object = {}) => ({ id, executor: { type: 'tool', toolId: 'echo' }, ...extra });

function writePack(name: string, workflows: string, extraManifest: object = {}, build = true): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: `@graph/${name}`, version: '1.0.0', type: 'module', main: 'dist/index.js', troupe: { manifestVersion: 1, engine: '^1.0.0', ...extraManifest } }));
  if (build) {
    mkdirSync(join(folder, 'dist'), { recursive: true });
    writeFileSync(join(folder, 'dist', 'index.js'), `const tool = ${tool.toString()};\nconst workflow = ${workflow.toString()};\nconst toolTask = ${toolTask.toString()};\nexport default { descriptors: [tool('echo'), ${workflows}] };\n`);
  }
  return folder;
}

writePack(
  'broken',
  [
    `workflow('good', [toolTask('a')])`,
    `workflow('cycle', [toolTask('a', { dependsOn: ['b'] }), toolTask('b', { dependsOn: ['a'] })])`,
    `workflow('duplicate', [toolTask('a'), toolTask('a')])`,
    `workflow('unknown-dep', [toolTask('a', { dependsOn: ['ghost'] })])`,
    `workflow('bad-when', [toolTask('a', { when: 'input.x ==' })])`,
    `workflow('unknown-tag', [toolTask('a', { policyTags: ['nobody-defined-this'] })])`,
    `workflow('missing-guardrail', [toolTask('a')], { policyTags: ['guarded'] })`,
    `workflow('missing-tool', [{ id: 'a', executor: { type: 'tool', toolId: 'nowhere' } }])`,
    `workflow('missing-child', [{ id: 'a', executor: { type: 'workflow', workflowId: 'cycle' } }])`,
  ].join(', '),
  { policies: { guarded: ['absent-guardrail'] } },
);
writePack('unbuilt', '', {}, false);
const config = join(dir, 'troupe.config.json');
writeFileSync(config, JSON.stringify({ packs: [{ use: './broken' }] }));
const unbuiltConfig = join(dir, 'unbuilt.config.json');
writeFileSync(unbuiltConfig, JSON.stringify({ packs: [{ use: './unbuilt' }] }));

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (text) => void (out += text) }, stderr: { write: (text) => void (err += text) }, cwd: dir, env: {}, out: () => out, err: () => err };
}

interface JsonError {
  code: string;
  message: string;
}

const expectedCodes: Record<string, string> = {
  cycle: 'E_TASK_CYCLE',
  duplicate: 'E_TASK_DUPLICATE_ID',
  'unknown-dep': 'E_TASK_UNKNOWN_DEPENDENCY',
  'bad-when': 'E_EXPRESSION_INVALID',
  'unknown-tag': 'E_POLICY_UNKNOWN',
  'missing-guardrail': 'E_GUARDRAIL_NOT_FOUND',
  'missing-tool': 'E_TASK_UNKNOWN_EXECUTOR_REF',
  'missing-child': 'E_TASK_UNKNOWN_EXECUTOR_REF',
};

describe('workflow graph errors are reported at load, not first at run', () => {
  it('troupe packs --json: the pack stays active, each bad workflow is listed with its codes and not registered', async () => {
    const io = capture();
    expect(await main(['packs', '--json', '--config', config], io)).toBe(0);
    const report = JSON.parse(io.out()) as { packs: { status: string; descriptors: { kind: string; id: string }[]; errors: JsonError[] }[] };
    const pack = report.packs[0]!;
    expect(pack.status).toBe('active');
    expect(pack.descriptors.filter((d) => d.kind === 'workflow').map((d) => d.id)).toEqual(['good']);
    for (const [workflowId, code] of Object.entries(expectedCodes)) {
      const error = pack.errors.find((candidate) => candidate.message.startsWith(`Workflow ${workflowId} is invalid`));
      expect(error, workflowId).toMatchObject({ code: 'E_WORKFLOW_INVALID' });
      expect(error!.message, workflowId).toContain(`${code}:`);
    }
    expect(pack.errors).toHaveLength(Object.keys(expectedCodes).length);
  });

  it('troupe validate says invalid and lists the same problems', async () => {
    const io = capture();
    expect(await main(['validate', '--json', '--config', config], io)).toBe(1);
    const report = JSON.parse(io.out()) as { valid: boolean; packs: { status: string; errors: JsonError[] }[] };
    expect(report.valid).toBe(false);
    expect(report.packs[0]!.status).toBe('invalid');
    expect(report.packs[0]!.errors.map((error) => error.message.match(/^Workflow (\S+)/)?.[1]).sort()).toEqual(Object.keys(expectedCodes).sort());
  });

  it('troupe run of a rejected workflow is refused as not found, the good one runs', async () => {
    const refused = capture();
    expect(await main(['run', 'cycle', '--json', '--config', config], refused)).toBe(1);
    expect(refused.err()).toContain('E_WORKFLOW_NOT_FOUND');
    const ran = capture();
    expect(await main(['run', 'good', '--json', '--config', config], ran)).toBe(0);
    expect(JSON.parse(ran.out())).toMatchObject({ status: 'completed' });
  });

  it('troupe validate says when a pack is not built (E_PACK_ENTRY_MISSING)', async () => {
    const io = capture();
    expect(await main(['validate', '--config', unbuiltConfig], io)).toBe(1);
    expect(io.out()).toContain('E_PACK_ENTRY_MISSING: Pack @graph/unbuilt has no entry module at dist/index.js');
    expect(io.out()).toContain('not built');
  });
});
