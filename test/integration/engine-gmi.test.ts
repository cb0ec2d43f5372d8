import { definePersona, defineTool, type SeatSnapshot } from '@troupe/sdk';
import { createScriptedProvider, createTestEngine, FakeClock } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { expectConsistentLog, refusal, toolTask, workflow } from './engineFixtures.js';

const writer = definePersona({ id: 'writer', instructions: 'You write short, friendly text.', providerId: 'scripted', capabilities: ['writing'] });
const reviewer = definePersona({ id: 'reviewer', instructions: 'You review drafts.', providerId: 'scripted', model: 'review-1' });

describe('engine: gmi tasks (agent seats)', () => {
  it('calls the persona\'s provider with persona instructions, task instructions and the upstream handoff; tokens update the seat', async () => {
    const clock = new FakeClock();
    const provider = createScriptedProvider({
      id: 'scripted',
      clock,
      byTask: {
        draft: { text: 'A draft about owls.', tokens: ['A ', 'draft ', 'about ', 'owls.'], tokenDelayMs: 10 },
        review: 'Looks good.',
      },
    });
    const t = createTestEngine({
      clock,
      descriptors: [
        writer,
        reviewer,
        provider.descriptor,
        defineTool({ id: 'topic', execute: () => ({ topic: 'owls' }) }),
        workflow(
          'article',
          [
            toolTask('pick', 'topic'),
            { id: 'draft', dependsOn: ['pick'], executor: { type: 'gmi', roleId: 'author', instructions: 'Write a draft.' }, handoff: { summary: true, include: ['personaId'] } },
            { id: 'review', dependsOn: ['draft'], executor: { type: 'gmi', roleId: 'critic', instructions: 'Review the draft.' } },
          ],
          { roles: [{ roleId: 'author', capabilities: ['writing'] }, { roleId: 'critic', personaId: 'reviewer' }] },
        ),
      ],
    });
    const { runId } = await t.engine.startWorkflow('article', { input: { audience: 'kids' } });
    await clock.advance(25);
    const streaming = await t.engine.getRun(runId);
    expect(streaming.seats.author).toMatchObject({ status: 'working', taskId: 'draft', attempt: 1, lastOutputPreview: 'A draft ' });
    await clock.advance(100);
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(done.roleAssignments).toEqual({ author: 'writer', critic: 'reviewer' });
    expect(done.tasks.draft!.output).toBe('A draft about owls.');
    expect(done.output).toEqual({ review: 'Looks good.' });

    const [draftCall, reviewCall] = provider.calls;
    expect(draftCall!.request.messages[0]).toEqual({ role: 'system', content: 'You write short, friendly text.' });
    expect(draftCall!.request.messages[1]!.content).toContain('Write a draft.');
    expect(draftCall!.request.messages[1]!.content).toContain('"audience": "kids"');
    expect(draftCall!.request.messages[1]!.content).toContain('## pick');
    expect(draftCall!.request.messages[1]!.content).toContain('"topic": "owls"');
    expect(reviewCall!.request.model).toBe('review-1');
    expect(reviewCall!.request.messages[1]!.content).toContain('A draft about owls.');
    expect(reviewCall!.request.messages[1]!.content).toContain('personaId: writer');
    expect(reviewCall!.roleId).toBe('critic');

    // Streamed tokens became seat previews; the seat ends done with the output as preview.
    const seatUpdates = t.updates.filter((u) => u.event.runId === runId && u.seat?.roleId === 'author').map((u) => u.seat!);
    expect(seatUpdates.map((s) => s.status)).toContain('working');
    expect(seatUpdates.filter((s) => s.status === 'working').map((s) => s.lastOutputPreview)).toEqual([undefined, 'A ', 'A draft ', 'A draft about ']);
    const author = done.seats.author as SeatSnapshot;
    expect(author).toMatchObject({ roleId: 'author', personaId: 'writer', status: 'done', taskId: 'draft', lastOutputPreview: 'A draft about owls.' });
    expect(author.history.map((h) => h.status)).toEqual(['working', 'done']);
    expect(done.seats.critic).toMatchObject({ status: 'done', taskId: 'review', attempt: 1 });
    await expectConsistentLog(t, runId);
  });

  it('bounds the seat preview and history', async () => {
    const long = 'word '.repeat(200);
    const provider = createScriptedProvider({ id: 'scripted', replies: [{ text: long, tokens: [long] }] });
    const tasks = Array.from({ length: 30 }, (_, i) => ({ id: `w${i}`, ...(i ? { dependsOn: [`w${i - 1}`] } : {}), executor: { type: 'gmi' as const, roleId: 'author' } }));
    const t = createTestEngine({ descriptors: [writer, provider.descriptor, workflow('long', tasks, { roles: [{ roleId: 'author', personaId: 'writer' }] })] });
    const { runId } = await t.engine.startWorkflow('long');
    const done = await t.engine.wait(runId);
    const seat = done.seats.author!;
    expect(seat.lastOutputPreview!.length).toBeLessThanOrEqual(200);
    expect(seat.history.length).toBe(20);
    expect(seat.history.at(-1)).toMatchObject({ taskId: 'w29', status: 'done' });
    for (const update of t.updates) if (update.seat) expect(update.seat.lastOutputPreview?.length ?? 0).toBeLessThanOrEqual(200);
  });

  it('lets a seat call the tools its role lists, and refuses any other with E_TOOL_FORBIDDEN (not retried)', async () => {
    const searches: unknown[] = [];
    const provider = createScriptedProvider({
      id: 'scripted',
      byTask: {
        allowed: { text: 'found it', toolCalls: [{ toolId: 'search', input: { q: 'owls' } }] },
        forbidden: { text: 'never', toolCalls: [{ toolId: 'delete-all', input: {} }] },
      },
    });
    const t = createTestEngine({
      descriptors: [
        writer,
        provider.descriptor,
        defineTool({ id: 'search', inputSchema: { type: 'object', required: ['q'] }, execute: (input) => (searches.push(input), ['owl facts']) }),
        defineTool({ id: 'delete-all', execute: () => 'deleted' }),
        workflow('tools-ok', [{ id: 'allowed', executor: { type: 'gmi', roleId: 'author' } }], { roles: [{ roleId: 'author', personaId: 'writer', tools: ['search'] }] }),
        workflow('tools-bad', [{ id: 'forbidden', executor: { type: 'gmi', roleId: 'author' }, retry: { maxAttempts: 3, initialDelayMs: 1 } }], {
          roles: [{ roleId: 'author', personaId: 'writer', tools: ['search'] }],
        }),
      ],
    });
    const ok = await t.engine.wait((await t.engine.startWorkflow('tools-ok')).runId);
    expect(ok.status).toBe('completed');
    expect(searches).toEqual([{ q: 'owls' }]);
    expect(provider.calls[0]!.request.tools).toEqual([{ id: 'search', inputSchema: { type: 'object', required: ['q'] } }]);
    expect(provider.calls[0]!.toolResults).toEqual([['owl facts']]);

    const bad = await t.engine.wait((await t.engine.startWorkflow('tools-bad')).runId);
    expect(bad.status).toBe('failed');
    expect(bad.tasks.forbidden).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'E_TOOL_FORBIDDEN' } });
    expect(bad.tasks.forbidden!.error!.message).toBe('Role author may not call tool delete-all');
  });

  it('parses json output and reports a reply that is not JSON as E_OUTPUT_INVALID', async () => {
    const provider = createScriptedProvider({ id: 'scripted', byTask: { good: '{"score": 7}', bad: 'not json' } });
    const t = createTestEngine({
      descriptors: [
        writer,
        provider.descriptor,
        workflow('json-good', [{ id: 'good', executor: { type: 'gmi', roleId: 'a', outputFormat: 'json' }, outputSchema: { type: 'object', required: ['score'] } }], { roles: [{ roleId: 'a', personaId: 'writer' }] }),
        workflow('json-bad', [{ id: 'bad', executor: { type: 'gmi', roleId: 'a', outputFormat: 'json' } }], { roles: [{ roleId: 'a', personaId: 'writer' }] }),
      ],
    });
    const good = await t.engine.wait((await t.engine.startWorkflow('json-good')).runId);
    expect(good.tasks.good!.output).toEqual({ score: 7 });
    const bad = await t.engine.wait((await t.engine.startWorkflow('json-bad')).runId);
    expect(bad.tasks.bad!.error!.code).toBe('E_OUTPUT_INVALID');
    expect(bad.seats.a).toMatchObject({ status: 'failed' });
  });

  it('wraps provider failures as E_PROVIDER_FAILED and retries them when the policy says so', async () => {
    const provider = createScriptedProvider({ id: 'scripted', replies: [{ error: { message: 'rate limited' } }, 'second time lucky'] });
    const t = createTestEngine({
      descriptors: [
        writer,
        provider.descriptor,
        workflow('flaky', [{ id: 'ask', executor: { type: 'gmi', roleId: 'a' }, retry: { maxAttempts: 2, backoff: 'fixed', initialDelayMs: 100, jitter: false } }], { roles: [{ roleId: 'a', personaId: 'writer' }] }),
      ],
    });
    const { runId } = await t.engine.startWorkflow('flaky');
    await t.clock.advance(0);
    const waiting = await t.engine.getRun(runId);
    expect(waiting.tasks.ask).toMatchObject({ status: 'retry_wait', error: { code: 'E_PROVIDER_FAILED' } });
    expect(waiting.tasks.ask!.error!.message).toContain('rate limited');
    expect(waiting.seats.a!.status).toBe('waiting');
    await t.clock.advance(100);
    const done = await t.engine.wait(runId);
    expect(done.tasks.ask).toMatchObject({ status: 'completed', attempt: 2, output: 'second time lucky' });
    expect(provider.calls.map((c) => c.attempt)).toEqual([1, 2]);
  });

  it('refuses a start when a role\'s persona has no active provider', async () => {
    const t = createTestEngine({ descriptors: [writer, workflow('orphan', [{ id: 'x', executor: { type: 'gmi', roleId: 'a' } }], { roles: [{ roleId: 'a', personaId: 'writer' }] })] });
    const error = await refusal(t.engine.startWorkflow('orphan'), 'E_DESCRIPTOR_NOT_FOUND');
    expect(error.message).toBe('No active provider "scripted"');
  });
});
