import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOpenAICompatibleProvider } from '@troupe/pack-openai-compatible';
import { createHost, foldRunEvents } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';
import { defineInlinePack, definePersona, defineTool, type RunEvent, type TaskDefinition, type WorkflowDefinition, type WorkflowStore } from '@troupe/sdk';
import { createTestEngine, startFakeOpenAIServer, type FakeOpenAIServer } from '@troupe/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectConsistentLog, guardrail, workflow } from './engineFixtures.js';

let server: FakeOpenAIServer;
beforeEach(async () => {
  server = await startFakeOpenAIServer({ apiKey: 'sk-test' });
});
afterEach(async () => {
  await server.close();
});

const writer = definePersona({ id: 'writer', instructions: 'You write short answers.', providerId: 'openai-compatible', model: 'small-1' });
const lookup = defineTool({
  id: 'lookup',
  description: 'Finds a user by id.',
  inputSchema: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
  execute: (input: { id: number }) => ({ id: input.id, name: input.id === 7 ? 'Ada' : 'nobody' }),
});
const wipe = defineTool({ id: 'wipe', execute: () => 'wiped' });

function seatTask(id: string, extra: Partial<TaskDefinition> = {}): TaskDefinition {
  return { id, executor: { type: 'gmi', roleId: 'author', instructions: `Do ${id}.` }, ...extra };
}

/** An engine whose `author` seat runs on the pack's provider pointed at the fake server. */
function engineWith(tasks: readonly TaskDefinition[], extra: Partial<WorkflowDefinition> = {}, policies?: Record<string, string[]>, store?: WorkflowStore) {
  const provider = createOpenAICompatibleProvider(
    { baseUrl: server.baseUrl, prices: { 'small-1': { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000 } } },
    { sleep: async () => undefined },
  );
  return createTestEngine({
    secrets: { 'openai.apiKey': 'sk-test' },
    ...(policies ? { policies } : {}),
    ...(store ? { store } : {}),
    descriptors: [
      writer,
      provider,
      lookup,
      wipe,
      guardrail('no-wipe-args', (payload, ctx) => (ctx.toolCall?.part === 'arguments' && JSON.stringify(payload).includes('all') ? { action: 'block', reasonCode: 'wipe_all' } : { action: 'allow' }), {
        phases: ['output'],
      }),
      workflow('answer', tasks, { roles: [{ roleId: 'author', personaId: 'writer', tools: ['lookup'] }], ...extra }),
    ],
  });
}

const createTestEngineOn = (store: WorkflowStore, tasks: readonly TaskDefinition[]) => engineWith(tasks, {}, undefined, store);

const usageEvents = (events: readonly RunEvent[]) => events.filter((event) => event.type === 'model.usage');

describe('the OpenAI-compatible provider pack in the engine', () => {
  it('runs a seat with a tool call: streamed preview, the tool through the role, usage and cost per call, per seat and per run', async () => {
    server.enqueue(
      { toolCalls: [{ name: 'lookup', arguments: { id: 7 } }], usage: { promptTokens: 20, completionTokens: 5 } },
      { chunks: ['User 7 ', 'is Ada.'], usage: { promptTokens: 30, completionTokens: 4 } },
    );
    const t = engineWith([seatTask('reply')]);
    const { runId } = await t.engine.startWorkflow('answer', { input: { question: 'Who is user 7?' } });
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(done.tasks.reply!.output).toBe('User 7 is Ada.');
    // The tool result went back to the model.
    expect(server.requests[1]!.body.messages.at(-1)).toMatchObject({ role: 'tool', content: '{"id":7,"name":"Ada"}' });
    expect(server.requests[0]!.body.messages[1]!.content).toContain('Who is user 7?');

    const events = await t.events(runId);
    expect(usageEvents(events).map((event) => [event.taskId, event.attempt, event.data])).toEqual([
      ['reply', 1, { roleId: 'author', inputTokens: 20, outputTokens: 5, costUsd: 30, model: 'small-1' }],
      ['reply', 1, { roleId: 'author', inputTokens: 30, outputTokens: 4, costUsd: 38, model: 'small-1' }],
    ]);
    expect(done.usage).toEqual({ calls: 2, inputTokens: 50, outputTokens: 9, costUsd: 68 });
    expect(done.seats.author!.usage).toEqual({ calls: 2, inputTokens: 50, outputTokens: 9, costUsd: 68 });
    // Telemetry: each usage event is announced with the seat's new totals.
    const seatTotals = t.updates.filter((update) => update.event.type === 'model.usage').map((update) => update.seat?.usage?.inputTokens);
    expect(seatTotals).toEqual([20, 50]);
    expect(t.updates.some((update) => update.seat?.lastOutputPreview?.includes('User 7'))).toBe(true);
    await expectConsistentLog(t, runId);
  });

  it('keeps the role tool list and the guardrails on model tool calls', async () => {
    server.enqueue({ toolCalls: [{ name: 'wipe', arguments: {} }] });
    const forbidden = engineWith([seatTask('reply')]);
    const first = await forbidden.engine.wait((await forbidden.engine.startWorkflow('answer')).runId);
    expect(first.tasks.reply).toMatchObject({ status: 'failed', error: { code: 'E_TOOL_FORBIDDEN' } });

    server.enqueue({ toolCalls: [{ name: 'lookup', arguments: { id: 1, scope: 'all' } }] });
    const guarded = engineWith([seatTask('reply', { policyTags: ['careful'] })], {}, { careful: ['no-wipe-args'] });
    const second = await guarded.engine.wait((await guarded.engine.startWorkflow('answer')).runId);
    expect(second.tasks.reply).toMatchObject({ status: 'failed', error: { code: 'E_GUARDRAIL_TOOL_CALL_BLOCKED' } });
  });

  it('fails a task over its token budget with E_BUDGET_EXCEEDED, stopping the seat mid-loop, without a retry', async () => {
    server.enqueue(
      { toolCalls: [{ name: 'lookup', arguments: { id: 7 } }], usage: { promptTokens: 60, completionTokens: 10 } },
      { toolCalls: [{ name: 'lookup', arguments: { id: 8 } }], usage: { promptTokens: 80, completionTokens: 10 } },
      'never asked',
    );
    const t = engineWith([seatTask('reply', { budget: { maxTokens: 100 }, retry: { maxAttempts: 3 } })]);
    const done = await t.engine.wait((await t.engine.startWorkflow('answer')).runId);
    expect(done.tasks.reply).toMatchObject({
      status: 'failed',
      attempt: 1,
      error: { code: 'E_BUDGET_EXCEEDED', details: { scope: 'task', limit: 100, unit: 'tokens', used: 160, taskId: 'reply' } },
    });
    expect(server.requests).toHaveLength(2);
    expect(done.usage).toMatchObject({ calls: 2, inputTokens: 140, outputTokens: 20 });
  });

  it('fails the task that crosses the run budget, and starts no model call once it is spent', async () => {
    server.enqueue({ text: 'one', usage: { promptTokens: 50, completionTokens: 10 } }, { text: 'two', usage: { promptTokens: 50, completionTokens: 10 } });
    const t = engineWith([seatTask('first'), seatTask('second', { dependsOn: ['first'] }), seatTask('third', { joinPolicy: 'all_settled', dependsOn: ['second'] })], {
      budget: { maxTokens: 100 },
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('answer')).runId);
    expect(done.tasks.first!.status).toBe('completed');
    expect(done.tasks.second).toMatchObject({ status: 'failed', error: { code: 'E_BUDGET_EXCEEDED', details: { scope: 'run', used: 120, limit: 100 } } });
    expect(done.tasks.third).toMatchObject({ status: 'failed', error: { code: 'E_BUDGET_EXCEEDED', details: { scope: 'run', used: 120 } } });
    expect(server.requests).toHaveLength(2);
  });

  it('fails a task over its cost budget (priced calls)', async () => {
    // small-1 costs $1 per input token here: 3 tokens are $3.
    server.enqueue({ text: 'pricey', usage: { promptTokens: 3, completionTokens: 0 } });
    const t = engineWith([seatTask('reply', { budget: { maxCostUsd: 2 } })]);
    const done = await t.engine.wait((await t.engine.startWorkflow('answer')).runId);
    expect(done.tasks.reply).toMatchObject({ status: 'failed', error: { code: 'E_BUDGET_EXCEEDED', details: { scope: 'task', unit: 'USD', used: 3, limit: 2 } } });
  });

  it('aborts the HTTP request when the task times out', async () => {
    server.enqueue({ chunks: ['first ', 'never'], chunkDelayMs: 60_000 });
    const t = engineWith([seatTask('reply', { timeoutMs: 1_000 })]);
    const firstChunk = new Promise<void>((resolve) => {
      const stop = t.engine.subscribe((update) => {
        if (update.seat?.lastOutputPreview !== undefined) {
          stop();
          resolve();
        }
      });
    });
    const { runId } = await t.engine.startWorkflow('answer');
    await firstChunk;
    await t.clock.advance(1_000);
    const done = await t.engine.wait(runId);
    expect(done.tasks.reply).toMatchObject({ status: 'failed', error: { code: 'E_TASK_TIMEOUT' } });
  });

  it('aborts the HTTP request when the run is cancelled mid-stream', async () => {
    server.enqueue({ chunks: ['first ', 'never'], chunkDelayMs: 60_000 });
    const t = engineWith([seatTask('reply')]);
    const firstChunk = new Promise<void>((resolve) => {
      const stop = t.engine.subscribe((update) => {
        if (update.seat?.lastOutputPreview !== undefined) {
          stop();
          resolve();
        }
      });
    });
    const { runId } = await t.engine.startWorkflow('answer');
    await firstChunk;
    const cancelled = await t.engine.cancel(runId, 'changed my mind');
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.tasks.reply!.status).toBe('cancelled');
    // The next request is served at once: the slow response was dropped, not waited for.
    server.enqueue('next');
    const next = await t.engine.wait((await t.engine.startWorkflow('answer')).runId);
    expect(next.tasks.reply!.output).toBe('next');
  });

  it('keeps usage totals in the SQLite store: a reopened store reads them back, equal to the fold of the log', async () => {
    server.enqueue({ text: 'one', usage: { promptTokens: 7, completionTokens: 3 } }, { text: 'two', usage: { promptTokens: 5, completionTokens: 1 } });
    const dir = mkdtempSync(join(tmpdir(), 'troupe-usage-'));
    const path = join(dir, 'troupe.db');
    try {
      const store = createSqliteStore({ path });
      await store.open();
      const t = createTestEngineOn(store, [seatTask('first'), seatTask('second', { dependsOn: ['first'] })]);
      const { runId } = await t.engine.startWorkflow('answer');
      const done = await t.engine.wait(runId);
      expect(done.usage).toEqual({ calls: 2, inputTokens: 12, outputTokens: 4, costUsd: 20 });
      await t.close();
      await store.close();
      const reopened = createSqliteStore({ path });
      await reopened.open();
      try {
        const stored = await reopened.getRun(runId);
        expect(stored?.usage).toEqual(done.usage);
        expect(stored?.seats.author!.usage).toEqual(done.usage);
        expect(foldRunEvents(await reopened.readEvents(runId))).toEqual(stored);
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records the usage of a provider that reports it only in its result as one call', async () => {
    const echo = { kind: 'provider' as const, id: 'openai-compatible', payload: { generate: async () => ({ text: 'hi', usage: { inputTokens: 4, outputTokens: 2 } }) } };
    const t = createTestEngine({ descriptors: [writer, echo, workflow('answer', [seatTask('reply')], { roles: [{ roleId: 'author', personaId: 'writer' }] })] });
    const done = await t.engine.wait((await t.engine.startWorkflow('answer')).runId);
    expect(done.usage).toEqual({ calls: 1, inputTokens: 4, outputTokens: 2 });
    expect(done.seats.author!.usage).toEqual({ calls: 1, inputTokens: 4, outputTokens: 2 });
  });
});

describe('the OpenAI-compatible pack in a host', () => {
  const packDir = fileURLToPath(new URL('../../packs/openai-compatible', import.meta.url));
  const app = (id = 'ask') =>
    defineInlinePack({
      id: 'app',
      version: '1.0.0',
      descriptors: [workflow(id, [seatTask('reply')], { roles: [{ roleId: 'author', personaId: 'openai-assistant' }] })],
    });

  it('activates from the config with its options and the key secret, and runs a seat on the endpoint', async () => {
    server.enqueue({ chunks: ['Hi ', 'from the endpoint.'], usage: { promptTokens: 9, completionTokens: 4 } });
    const host = createHost({
      logLevel: 'silent',
      cwd: packDir,
      config: { packs: [{ use: packDir, options: { baseUrl: server.baseUrl, model: 'small-1' } }] },
      secrets: { 'openai.apiKey': 'sk-test' },
    }).register(app());
    try {
      const report = await host.start();
      expect(report.packs.find((pack) => pack.id === '@troupe/pack-openai-compatible')).toMatchObject({ status: 'active' });
      const done = await host.engine.wait((await host.engine.startWorkflow('ask')).runId);
      expect(done).toMatchObject({ status: 'completed', output: { reply: 'Hi from the endpoint.' }, usage: { calls: 1, inputTokens: 9, outputTokens: 4 } });
      expect(server.requests[0]!.body.model).toBe('small-1');
      expect(server.requests[0]!.body.messages[0]!.content).toContain('precise, helpful assistant');
      // The pack's coded errors reach the task as they are (the pack is loaded from its build here).
      server.enqueue({ status: 404, message: "model 'small-1' not found" });
      const failed = await host.engine.wait((await host.engine.startWorkflow('ask')).runId);
      expect(failed.tasks.reply).toMatchObject({ status: 'failed', error: { code: 'E_PROVIDER_BAD_REQUEST' } });
    } finally {
      await host.stop();
    }
  });

  it('refuses options without a baseUrl (E_PACK_OPTIONS_INVALID), and a start without the key (E_SECRET_MISSING)', async () => {
    const bad = createHost({ logLevel: 'silent', cwd: packDir, config: { packs: [{ use: packDir, options: { model: 'x' } }] } });
    try {
      const report = await bad.start();
      const entry = report.packs.find((pack) => pack.id === '@troupe/pack-openai-compatible');
      expect(entry?.status).toBe('failed');
      expect(entry?.errors.map((error) => error.code)).toContain('E_PACK_OPTIONS_INVALID');
    } finally {
      await bad.stop();
    }
    const keyless = createHost({ logLevel: 'silent', cwd: packDir, config: { packs: [{ use: packDir, options: { baseUrl: server.baseUrl } }] } }).register(app());
    try {
      await keyless.start();
      await expect(keyless.engine.startWorkflow('ask')).rejects.toMatchObject({ code: 'E_SECRET_MISSING', details: { missing: ['openai.apiKey'] } });
    } finally {
      await keyless.stop();
    }
  });
});
