import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, MemoryStore, Services, type TroupeHost } from '@troupe/runtime';
import { defineInlinePack, defineWorkflow, type RunState, type WorkflowStore } from '@troupe/sdk';

/** Resolvers of `hold` tool calls in flight, shared with the pack's code through globalThis (same process). */
const holds = (): ((value: unknown) => void)[] => ((globalThis as { __pinningHolds?: ((value: unknown) => void)[] }).__pinningHolds ??= []);

const PACK = '@fixtures/pinned';

/**
 * Writes version `version` of a local pack: `stamp` says which code ran, and
 * both workflows gain an `extra` task from 1.1.0 on, so a run shows which
 * definition it ran on.
 */
function writePack(dir: string, version: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: PACK, version, type: 'module', troupe: { manifestVersion: 1, engine: '^1.0.0' } }));
  const extra = version === '1.0.0' ? '' : `, { id: 'extra', dependsOn: ['stamp'], executor: { type: 'tool', toolId: 'stamp' } }`;
  const workflow = (id: string, first: string): string =>
    `{ kind: 'workflow', id: '${id}', payload: { definition: { id: '${id}', version: '${version}', tasks: [${first}, { id: 'stamp', dependsOn: ['first'], executor: { type: 'tool', toolId: 'stamp' } }${extra}] } } }`;
  writeFileSync(
    join(dir, 'index.js'),
    `const holds = (globalThis.__pinningHolds ??= []);
export default {
  descriptors: [
    { kind: 'tool', id: 'stamp', payload: { execute: () => ({ code: '${version}' }) } },
    { kind: 'tool', id: 'hold', payload: { execute: () => new Promise((resolve) => holds.push(resolve)) } },
    ${workflow('ask-first', "{ id: 'first', executor: { type: 'human', mode: 'approval' } }")},
    ${workflow('hold-first', "{ id: 'first', executor: { type: 'tool', toolId: 'hold' } }")},
  ],
};
`,
  );
}

/** Another pack's run, to show a major upgrade of one pack leaves the others' runs alone. */
const bystander = defineInlinePack({
  id: 'bystander',
  version: '1.0.0',
  descriptors: [defineWorkflow({ id: 'other', version: '1.0.0', tasks: [{ id: 'ok', executor: { type: 'human', mode: 'approval' } }] })],
});

let root: string;
let dir: string;
let store: WorkflowStore;
const hosts: TroupeHost[] = [];

beforeEach(() => {
  holds().length = 0;
  root = mkdtempSync(join(tmpdir(), 'troupe-pinning-'));
  dir = join(root, 'pinned');
  writePack(dir, '1.0.0');
  store = new MemoryStore();
});

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
  rmSync(root, { recursive: true, force: true });
});

async function startHost(packDir = dir): Promise<TroupeHost> {
  const host = createHost({ config: { packs: [{ use: packDir }] }, logLevel: 'silent', services: [{ token: Services.store, value: store }] }).register(bystander);
  hosts.push(host);
  await host.start();
  return host;
}

const taskIds = (state: RunState): string[] => Object.keys(state.tasks).sort();

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('a run keeps its pinned definition across a hot reload', () => {
  it('a run waiting for a human finishes on the definition and code it started with; a new run uses the reloaded ones', async () => {
    const host = await startHost();
    const old = await host.engine.startWorkflow('ask-first');
    expect((await host.engine.wait(old.runId)).status).toBe('awaiting_input');

    writePack(dir, '1.1.0');
    expect(await host.reload(PACK)).toEqual({ packId: PACK, ok: true, version: '1.1.0' });

    const fresh = await host.engine.startWorkflow('ask-first');
    expect(fresh.pin).toMatchObject({ definitionVersion: '1.1.0', packVersions: { [PACK]: '1.1.0' } });
    expect(fresh.pin.definitionHash).not.toBe(old.pin.definitionHash);

    await host.engine.answerHumanTask(old.runId, 'first', { approved: true });
    const oldDone = await host.engine.wait(old.runId, { untilTerminal: true });
    expect(oldDone.status).toBe('completed');
    expect(oldDone.pin).toEqual(old.pin);
    expect(taskIds(oldDone)).toEqual(['first', 'stamp']);
    expect(oldDone.tasks.stamp!.output).toEqual({ code: '1.0.0' });

    await host.engine.answerHumanTask(fresh.runId, 'first', { approved: true });
    const freshDone = await host.engine.wait(fresh.runId, { untilTerminal: true });
    expect(taskIds(freshDone)).toEqual(['extra', 'first', 'stamp']);
    expect(freshDone.tasks.extra!.output).toEqual({ code: '1.1.0' });
  });

  it('a run with a tool in flight during the reload completes on its pinned definition', async () => {
    const host = await startHost();
    const old = await host.engine.startWorkflow('hold-first');
    await until(() => holds().length === 1);

    writePack(dir, '1.1.0');
    expect((await host.reload(PACK)).ok).toBe(true);
    const fresh = await host.engine.startWorkflow('hold-first');
    await until(() => holds().length === 2);

    for (const release of holds()) release({ held: true });
    const [oldDone, freshDone] = await Promise.all([host.engine.wait(old.runId), host.engine.wait(fresh.runId)]);
    expect(oldDone).toMatchObject({ status: 'completed', pin: old.pin, tasks: { first: { output: { held: true } }, stamp: { output: { code: '1.0.0' } } } });
    expect(taskIds(oldDone)).toEqual(['first', 'stamp']);
    expect(freshDone).toMatchObject({ status: 'completed', pin: { definitionVersion: '1.1.0' }, tasks: { extra: { output: { code: '1.1.0' } } } });
  });
});

describe('a major upgrade of a pack pauses the runs pinned to the previous major', () => {
  it('on hot reload: the pinned run pauses with E_PACK_INCOMPATIBLE and a hint, new runs use 2.0.0, other packs\' runs go on', async () => {
    const host = await startHost();
    const old = await host.engine.startWorkflow('ask-first');
    const other = await host.engine.startWorkflow('other');
    expect((await host.engine.wait(old.runId)).status).toBe('awaiting_input');
    expect((await host.engine.wait(other.runId)).status).toBe('awaiting_input');
    const waiting = host.engine.wait(old.runId, { untilTerminal: true });

    writePack(dir, '2.0.0');
    expect(await host.reload(PACK)).toEqual({ packId: PACK, ok: true, version: '2.0.0' });

    const paused = await host.engine.getRun(old.runId);
    expect(paused.status).toBe('paused');
    expect(paused.error).toMatchObject({ code: 'E_PACK_INCOMPATIBLE', message: expect.stringContaining(`${PACK}@1.0.0`) });
    expect(paused.error!.hint).toMatch(/compatible pack version/);
    // Someone already waiting on the run hears about the pause instead of an error from the swap.
    expect(await waiting).toMatchObject({ runId: old.runId, status: 'paused' });
    await expect(host.engine.answerHumanTask(old.runId, 'first', { approved: true })).rejects.toMatchObject({ code: 'E_RUN_NOT_LIVE' });
    expect((await host.engine.cancel(old.runId)).status).toBe('cancelled');

    const fresh = await host.engine.startWorkflow('ask-first');
    expect(fresh.pin.packVersions[PACK]).toBe('2.0.0');
    await host.engine.answerHumanTask(other.runId, 'ok', { approved: true });
    expect((await host.engine.wait(other.runId)).status).toBe('completed');
  });

  it('on restart: a minor upgrade resumes the run on its stored definition, a major one pauses it', async () => {
    const first = await startHost();
    const minor = await first.engine.startWorkflow('ask-first');
    const major = await first.engine.startWorkflow('ask-first');
    await first.engine.wait(major.runId);
    await first.stop();

    const upgraded = join(root, 'minor');
    writePack(upgraded, '1.1.0');
    const second = await startHost(upgraded);
    expect((await second.engine.getRun(minor.runId)).status).toBe('awaiting_input');
    await second.engine.answerHumanTask(minor.runId, 'first', { approved: true });
    const done = await second.engine.wait(minor.runId);
    // The definition it started with (no `extra` task), run by the code now installed.
    expect(taskIds(done)).toEqual(['first', 'stamp']);
    expect(done.tasks.stamp!.output).toEqual({ code: '1.1.0' });
    await second.stop();

    const next = join(root, 'major');
    writePack(next, '2.0.0');
    const third = await startHost(next);
    const paused = await third.engine.getRun(major.runId);
    expect(paused).toMatchObject({ status: 'paused', error: { code: 'E_PACK_INCOMPATIBLE' } });
    expect(paused.error!.message).toContain('2.0.0');
    // As the hint says: a paused run can be cancelled.
    expect(await third.engine.cancel(major.runId, 'upgraded')).toMatchObject({ status: 'cancelled', tasks: { first: { status: 'cancelled' }, stamp: { status: 'cancelled' } } });
  });
});
