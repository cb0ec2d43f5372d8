import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createHost, type TroupeHost } from '@troupe/runtime';
import { defineGuardrail, defineInlinePack, definePersona, defineProvider, defineTool, defineWorkflow, type WorkflowStore } from '@troupe/sdk';
import { createSqliteStore } from '@troupe/store-sqlite';
import { createTestEngine } from '@troupe/testing';

/**
 * A pack can throw anything: values String() cannot convert, Proxies whose
 * every trap throws, errors whose message is a throwing getter. Each becomes
 * a coded error with a safe description; the engine keeps serving and the
 * next run on the same store completes.
 */
const dir = mkdtempSync(join(tmpdir(), 'troupe-poison-throws-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const trapAll = (): ProxyHandler<object> =>
  new Proxy(
    {},
    {
      get: () => () => {
        throw new Error('trap');
      },
    },
  );

const POISONS: Record<string, () => unknown> = {
  'a null-prototype object': () => Object.create(null),
  'a Proxy whose every trap throws': () => new Proxy({}, trapAll()),
  'an object whose toString throws': () => ({
    toString() {
      throw new Error('no');
    },
  }),
  'an Error whose message getter throws': () =>
    Object.defineProperty(new Error('x'), 'message', {
      get() {
        throw new Error('no');
      },
    }),
  'a Symbol': () => Symbol('boom'),
};

let counter = 0;
function sqliteStore(): WorkflowStore {
  return createSqliteStore({ path: join(dir, `store-${++counter}.db`) });
}

const okTool = defineTool({ id: 'ok', execute: () => ({ fine: true }) });
const okFlow = defineWorkflow({ id: 'fine', version: '1.0.0', tasks: [{ id: 'a', executor: { type: 'tool', toolId: 'ok' } }] });

describe('poison throws: any thrown value becomes a coded error, the engine keeps serving', () => {
  for (const [name, poison] of Object.entries(POISONS)) {
    it(`a tool that throws ${name} fails its task with E_TASK_FAILED; the next run completes`, async () => {
      const store = sqliteStore();
      const t = createTestEngine({
        store,
        descriptors: [
          defineTool({
            id: 'bad',
            execute: () => {
              throw poison();
            },
          }),
          okTool,
          okFlow,
          defineWorkflow({ id: 'poisoned', version: '1.0.0', tasks: [{ id: 'p', executor: { type: 'tool', toolId: 'bad' } }] }),
        ],
      });
      await store.open();
      try {
        const { runId } = await t.engine.startWorkflow('poisoned');
        const failed = await t.engine.wait(runId);
        expect(failed.status).toBe('failed');
        expect(failed.tasks.p).toMatchObject({ status: 'failed', error: { code: 'E_TASK_FAILED' } });
        expect(typeof failed.tasks.p!.error!.message).toBe('string');
        const next = await t.engine.startWorkflow('fine');
        expect((await t.engine.wait(next.runId)).status).toBe('completed');
      } finally {
        await store.close();
      }
    });
  }

  it('a guardrail and a model provider that throw poison (or answer an unreadable decision) fail closed with their codes', async () => {
    const store = sqliteStore();
    const t = createTestEngine({
      store,
      policies: { strict: ['poisoned-guard'], unreadable: ['unreadable-guard'] },
      descriptors: [
        okTool,
        okFlow,
        defineGuardrail({
          id: 'poisoned-guard',
          evaluateInput: () => {
            throw new Proxy({}, trapAll());
          },
        }),
        definePersona({ id: 'w', instructions: 'x', providerId: 'poisoned-provider' }),
        defineProvider({
          id: 'poisoned-provider',
          generate: () => {
            throw Object.create(null);
          },
        }),
        defineGuardrail({ id: 'unreadable-guard', evaluateOutput: async () => new Proxy({}, trapAll()) as never }),
        defineWorkflow({ id: 'guarded', version: '1.0.0', tasks: [{ id: 'g', executor: { type: 'tool', toolId: 'ok' }, policyTags: ['strict'] }] }),
        defineWorkflow({ id: 'unreadable', version: '1.0.0', tasks: [{ id: 'u', executor: { type: 'tool', toolId: 'ok' }, policyTags: ['unreadable'] }] }),
        defineWorkflow({ id: 'seat', version: '1.0.0', roles: [{ roleId: 'r', personaId: 'w' }], tasks: [{ id: 's', executor: { type: 'gmi', roleId: 'r' } }] }),
      ],
    });
    await store.open();
    try {
      const guarded = await t.engine.wait((await t.engine.startWorkflow('guarded')).runId);
      expect(guarded.status).toBe('failed');
      expect(guarded.tasks.g!.error!.code).toBe('E_GUARDRAIL_FAILED');
      const unreadable = await t.engine.wait((await t.engine.startWorkflow('unreadable')).runId);
      expect(unreadable.tasks.u!.error!.code).toBe('E_GUARDRAIL_FAILED');
      const seat = await t.engine.wait((await t.engine.startWorkflow('seat')).runId);
      expect(seat.status).toBe('failed');
      expect(seat.tasks.s!.error!.code).toBe('E_PROVIDER_FAILED');
      expect((await t.engine.wait((await t.engine.startWorkflow('fine')).runId)).status).toBe('completed');
    } finally {
      await store.close();
    }
  });
});

describe('poison throws while a pack activates', () => {
  const hosts: TroupeHost[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.stop()));
  });

  for (const [name, poison] of Object.entries(POISONS)) {
    it(`activate() throwing ${name} fails that pack with E_PACK_ACTIVATE_FAILED; the others load`, async () => {
      const host = createHost({ logLevel: 'silent' });
      hosts.push(host);
      host.register(defineInlinePack({ id: 'good', version: '1.0.0', descriptors: [okTool, okFlow] }));
      host.register(
        defineInlinePack({
          id: 'poisoned',
          version: '1.0.0',
          activate: () => {
            throw poison();
          },
        }),
      );
      const report = await host.start();
      const packs = Object.fromEntries(report.packs.map((pack) => [pack.id, pack]));
      expect(packs.good!.status).toBe('active');
      expect(packs.poisoned!.status).toBe('failed');
      expect(packs.poisoned!.errors[0]!.code).toBe('E_PACK_ACTIVATE_FAILED');
      expect(typeof packs.poisoned!.errors[0]!.message).toBe('string');
      expect((await host.engine.wait((await host.engine.startWorkflow('fine')).runId)).status).toBe('completed');
    });
  }
});
