import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorInfo, RunEvent, RunPage, RunState, StartupReport } from '@troupe/sdk';
import { createServer, hashToken } from '@troupe/server';
import { FakeRuns } from './server-fakeRuns.js';
import { call, startTestServer, type TestServer } from './server-harness.js';

type ErrorBody = { error: ErrorInfo };

const report: StartupReport = {
  packs: [{ id: '@acme/pack', version: '1.2.0', status: 'active', descriptors: [{ kind: 'workflow', id: 'review', priority: 0, active: true }], errors: [] }],
};

describe('REST API (no tokens, loopback)', () => {
  let runs: FakeRuns;
  let server: TestServer;
  const emitted: { name: string; payload: unknown; actor: string }[] = [];

  beforeEach(async () => {
    runs = new FakeRuns();
    emitted.length = 0;
    server = await startTestServer({
      runs,
      report: () => report,
      emitEvent: async (name, payload, actor) => {
        emitted.push({ name, payload, actor });
        const run = await runs.startWorkflow('review', { input: { topic: String(name) } });
        return [run];
      },
    });
  });
  afterEach(() => server.close());

  const start = (body: unknown) => call<{ run: RunState } & Partial<ErrorBody>>(server.url, 'POST', '/v1/workflows/start', { body });

  it('GET /healthz answers ok', async () => {
    const result = await call<{ status: string; uptimeMs: number }>(server.url, 'GET', '/healthz');
    expect(result.status).toBe(200);
    expect(result.body.status).toBe('ok');
  });

  it('GET /v1/packs serves the startup report and GET /v1/workflows/definitions the definitions', async () => {
    expect((await call(server.url, 'GET', '/v1/packs')).body).toEqual(report);
    const definitions = await call<{ definitions: { id: string }[] }>(server.url, 'GET', '/v1/workflows/definitions');
    expect(definitions.status).toBe(200);
    expect(definitions.body.definitions.map((definition) => definition.id)).toEqual(['review']);
  });

  it('POST /v1/workflows/start starts a run (201) and refuses bad requests with fitting codes', async () => {
    const ok = await start({ definitionId: 'review', input: { topic: 'tides' }, conversationId: 'c1', runId: 'r-1' });
    expect(ok.status).toBe(201);
    expect(ok.body.run).toMatchObject({ runId: 'r-1', status: 'running', conversationId: 'c1' });

    const missing = await start({ input: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'E_REQUEST_INVALID' });
    expect(missing.body.error!.message).toContain('definitionId');
    expect(missing.body.error!.hint).toBeTruthy();

    const unknownField = await start({ definitionId: 'review', colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error!.message).toContain('colour');

    expect((await start({ definitionId: 'nope', input: { topic: 'x' } })).body.error).toMatchObject({ code: 'E_WORKFLOW_NOT_FOUND' });
    expect((await start({ definitionId: 'nope', input: { topic: 'x' } })).status).toBe(404);
    const badInput = await start({ definitionId: 'review', input: { topic: 7 } });
    expect([badInput.status, badInput.body.error!.code]).toEqual([422, 'E_INPUT_INVALID']);
    const taken = await start({ definitionId: 'review', input: { topic: 'x' }, runId: 'r-1' });
    expect([taken.status, taken.body.error!.code]).toEqual([409, 'E_RUN_EXISTS']);
  });

  it('refuses bodies that are not JSON, too large or of another content type', async () => {
    const notJson = await call<ErrorBody>(server.url, 'POST', '/v1/workflows/start', { rawBody: '{"definitionId":', headers: { 'content-type': 'application/json' } });
    expect([notJson.status, notJson.body.error.code]).toEqual([400, 'E_REQUEST_INVALID']);
    expect(notJson.body.error.message).toContain('not valid JSON');

    const form = await call<ErrorBody>(server.url, 'POST', '/v1/workflows/start', { rawBody: 'definitionId=review', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([form.status, form.body.error.code]).toEqual([415, 'E_REQUEST_INVALID']);

    const huge = await call<ErrorBody>(server.url, 'POST', '/v1/workflows/start', { body: { definitionId: 'review', input: { topic: 'x'.repeat(2 * 1024 * 1024) } } });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'E_REQUEST_INVALID']);
  });

  it('GET /v1/runs filters by status, definition and conversation, and pages', async () => {
    for (let index = 0; index < 5; index += 1) await start({ definitionId: 'review', input: { topic: `t${index}` }, conversationId: index < 3 ? 'a' : 'b' });
    await runs.cancel('run-1');
    const all = await call<RunPage>(server.url, 'GET', '/v1/runs');
    expect(all.body.runs).toHaveLength(5);
    const conversationA = await call<RunPage>(server.url, 'GET', '/v1/runs?conversationId=a');
    expect(conversationA.body.runs.map((run) => run.runId)).toEqual(['run-1', 'run-2', 'run-3']);
    const cancelled = await call<RunPage>(server.url, 'GET', '/v1/runs?status=cancelled,completed');
    expect(cancelled.body.runs.map((run) => run.runId)).toEqual(['run-1']);
    const byDefinition = await call<RunPage>(server.url, 'GET', '/v1/runs?definitionId=review&status=running&status=awaiting_input');
    expect(byDefinition.body.runs).toHaveLength(4);

    const first = await call<RunPage>(server.url, 'GET', '/v1/runs?limit=2');
    expect(first.body.runs).toHaveLength(2);
    expect(first.body.nextCursor).toBeDefined();
    const second = await call<RunPage>(server.url, 'GET', `/v1/runs?limit=2&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
    expect(second.body.runs.map((run) => run.runId)).toEqual(['run-3', 'run-4']);

    for (const bad of ['/v1/runs?status=sleeping', '/v1/runs?limit=0', '/v1/runs?limit=many', '/v1/runs?colour=red']) {
      const result = await call<ErrorBody>(server.url, 'GET', bad);
      expect([bad, result.status, result.body.error.code]).toEqual([bad, 400, 'E_REQUEST_INVALID']);
    }
  });

  it('GET /v1/runs/:id returns the run; an unknown id is 404 E_RUN_NOT_FOUND', async () => {
    await start({ definitionId: 'review', input: { topic: 'x' }, runId: 'a/b:c+d' });
    const found = await call<{ run: RunState }>(server.url, 'GET', `/v1/runs/${encodeURIComponent('a/b:c+d')}`);
    expect(found.status).toBe(200);
    expect(found.body.run.runId).toBe('a/b:c+d');
    const missing = await call<ErrorBody>(server.url, 'GET', '/v1/runs/ghost');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'E_RUN_NOT_FOUND']);
    expect(missing.body.error.message).toContain('ghost');
  });

  it('GET /v1/runs/:id/events?since=N returns the events after N, paged', async () => {
    await start({ definitionId: 'review', input: { topic: 'x' } });
    runs.flood('run-1', 10, 5);
    const after = await call<{ events: RunEvent[]; nextSince?: number }>(server.url, 'GET', '/v1/runs/run-1/events?since=4');
    expect(after.body.events.map((event) => event.seq)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(after.body.nextSince).toBeUndefined();
    const page = await call<{ events: RunEvent[]; nextSince?: number }>(server.url, 'GET', '/v1/runs/run-1/events?since=0&limit=5');
    expect(page.body.events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(page.body.nextSince).toBe(5);
    for (const bad of ['since=-1', 'since=abc', 'limit=0', 'from=3']) {
      const result = await call<ErrorBody>(server.url, 'GET', `/v1/runs/run-1/events?${bad}`);
      expect([bad, result.status, result.body.error.code]).toEqual([bad, 400, 'E_REQUEST_INVALID']);
    }
    expect((await call<ErrorBody>(server.url, 'GET', '/v1/runs/ghost/events')).status).toBe(404);
  });

  it('POST /v1/runs/:id/tasks applies external task updates', async () => {
    await start({ definitionId: 'review', input: { topic: 'x' } });
    const ok = await call<{ run: RunState }>(server.url, 'POST', '/v1/runs/run-1/tasks', { body: { updates: [{ taskId: 'draft', status: 'completed', output: { text: 'hi' } }] } });
    expect(ok.status).toBe(200);
    expect(ok.body.run.tasks.draft!.status).toBe('completed');
    const empty = await call<ErrorBody>(server.url, 'POST', '/v1/runs/run-1/tasks', { body: { updates: [] } });
    expect([empty.status, empty.body.error.code]).toEqual([400, 'E_REQUEST_INVALID']);
    const badStatus = await call<ErrorBody>(server.url, 'POST', '/v1/runs/run-1/tasks', { body: { updates: [{ taskId: 'draft', status: 'done' }] } });
    expect(badStatus.status).toBe(400);
    const unknownTask = await call<ErrorBody>(server.url, 'POST', '/v1/runs/run-1/tasks', { body: { updates: [{ taskId: 'nope', status: 'completed' }] } });
    expect([unknownTask.status, unknownTask.body.error.code]).toEqual([404, 'E_TASK_NOT_FOUND']);
    await runs.cancel('run-1');
    const ended = await call<ErrorBody>(server.url, 'POST', '/v1/runs/run-1/tasks', { body: { updates: [{ taskId: 'draft', status: 'completed' }] } });
    expect([ended.status, ended.body.error.code]).toEqual([409, 'E_RUN_TERMINAL']);
  });

  it('POST /v1/runs/:id/tasks/:taskId/answer answers a waiting human task', async () => {
    await start({ definitionId: 'review', input: { topic: 'x' } });
    const early = await call<ErrorBody>(server.url, 'POST', '/v1/runs/run-1/tasks/approve/answer', { body: { approved: true } });
    expect([early.status, early.body.error.code]).toEqual([409, 'E_TASK_NOT_AWAITING']);
    runs.finishDraft('run-1');
    const invalid = await call<ErrorBody>(server.url, 'POST', '/v1/runs/run-1/tasks/approve/answer', { body: { approved: 'yes' } });
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'E_REQUEST_INVALID']);
    const answered = await call<{ run: RunState }>(server.url, 'POST', '/v1/runs/run-1/tasks/approve/answer', { body: { approved: true, comment: 'fine' } });
    expect(answered.status).toBe(200);
    expect(answered.body.run.status).toBe('completed');
    const answeredEvent = runs.runs.get('run-1')!.events.find((event) => event.type === 'task.answered');
    expect(answeredEvent?.data).toEqual({ actor: 'local' });
    const again = await call<ErrorBody>(server.url, 'POST', '/v1/runs/run-1/tasks/approve/answer', { body: { approved: true } });
    expect([again.status, again.body.error.code]).toEqual([409, 'E_RUN_TERMINAL']);
    const ghost = await call<ErrorBody>(server.url, 'POST', '/v1/runs/ghost/tasks/approve/answer', { body: { value: 1 } });
    expect([ghost.status, ghost.body.error.code]).toEqual([404, 'E_RUN_NOT_FOUND']);
  });

  it('POST /v1/runs/:id/cancel cancels once; a second cancel is 409 E_RUN_TERMINAL', async () => {
    await start({ definitionId: 'review', input: { topic: 'x' } });
    const cancelled = await call<{ run: RunState }>(server.url, 'POST', '/v1/runs/run-1/cancel', { body: { reason: 'changed my mind' } });
    expect([cancelled.status, cancelled.body.run.status]).toEqual([200, 'cancelled']);
    const noBody = await call<ErrorBody>(server.url, 'POST', '/v1/runs/run-1/cancel');
    expect([noBody.status, noBody.body.error.code]).toEqual([409, 'E_RUN_TERMINAL']);
    const badBody = await call<ErrorBody>(server.url, 'POST', '/v1/runs/run-1/cancel', { body: { reason: 5 } });
    expect(badBody.status).toBe(400);
  });

  it('POST /v1/events/:name fires event triggers (202) with the payload', async () => {
    const fired = await call<{ event: string; runIds: string[] }>(server.url, 'POST', '/v1/events/pr.opened', { body: { number: 7 } });
    expect(fired.status).toBe(202);
    expect(fired.body).toEqual({ event: 'pr.opened', runIds: ['run-1'] });
    expect(emitted).toEqual([{ name: 'pr.opened', payload: { number: 7 }, actor: 'local' }]);
  });

  it('GET /metrics is Prometheus text with runs, tasks, queue depth and websocket figures', async () => {
    await start({ definitionId: 'review', input: { topic: 'x' } });
    const metrics = await call<string>(server.url, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    for (const name of [
      'troupe_runs{status="running"} 1',
      'troupe_tasks',
      'troupe_queue_depth{queue="runs"} 0',
      'troupe_ws_clients 0',
      'troupe_ws_frames_coalesced_total 0',
      'troupe_ws_frames_dropped_total 0',
      '# TYPE troupe_http_requests_total counter',
    ]) {
      expect(metrics.body).toContain(name);
    }
    expect(metrics.body).toMatch(/troupe_http_requests_total\{method="POST",route="\/v1\/workflows\/start",status="201"\} 1/);
  });

  it('unknown routes are 404 E_NOT_FOUND; a wrong method is 405 with Allow', async () => {
    const missing = await call<ErrorBody>(server.url, 'GET', '/v1/nothing');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'E_NOT_FOUND']);
    const wrongMethod = await call<ErrorBody>(server.url, 'DELETE', '/v1/runs/run-1');
    expect([wrongMethod.status, wrongMethod.body.error.code]).toEqual([405, 'E_NOT_FOUND']);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  it('without tokens, refuses requests through a non-loopback Host or from another web origin', async () => {
    const port = new URL(server.url).port;
    const rebinding = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path: '/v1/runs', headers: { host: `evil.example:${port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(rebinding).toBe(403);
    const crossSite = await call<ErrorBody>(server.url, 'GET', '/v1/runs', { headers: { origin: 'https://evil.example' } });
    expect([crossSite.status, crossSite.body.error.code]).toEqual([403, 'E_FORBIDDEN']);
    const sameMachine = await call(server.url, 'GET', '/v1/runs', { headers: { origin: 'http://localhost:5173' } });
    expect(sameMachine.status).toBe(200);
  });
});

describe('REST API with tokens', () => {
  let runs: FakeRuns;
  let server: TestServer;
  const tokens = {
    reader: 'reader-token-0123456789',
    starter: 'starter-token-0123456789',
    answerer: 'answerer-token-0123456789',
    admin: 'admin-token-0123456789abc',
    convA: 'conversation-a-token-0123',
  };

  beforeEach(async () => {
    runs = new FakeRuns();
    server = await startTestServer({
      runs,
      config: {
        tokens: [
          { name: 'reader', token: tokens.reader, scopes: ['read'] },
          { name: 'starter', hash: hashToken(tokens.starter), scopes: ['read', 'start'] },
          { name: 'answerer', token: tokens.answerer, scopes: ['answer'] },
          { name: 'admin', token: tokens.admin, scopes: ['admin'] },
          { name: 'conv-a', token: tokens.convA, scopes: ['read', 'start', 'answer'], conversationIds: ['a'] },
        ],
      },
    });
    await runs.startWorkflow('review', { input: { topic: 'a' }, conversationId: 'a', runId: 'in-a' });
    await runs.startWorkflow('review', { input: { topic: 'b' }, conversationId: 'b', runId: 'in-b' });
  });
  afterEach(() => server.close());

  it('refuses a missing or wrong token with 401 and WWW-Authenticate; /healthz needs none', async () => {
    const none = await call<ErrorBody>(server.url, 'GET', '/v1/runs');
    expect([none.status, none.body.error.code]).toEqual([401, 'E_UNAUTHORIZED']);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await call<ErrorBody>(server.url, 'GET', '/v1/runs', { token: 'not-a-real-token-at-all' });
    expect(wrong.status).toBe(401);
    expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('enforces scopes: read, start, answer; admin does everything', async () => {
    expect((await call(server.url, 'GET', '/v1/runs', { token: tokens.reader })).status).toBe(200);
    const readerStart = await call<ErrorBody>(server.url, 'POST', '/v1/workflows/start', { token: tokens.reader, body: { definitionId: 'review', input: { topic: 'x' } } });
    expect([readerStart.status, readerStart.body.error.code]).toEqual([403, 'E_FORBIDDEN']);
    expect(readerStart.body.error.hint).toContain('start');
    const started = await call<{ run: RunState }>(server.url, 'POST', '/v1/workflows/start', { token: tokens.starter, body: { definitionId: 'review', input: { topic: 'x' } } });
    expect(started.status).toBe(201);
    const events = runs.runs.get(started.body.run.runId)!.events;
    expect(events.length).toBeGreaterThan(0);
    const answererReads = await call<ErrorBody>(server.url, 'GET', '/v1/runs', { token: tokens.answerer });
    expect(answererReads.status).toBe(403);
    runs.finishDraft('in-a');
    const starterAnswers = await call<ErrorBody>(server.url, 'POST', '/v1/runs/in-a/tasks/approve/answer', { token: tokens.starter, body: { approved: true } });
    expect(starterAnswers.status).toBe(403);
    const answered = await call(server.url, 'POST', '/v1/runs/in-a/tasks/approve/answer', { token: tokens.answerer, body: { approved: true } });
    expect(answered.status).toBe(200);
    expect(runs.runs.get('in-a')!.events.find((event) => event.type === 'task.answered')?.data).toEqual({ actor: 'answerer' });
    expect((await call(server.url, 'POST', '/v1/runs/in-b/cancel', { token: tokens.reader })).status).toBe(403);
    expect((await call(server.url, 'POST', '/v1/runs/in-b/cancel', { token: tokens.admin })).status).toBe(200);
    expect((await call(server.url, 'GET', '/metrics', { token: tokens.reader })).status).toBe(200);
    expect((await call(server.url, 'GET', '/metrics', { token: tokens.answerer })).status).toBe(403);
  });

  it('restricts a conversation-bound token to its conversations', async () => {
    const own = await call<{ run: RunState }>(server.url, 'GET', '/v1/runs/in-a', { token: tokens.convA });
    expect(own.status).toBe(200);
    const other = await call<ErrorBody>(server.url, 'GET', '/v1/runs/in-b', { token: tokens.convA });
    expect([other.status, other.body.error.code]).toEqual([403, 'E_FORBIDDEN']);
    expect((await call(server.url, 'GET', '/v1/runs/in-b/events', { token: tokens.convA })).status).toBe(403);
    const listed = await call<RunPage>(server.url, 'GET', '/v1/runs', { token: tokens.convA });
    expect(listed.body.runs.map((run) => run.runId)).toEqual(['in-a']);
    expect((await call(server.url, 'GET', '/v1/runs?conversationId=b', { token: tokens.convA })).status).toBe(403);
    const startElsewhere = await call<ErrorBody>(server.url, 'POST', '/v1/workflows/start', { token: tokens.convA, body: { definitionId: 'review', input: { topic: 'x' }, conversationId: 'b' } });
    expect(startElsewhere.status).toBe(403);
    const startNowhere = await call<ErrorBody>(server.url, 'POST', '/v1/workflows/start', { token: tokens.convA, body: { definitionId: 'review', input: { topic: 'x' } } });
    expect(startNowhere.status).toBe(403);
    const startHere = await call(server.url, 'POST', '/v1/workflows/start', { token: tokens.convA, body: { definitionId: 'review', input: { topic: 'x' }, conversationId: 'a' } });
    expect(startHere.status).toBe(201);
    expect((await call(server.url, 'POST', '/v1/runs/in-b/cancel', { token: tokens.convA })).status).toBe(403);
    expect((await call(server.url, 'POST', '/v1/events/anything', { token: tokens.convA, body: {} })).status).toBe(403);
    const whoami = await call(server.url, 'GET', '/v1/whoami', { token: tokens.convA });
    expect(whoami.body).toEqual({ name: 'conv-a', scopes: ['read', 'start', 'answer'], conversationIds: ['a'] });
  });
});

describe('binding', () => {
  it('refuses a non-loopback address without tokens (E_SERVER_UNSAFE_BIND) and allows it with tokens', async () => {
    const open = createServer({ runs: new FakeRuns() });
    await expect(open.listen(0, '0.0.0.0')).rejects.toMatchObject({ code: 'E_SERVER_UNSAFE_BIND' });
    expect(open.address()).toBeUndefined();
    const guarded = createServer({ runs: new FakeRuns(), config: { tokens: [{ name: 'ops', token: 'ops-token-0123456789ab', scopes: ['admin'] }] } });
    const address = await guarded.listen(0, '0.0.0.0');
    expect(address.port).toBeGreaterThan(0);
    await guarded.close();
  });

  it('refuses a token entry with neither hash nor token (E_CONFIG_INVALID)', () => {
    expect(() => createServer({ runs: new FakeRuns(), config: { tokens: [{ name: 'x', scopes: ['read'] }] } })).toThrow(expect.objectContaining({ code: 'E_CONFIG_INVALID' }));
  });
});
