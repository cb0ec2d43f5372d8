import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineCode, defineGuardrail, definePersona, defineTool, TroupeError, type ExecutionContext } from '@troupe/sdk';
import { createRootLogger, DescriptorRegistry, HostSecrets, WorkflowEngine, type RunUpdate } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';
import { createScriptedProvider, FakeClock } from '@troupe/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { toolTask, workflow } from './engineFixtures.js';

/** The planted value: it must appear nowhere a user, a log reader or a client could look. */
const SECRET = 'sk-canary-7f3a9c1e5b2d4f60a8e1';
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const key = (ctx: ExecutionContext): string => ctx.secrets['api.key']!;

/** Tools, code and a model that all echo the secret: in outputs, thrown errors, logs and streamed tokens. */
function leakyDescriptors(clock: FakeClock) {
  const provider = createScriptedProvider({
    id: 'llm',
    clock,
    requiredSecrets: ['api.key'],
    replies: [
      (_request, ctx) => {
        const secret = ctx.secrets['api.key']!;
        ctx.logger.info(`model call authorised with ${secret}`);
        // The secret arrives whole in one token and split over two others, one tick apart.
        return { text: `token ${secret} and ${secret} end`, tokens: ['token ', secret, ' and ', secret.slice(0, 12), secret.slice(12), ' end'], tokenDelayMs: 5 };
      },
    ],
  });
  return [
    provider.descriptor,
    definePersona({ id: 'agent', instructions: 'Work.', providerId: 'llm' }),
    defineTool({
      id: 'echo-secret',
      requiredSecrets: ['api.key'],
      execute: (input, ctx) => {
        const secret = key(ctx);
        ctx.logger.info(`calling upstream with ${secret}`);
        ctx.logger.info({ apiKey: secret, header: `Bearer ${secret}`, nested: { value: secret } }, 'request fields');
        ctx.logger.warn({ err: new Error(`upstream refused ${secret}`) }, 'a logged error');
        return { header: `Bearer ${secret}`, list: [secret, { deep: secret }], [secret]: 'as a key', input };
      },
    }),
    defineTool({
      id: 'throw-secret',
      requiredSecrets: ['api.key'],
      execute: (_input, ctx) => {
        throw Object.assign(new Error(`request failed for key ${key(ctx)}`), { code: 'E_UPSTREAM' });
      },
    }),
    defineCode({
      id: 'troupe-error-secret',
      requiredSecrets: ['api.key'],
      run: (_input, ctx) => {
        throw new TroupeError('E_TASK_FAILED', { taskId: ctx.taskId, reason: `bad credentials ${key(ctx)}` }, { cause: new Error(`cause ${key(ctx)}`) });
      },
    }),
    defineCode({ id: 'undo', requiredSecrets: ['api.key'], run: (_input, ctx) => ({ undone: key(ctx) }) }),
    defineGuardrail({ id: 'chatty', evaluateOutput: (_payload, ctx) => (ctx.logger.info('guardrail looked'), { action: 'flag', reasonCode: 'chatty', message: `saw ${SECRET}` }) }),
    workflow(
      'leaky',
      [
        toolTask('echo', 'echo-secret', [], { policyTags: ['watched'], compensate: 'code:undo' }),
        { id: 'think', dependsOn: ['echo'], executor: { type: 'gmi', roleId: 'agent' }, handoff: { summary: true } },
        { id: 'approve', dependsOn: ['think'], executor: { type: 'human', mode: 'approval' } },
        toolTask('boom', 'throw-secret', ['approve'], { retry: { maxAttempts: 2, initialDelayMs: 10, jitter: false } }),
      ],
      { roles: [{ roleId: 'agent', personaId: 'agent' }] },
    ),
    workflow('failing', [{ id: 'code', executor: { type: 'code', codeId: 'troupe-error-secret' } }]),
    workflow('external', [{ id: 'outside', executor: { type: 'human', mode: 'input' } }, toolTask('later', 'echo-secret', ['outside'])]),
  ];
}

describe('leak test: a secret value never leaves its task', () => {
  it('appears in no log line, database byte, telemetry update, run state, event or audit entry', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'troupe-leak-'));
    folders.push(folder);
    const logFile = join(folder, 'logs', 'troupe.log');
    const dbFile = join(folder, 'troupe.db');
    const secrets = new HostSecrets({ values: { 'api.key': SECRET }, env: {} });
    const logger = createRootLogger({ level: 'trace', file: logFile, scrub: (text) => secrets.scrub(text) });
    const store = createSqliteStore({ path: dbFile });
    await store.open();
    const clock = new FakeClock();
    const registry = new DescriptorRegistry();
    registry.register('leaky-pack', '1.0.0', leakyDescriptors(clock));
    const engine = new WorkflowEngine({ descriptors: registry, secrets, store, logger, clock, random: () => 0.5, policies: { watched: ['chatty'] } });
    const frames: string[] = [];
    engine.subscribe((update: RunUpdate) => frames.push(JSON.stringify(update)));

    // A run whose tools, model, human answer and retries all carry the secret.
    const leaky = await engine.startWorkflow('leaky', { input: { note: `pasted ${SECRET} by mistake` }, actor: 'ada' });
    await clock.advance(100);
    expect((await engine.wait(leaky.runId)).status).toBe('awaiting_input');
    await engine.answerHumanTask(leaky.runId, 'approve', { approved: true, comment: `ok, key is ${SECRET}`, actor: 'ada' });
    await clock.advance(100);
    const leakyDone = await engine.wait(leaky.runId, { untilTerminal: true });
    expect(leakyDone.status).toBe('failed');
    expect(leakyDone.tasks.boom).toMatchObject({ status: 'failed', attempt: 2, error: { code: 'E_UPSTREAM', message: 'request failed for key [REDACTED]' } });
    expect(leakyDone.tasks.echo!.compensated).toBe(true);

    // A TroupeError with the secret in its details and its cause.
    const failing = await engine.wait((await engine.startWorkflow('failing')).runId);
    expect(failing.tasks.code!.error!.message).toContain('[REDACTED]');

    // Secrets handed in from outside: a failed update, a cancel reason.
    const external = await engine.startWorkflow('external');
    await engine.wait(external.runId);
    await engine.applyTaskUpdates(external.runId, [{ taskId: 'outside', status: 'failed', error: { code: 'E_REMOTE', message: `remote said ${SECRET}` } }], 'ci');
    const cancelled = await engine.startWorkflow('external');
    await engine.cancel(cancelled.runId, `stop, ${SECRET} leaked`, 'ada');

    // What clients, the CLI and the server can read back.
    const readable: unknown[] = [];
    for (const runId of [leaky.runId, failing.runId, external.runId, cancelled.runId]) {
      readable.push(await engine.getRun(runId), await engine.readEvents(runId));
    }
    readable.push(await engine.listRuns(), await store.listAudit());
    const readableText = JSON.stringify(readable);
    expect(readableText).not.toContain(SECRET);
    expect(readableText).toContain('[REDACTED]');

    // Every telemetry update a websocket client would be sent, model stream previews included.
    expect(frames.length).toBeGreaterThan(20);
    expect(frames.some((frame) => frame.includes('"seat"') && frame.includes('[REDACTED]'))).toBe(true);
    for (const frame of frames) expect(frame).not.toContain(SECRET);

    await engine.close();
    await store.close();

    // The log file: lines were written (with the value replaced), the value never.
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('calling upstream with [REDACTED]');
    expect(log).toContain('model call authorised with [REDACTED]');
    expect(log).not.toContain(SECRET);

    // The database file and its write-ahead log, byte for byte.
    for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      expect(bytes.length).toBeGreaterThan(0);
      expect(bytes.includes(Buffer.from(SECRET, 'utf8')), `${file} holds the secret`).toBe(false);
      expect(bytes.includes(Buffer.from(SECRET.slice(0, 16), 'utf8')), `${file} holds part of the secret`).toBe(false);
    }
    expect(readFileSync(dbFile).includes(Buffer.from('[REDACTED]'))).toBe(true);
  });
});
