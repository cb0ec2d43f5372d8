import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineWorkflow, type AnyDescriptor, type ErrorInfo, type TaskInputOf, type WorkflowDefinition } from '@troupe/sdk';
import type { WorkflowEngine } from '@troupe/runtime';
import { createTestEngine, type TestEngine } from '@troupe/testing';
import type { ServerRunsApi } from '@troupe/server';
import { recordingTool } from './engineFixtures.js';
import { call, startTestServer, type TestServer } from './server-harness.js';

const SECRET = 'sk-live-0123456789abcdef';
const tokens = { reader: 'reader-token-0123456789', other: 'other-token-0123456789' };

/** Every input shape the engine builds: bindings, the default `{ input, upstream }`, forEach elements, loop rounds, a human task. */
const inputs = defineWorkflow({
  id: 'inputs',
  version: '1.0.0',
  tasks: [
    { id: 'fetch', executor: { type: 'tool', toolId: 'record' }, input: { query: { from: 'input.query' }, fixed: { value: 7 } } },
    { id: 'plain', dependsOn: ['fetch'], executor: { type: 'tool', toolId: 'record' } },
    { id: 'fan', dependsOn: ['fetch'], executor: { type: 'tool', toolId: 'record' }, forEach: { items: 'input.items', maxItems: 10 } },
    {
      id: 'fanBound',
      dependsOn: ['fetch'],
      executor: { type: 'tool', toolId: 'record' },
      forEach: { items: 'input.items', maxItems: 10 },
      input: { it: { from: 'item.value' }, at: { from: 'item.index' }, got: { from: 'tasks.fetch.output' } },
    },
    {
      id: 'rounds',
      executor: { type: 'tool', toolId: 'record' },
      loop: { maxRounds: 5, until: 'round.index >= 2' },
      input: { n: { from: 'round.index' }, previous: { from: 'round.previous' } },
    },
    { id: 'approve', dependsOn: ['plain'], executor: { type: 'human', mode: 'approval', prompt: 'Go on?' } },
    { id: 'after', dependsOn: ['approve'], executor: { type: 'tool', toolId: 'record' } },
  ],
});

type Call = { taskId: string; attempt: number; input: unknown; idempotencyKey: string };
type ErrorBody = { error: ErrorInfo };

describe('GET /v1/runs/:id/tasks/:taskId/input over the real engine', () => {
  let engine: TestEngine;
  let server: TestServer;
  const calls: Call[] = [];

  const start = async (runsApi: ServerRunsApi = engine.engine): Promise<string> => {
    server = await startTestServer({
      runs: runsApi,
      config: {
        tokens: [
          { name: 'reader', token: tokens.reader, scopes: ['read'] },
          { name: 'other', token: tokens.other, scopes: ['read', 'start', 'answer'], conversationIds: ['other'] },
        ],
      },
    });
    const { runId } = await engine.engine.startWorkflow('inputs', { input: { query: `find ${SECRET}`, items: ['a', 'b', 'c'] }, conversationId: 'mine' });
    const waiting = await engine.engine.wait(runId);
    expect(waiting.status).toBe('awaiting_input');
    return runId;
  };
  const input = (runId: string, taskId: string, query = '', token = tokens.reader) =>
    call<TaskInputOf & Partial<ErrorBody>>(server.url, 'GET', `/v1/runs/${runId}/tasks/${taskId}/input${query}`, { token });

  beforeEach(() => {
    calls.length = 0;
    engine = createTestEngine({
      descriptors: [recordingTool('record', calls, (value, ctx) => ({ seen: ctx.taskId, value })), inputs] as AnyDescriptor[],
      secrets: { API_KEY: SECRET },
    });
  });
  afterEach(async () => {
    await server?.close();
    await engine.close();
  });

  it('rebuilds the input every tool call received, for plain tasks, forEach elements and loop rounds, with secrets redacted', async () => {
    const runId = await start();
    expect(calls.map((recorded) => recorded.taskId).sort()).toEqual(['fan', 'fan', 'fan', 'fanBound', 'fanBound', 'fanBound', 'fetch', 'plain', 'rounds', 'rounds', 'rounds']);
    for (const recorded of calls) {
      const instance = /:(?:item|round)-(\d+)$/.exec(recorded.idempotencyKey)?.[1];
      const result = await input(runId, recorded.taskId, instance !== undefined ? `?instance=${instance}` : '');
      expect(result.status).toBe(200);
      expect(result.body.input).toEqual(JSON.parse(JSON.stringify(recorded.input)));
      if (instance !== undefined) expect(result.body.instance).toMatchObject({ index: Number(instance), total: 3 });
      expect(JSON.stringify(result.body)).not.toContain(SECRET);
    }
    // The shapes themselves: the binding, the default input with upstream outputs, an element, a round.
    expect((await input(runId, 'fetch')).body.input).toEqual({ query: 'find [REDACTED]', fixed: 7 });
    const plain = (await input(runId, 'plain')).body.input as { input: unknown; upstream: Record<string, unknown> };
    expect(Object.keys(plain.upstream)).toEqual(['fetch']);
    expect((await input(runId, 'fan', '?instance=2')).body).toMatchObject({ input: { item: 'c', index: 2 }, instance: { kind: 'forEach', index: 2, total: 3 } });
    expect((await input(runId, 'rounds', '?instance=1')).body).toMatchObject({ input: { n: 1, previous: { seen: 'rounds' } }, instance: { kind: 'loop', total: 3 } });
    // A human task's input is what its awaiting_input event showed.
    const waiting = (await engine.events(runId)).find((event) => event.type === 'task.awaiting_input' && event.taskId === 'approve');
    expect((await input(runId, 'approve')).body.input).toEqual(waiting!.data!.input);
  });

  it('says why there is no input: a task not started, an element that does not exist, a task that does not exist; checks the scope', async () => {
    const runId = await start();
    const notStarted = await input(runId, 'after');
    expect([notStarted.status, notStarted.body.error?.code]).toEqual([409, 'E_TASK_INPUT_UNAVAILABLE']);
    expect(notStarted.body.error!.message).toContain('has not started yet');
    const noElement = await input(runId, 'fan', '?instance=3');
    expect([noElement.status, noElement.body.error?.code]).toEqual([409, 'E_TASK_INPUT_UNAVAILABLE']);
    expect(noElement.body.error!.message).toContain('3 elements');
    expect((await input(runId, 'fan', '?instance=-1')).status).toBe(400);
    const unknown = await input(runId, 'nope');
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'E_TASK_NOT_FOUND']);
    // A token restricted to another conversation cannot read this run's inputs.
    const other = await input(runId, 'fetch', '', tokens.other);
    expect([other.status, other.body.error?.code]).toEqual([403, 'E_FORBIDDEN']);
    expect((await input(runId, 'fetch', '', 'not-a-token')).status).toBe(401);
  });

  it('uses the definition the run started with, and says so with E_RUN_DEFINITION_GONE when the host has it no more', async () => {
    // A runs API that keeps no definitions per run, and whose registry moved on.
    let registered: readonly WorkflowDefinition[] = [];
    const real: WorkflowEngine = engine.engine;
    const forgetful = new Proxy(real, {
      get(target, key) {
        if (key === 'getDefinition') return undefined;
        if (key === 'listDefinitions') return () => registered;
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as ServerRunsApi;
    const runId = await start(forgetful);
    const gone = await input(runId, 'fetch');
    expect([gone.status, gone.body.error?.code]).toEqual([409, 'E_RUN_DEFINITION_GONE']);
    expect(gone.body.error!.message).toContain('inputs 1.0.0');
    expect(gone.body.error!.hint).toContain('install the pack version');
    const definitionGone = await call<ErrorBody>(server.url, 'GET', `/v1/runs/${runId}/definition`, { token: tokens.reader });
    expect(definitionGone.body.error.code).toBe('E_RUN_DEFINITION_GONE');

    registered = [{ ...inputs.payload.definition, tasks: inputs.payload.definition.tasks.slice(0, 1) }];
    const changed = await input(runId, 'fetch');
    expect(changed.body.error?.message).toContain('its content differs');

    registered = [inputs.payload.definition];
    expect((await input(runId, 'fetch')).body.input).toEqual({ query: 'find [REDACTED]', fixed: 7 });
  });

  it('GET /v1/runs/:id/definition serves the stored definition even after the host stopped registering it', async () => {
    const runId = await start();
    engine.registry.unregisterOne('test-pack', 'workflow', 'inputs');
    expect(engine.engine.listDefinitions()).toEqual([]);
    const result = await call<{ definition: WorkflowDefinition }>(server.url, 'GET', `/v1/runs/${runId}/definition`, { token: tokens.reader });
    expect(result.status).toBe(200);
    expect(result.body.definition).toEqual(inputs.payload.definition);
  });
});
