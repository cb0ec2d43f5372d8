import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defineTool, defineWorkflow, type WorkflowStore } from '@troupe/sdk';
import { systemClock } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';
import { createTestEngine, type TestEngine } from '@troupe/testing';
import { call, RawPeer, startTestServer } from '../integration/server-harness.js';

/**
 * A value the store cannot take (BigInt, cycle, throwing getter or toJSON,
 * too deep, too large) fails that task, or refuses the start or the answer,
 * before anything reaches the store; the engine keeps serving and the next
 * run on the same store completes.
 */
const dir = mkdtempSync(join(tmpdir(), 'troupe-poison-payloads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { v: value };
  return value;
}

const OUTPUTS: Record<string, { make: () => unknown; code: string }> = {
  'a BigInt': { make: () => ({ amount: 10n }), code: 'E_PAYLOAD_NOT_SERIALIZABLE' },
  'a cycle': {
    make: () => {
      const value: Record<string, unknown> = { a: 1 };
      value.self = value;
      return value;
    },
    code: 'E_PAYLOAD_NOT_SERIALIZABLE',
  },
  'a throwing getter': {
    make: () => ({
      get boom(): never {
        throw new Error('getter');
      },
    }),
    code: 'E_PAYLOAD_NOT_SERIALIZABLE',
  },
  'a throwing toJSON': {
    make: () => ({
      toJSON(): never {
        throw new Error('toJSON');
      },
    }),
    code: 'E_PAYLOAD_NOT_SERIALIZABLE',
  },
  'nesting 6000 levels deep': { make: () => nested(6000), code: 'E_PAYLOAD_TOO_LARGE' },
  'a 2 MiB string': { make: () => ({ text: 'x'.repeat(2 * 1024 * 1024) }), code: 'E_PAYLOAD_TOO_LARGE' },
};

let counter = 0;
function engineOn(store: WorkflowStore, make: () => unknown, config = {}): TestEngine {
  return createTestEngine({
    store,
    clock: systemClock,
    config,
    descriptors: [
      defineTool({ id: 'poison', execute: () => make() }),
      defineTool({ id: 'ok', execute: () => ({ fine: true }) }),
      defineWorkflow({ id: 'poisoned', version: '1.0.0', tasks: [{ id: 'p', executor: { type: 'tool', toolId: 'poison' }, retry: { maxAttempts: 3, initialDelayMs: 1 } }] }),
      defineWorkflow({ id: 'fine', version: '1.0.0', tasks: [{ id: 'a', executor: { type: 'tool', toolId: 'ok' } }] }),
      defineWorkflow({ id: 'ask', version: '1.0.0', tasks: [{ id: 'q', executor: { type: 'human', mode: 'input' } }] }),
    ],
  });
}

describe('poison payloads never reach the store', () => {
  for (const [name, { make, code }] of Object.entries(OUTPUTS)) {
    it(`a tool output with ${name} fails that task with ${code} (not retried); the next run completes`, async () => {
      const store = createSqliteStore({ path: join(dir, `out-${++counter}.db`) });
      await store.open();
      const t = engineOn(store, make);
      try {
        const { runId } = await t.engine.startWorkflow('poisoned');
        const failed = await t.engine.wait(runId);
        expect(failed.status).toBe('failed');
        expect(failed.tasks.p).toMatchObject({ status: 'failed', attempt: 1, error: { code } });
        const stored = JSON.stringify(await t.events(runId));
        expect(stored.length).toBeLessThan(20_000);
        expect((await t.engine.wait((await t.engine.startWorkflow('fine')).runId)).status).toBe('completed');
      } finally {
        await store.close();
      }
    });
  }

  it('refuses a run input or an answer that is not JSON data, storing nothing of it', async () => {
    const store = createSqliteStore({ path: join(dir, `in-${++counter}.db`) });
    await store.open();
    const t = engineOn(store, () => null);
    try {
      await expect(t.engine.startWorkflow('fine', { input: { n: 1n } })).rejects.toMatchObject({ code: 'E_PAYLOAD_NOT_SERIALIZABLE' });
      await expect(t.engine.startWorkflow('fine', { input: nested(6000) })).rejects.toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE' });
      expect((await store.listRuns({})).runs).toHaveLength(0);
      const { runId } = await t.engine.startWorkflow('ask');
      await t.engine.wait(runId, { untilTerminal: false });
      const cyclic: Record<string, unknown> = {};
      cyclic.again = cyclic;
      await expect(t.engine.answerHumanTask(runId, 'q', { value: cyclic })).rejects.toMatchObject({ code: 'E_PAYLOAD_NOT_SERIALIZABLE' });
      await expect(t.engine.answerHumanTask(runId, 'q', { value: nested(6000) })).rejects.toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE' });
      expect((await t.engine.getRun(runId)).tasks.q!.status).toBe('awaiting_input');
      await t.engine.answerHumanTask(runId, 'q', { value: { ok: true } });
      expect((await t.engine.wait(runId)).status).toBe('completed');
    } finally {
      await store.close();
    }
  });

  it('the size limit is configurable (engine.maxPayloadBytes)', async () => {
    const store = createSqliteStore({ path: join(dir, `cfg-${++counter}.db`) });
    await store.open();
    const t = engineOn(store, () => ({ text: 'x'.repeat(4096) }), { maxPayloadBytes: 2048 });
    try {
      const failed = await t.engine.wait((await t.engine.startWorkflow('poisoned')).runId);
      expect(failed.tasks.p!.error).toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE', details: { maxBytes: 2048 } });
    } finally {
      await store.close();
    }
  });

  it('REST: a 12 KB body 6000 levels deep is refused before a run is created; the engine keeps serving', async () => {
    const store = createSqliteStore({ path: join(dir, `rest-${++counter}.db`) });
    await store.open();
    const t = engineOn(store, () => null);
    const server = await startTestServer({ runs: t.engine });
    try {
      const deep = `${'{"v":'.repeat(6000)}1${'}'.repeat(6000)}`;
      const response = await call(server.url, 'POST', '/v1/workflows/start', { rawBody: `{"definitionId":"fine","input":${deep}}`, headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(413);
      expect((response.body as { error: { code: string } }).error.code).toBe('E_PAYLOAD_TOO_LARGE');
      expect((await store.listRuns({})).runs).toHaveLength(0);
      const ok = await call<{ run: { runId: string } }>(server.url, 'POST', '/v1/workflows/start', { body: { definitionId: 'fine' } });
      expect(ok.status).toBe(201);
      expect((await t.engine.wait(ok.body.run.runId)).status).toBe('completed');
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('websocket: a frame 6000 levels deep is answered with E_PAYLOAD_TOO_LARGE; the connection and the engine keep serving', async () => {
    const store = createSqliteStore({ path: join(dir, `ws-${++counter}.db`) });
    await store.open();
    const t = engineOn(store, () => null);
    const server = await startTestServer({ runs: t.engine });
    try {
      const peer = await RawPeer.open(server.streamUrl);
      const deep = `${'{"v":'.repeat(6000)}1${'}'.repeat(6000)}`;
      peer.sendRaw(`{"type":"start","id":"deep","definitionId":"fine","input":${deep}}`);
      expect(await peer.next((message) => message.type === 'error')).toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE' });
      expect((await store.listRuns({})).runs).toHaveLength(0);
      expect((await peer.request({ type: 'ping' })).type).toBe('pong');
      peer.close();
      expect((await t.engine.wait((await t.engine.startWorkflow('fine')).runId)).status).toBe('completed');
    } finally {
      await server.close();
      await store.close();
    }
  });
});
