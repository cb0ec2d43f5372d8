import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import helloPack from '@troupe/pack-hello';
import { defineWorkflow, type AnyDescriptor, type ErrorInfo, type RunEvent } from '@troupe/sdk';
import { systemClock } from '@troupe/runtime';
import { createTestEngine, type TestEngine } from '@troupe/testing';
import { TroupeClient, type SubscriptionMessage } from '@troupe/client';
import { call, startCuttableProxy, startTestServer, type TestServer } from './server-harness.js';

/** The hello pack's tools and persona, plus a workflow with a seat and a human approval. */
const greetAndApprove = defineWorkflow({
  id: 'greet-and-approve',
  version: '1.0.0',
  roles: [{ roleId: 'host', personaId: 'greeter' }],
  goalSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
  tasks: [
    { id: 'greet', executor: { type: 'tool', toolId: 'greet' }, input: { name: { from: 'input.name' } } },
    { id: 'speak', dependsOn: ['greet'], executor: { type: 'gmi', roleId: 'host', instructions: 'Welcome the guest.' } },
    { id: 'approve', dependsOn: ['speak'], executor: { type: 'human', mode: 'approval', prompt: 'Send it?' } },
  ],
});

/** Many small steps, for streams long enough to cut and fan out. */
const longChain = defineWorkflow({
  id: 'long-chain',
  version: '1.0.0',
  tasks: Array.from({ length: 40 }, (_, index) => ({
    id: `step${index}`,
    ...(index > 0 ? { dependsOn: [`step${index - 1}`] } : {}),
    executor: { type: 'tool' as const, toolId: 'shout' },
    input: { text: { value: `step ${index}` } },
  })),
});

const eventSeqs = (messages: readonly SubscriptionMessage[]): number[] => messages.flatMap((message) => (message.type === 'event' ? [message.seq] : []));

describe('server over the real workflow engine', () => {
  let engine: TestEngine;
  let server: TestServer;
  const clients: TroupeClient[] = [];
  const client = (url = server.url): TroupeClient => {
    const created = new TroupeClient({ url, reconnect: { initialDelayMs: 10, maxDelayMs: 50 } });
    clients.push(created);
    return created;
  };

  beforeEach(async () => {
    engine = createTestEngine({
      descriptors: [...(helloPack.descriptors ?? []), greetAndApprove, longChain] as AnyDescriptor[],
      packId: '@troupe/pack-hello',
      clock: systemClock,
    });
    server = await startTestServer({ runs: engine.engine });
  });
  afterEach(async () => {
    for (const created of clients.splice(0)) created.close();
    await server.close();
    await engine.close();
  });

  it('start → stream → human answer over the websocket → completion, matching the stored log', async () => {
    const troupe = client();
    const run = await troupe.stream.start({ definitionId: 'greet-and-approve', input: { name: 'Ada' }, conversationId: 'conv-1' });
    const subscription = await troupe.subscribe({ runId: run.runId, since: 0 });
    const seen: SubscriptionMessage[] = [];
    let answered = false;
    for await (const message of subscription) {
      seen.push(message);
      if (message.type === 'event' && message.event.type === 'task.awaiting_input' && !answered) {
        answered = true;
        expect(message.event.taskId).toBe('approve');
        expect((await troupe.stream.answer(run.runId, 'approve', { approved: true, comment: 'lovely' })).runId).toBe(run.runId);
      }
      if (message.type === 'event' && message.event.type === 'run.completed') break;
    }
    const stored: readonly RunEvent[] = await engine.engine.readEvents(run.runId);
    expect(seen.filter((message) => message.type === 'event').map((message) => (message as { event: RunEvent }).event)).toEqual(stored);
    expect(eventSeqs(seen)).toEqual(stored.map((event) => event.seq));
    for (const message of seen) if (message.type !== 'live') expect(message).toMatchObject({ definitionId: 'greet-and-approve', conversationId: 'conv-1' });
    const seat = seen.filter((message) => message.type === 'SEAT_UPDATE').at(-1);
    expect(seat).toMatchObject({ seat: { roleId: 'host', personaId: 'greeter' } });
    expect(seen.some((message) => message.type === 'SEAT_UPDATE' && (message.seat.lastOutputPreview ?? '').includes('Hello! You said'))).toBe(true);
    const finalState = await troupe.rest.getRun(run.runId);
    expect(finalState.status).toBe('completed');
    // The echo provider's token counts: per run over REST, per seat in the telemetry.
    expect(finalState.usage).toMatchObject({ calls: 1, inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
    expect(seen.some((message) => message.type === 'SEAT_UPDATE' && message.seat.usage?.calls === 1)).toBe(true);
    expect(finalState.seats.host!.usage).toEqual(finalState.usage);
    expect(finalState.tasks.approve!.answeredBy).toBe('local');

    // A late subscriber replays the same log and ends with the final snapshot.
    const late = await client().subscribe({ runId: run.runId, since: 0 });
    const replayed: SubscriptionMessage[] = [];
    for await (const message of late) {
      replayed.push(message);
      if (message.type === 'live') break;
    }
    expect(eventSeqs(replayed)).toEqual(stored.map((event) => event.seq));
    expect(replayed.find((message) => message.type === 'WORKFLOW_UPDATE')).toMatchObject({ progress: { status: 'completed', percent: 100 } });
  });

  it('maps the engine refusals to REST statuses and codes', async () => {
    const start = (body: unknown) => call<{ error: ErrorInfo }>(server.url, 'POST', '/v1/workflows/start', { body });
    expect([(await start({ definitionId: 'nope' })).status, (await start({ definitionId: 'nope' })).body.error.code]).toEqual([404, 'E_WORKFLOW_NOT_FOUND']);
    const invalid = await start({ definitionId: 'greet-and-approve', input: { name: '' } });
    expect([invalid.status, invalid.body.error.code]).toEqual([422, 'E_INPUT_INVALID']);
    const unknownPersona = await start({ definitionId: 'greet-and-approve', input: { name: 'x' }, roleAssignments: { host: 'nobody' } });
    expect([unknownPersona.status, unknownPersona.body.error.code]).toEqual([422, 'E_ROLE_UNRESOLVED']);
    const started = await call<{ run: { runId: string } }>(server.url, 'POST', '/v1/workflows/start', { body: { definitionId: 'greet-and-approve', input: { name: 'x' }, runId: 'fixed' } });
    expect(started.status).toBe(201);
    const again = await start({ definitionId: 'greet-and-approve', input: { name: 'x' }, runId: 'fixed' });
    expect([again.status, again.body.error.code]).toEqual([409, 'E_RUN_EXISTS']);
    const early = await call<{ error: ErrorInfo }>(server.url, 'POST', '/v1/runs/fixed/tasks/greet/answer', { body: { approved: true } });
    expect([early.status, early.body.error.code]).toEqual([409, 'E_TASK_NOT_AWAITING']);
    const cancelled = await call<{ run: { status: string } }>(server.url, 'POST', '/v1/runs/fixed/cancel', { body: { reason: 'test' } });
    expect(cancelled.body.run.status).toBe('cancelled');
    const ended = await call<{ error: ErrorInfo }>(server.url, 'POST', '/v1/runs/fixed/cancel', { body: {} });
    expect([ended.status, ended.body.error.code]).toEqual([409, 'E_RUN_TERMINAL']);
    const definitions = await call<{ definitions: { id: string }[] }>(server.url, 'GET', '/v1/workflows/definitions');
    expect(definitions.body.definitions.map((definition) => definition.id).sort()).toEqual(['greet-and-approve', 'hello', 'long-chain']);
  });

  it('a client cut off mid-run resumes with exactly the events it missed', async () => {
    const proxy = await startCuttableProxy(server.url);
    const troupe = client(proxy.url);
    const subscription = await troupe.subscribe({ definitionId: 'long-chain' });
    const run = await troupe.rest.startRun({ definitionId: 'long-chain' });
    const seen: SubscriptionMessage[] = [];
    let cuts = 0;
    for await (const message of subscription) {
      seen.push(message);
      if (message.type === 'event' && message.seq % 25 === 0 && cuts < 3 && troupe.stream.state === 'open') {
        cuts += 1;
        proxy.cut();
      }
      if (message.type === 'event' && message.event.type === 'run.completed') break;
    }
    const stored = await engine.engine.readEvents(run.runId);
    expect(eventSeqs(seen)).toEqual(stored.map((event) => event.seq));
    expect(cuts).toBeGreaterThan(0);
    await proxy.close();
  });

  it('50 concurrent clients see the same ordered stream as the store', async () => {
    const troupes = Array.from({ length: 50 }, () => client());
    const subscriptions = await Promise.all(troupes.map((troupe) => troupe.subscribe({ all: true })));
    const readers = subscriptions.map(async (subscription) => {
      const seen: SubscriptionMessage[] = [];
      for await (const message of subscription) {
        seen.push(message);
        if (message.type === 'event' && message.event.type === 'run.completed') break;
      }
      return seen;
    });
    const run = await engine.engine.startWorkflow('long-chain');
    const streams = await Promise.all(readers);
    const stored = await engine.engine.readEvents(run.runId);
    for (const stream of streams) {
      expect(eventSeqs(stream)).toEqual(stored.map((event) => event.seq));
      expect(stream.filter((message) => message.type !== 'live')).toEqual(streams[0]!.filter((message) => message.type !== 'live'));
    }
  });
});
