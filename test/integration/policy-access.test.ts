import { defineCode, definePersona, defineTool, type ExecutionContext } from '@troupe/sdk';
import { createScriptedProvider, createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { guardrail, mapStrings, refusal, toolTask, workflow } from './engineFixtures.js';

const reader = definePersona({ id: 'reader', instructions: 'Read.', providerId: 'scripted' });

describe('policy: tool access per role', () => {
  it('a seat\'s call to a tool outside its role\'s list is refused with E_TOOL_FORBIDDEN and audited', async () => {
    const calls: string[] = [];
    const provider = createScriptedProvider({
      id: 'scripted',
      byTask: {
        ok: { text: 'read it', toolCalls: [{ toolId: 'read-file', input: { path: 'a.txt' } }] },
        sneaky: { text: 'deleted', toolCalls: [{ toolId: 'delete-file', input: { path: 'a.txt' } }] },
      },
    });
    const t = createTestEngine({
      descriptors: [
        reader,
        provider.descriptor,
        defineTool({ id: 'read-file', execute: (input) => (calls.push(`read ${(input as { path: string }).path}`), 'contents') }),
        defineTool({ id: 'delete-file', execute: (input) => (calls.push(`delete ${(input as { path: string }).path}`), 'gone') }),
        workflow('w', [{ id: 'ok', executor: { type: 'gmi', roleId: 'r' } }, { id: 'sneaky', dependsOn: ['ok'], executor: { type: 'gmi', roleId: 'r' } }], {
          roles: [{ roleId: 'r', personaId: 'reader', tools: ['read-file'] }],
        }),
      ],
    });
    const { runId } = await t.engine.startWorkflow('w');
    const done = await t.engine.wait(runId);
    expect(provider.calls[0]!.toolResults).toEqual(['contents']);
    expect(provider.calls[0]!.request.tools.map((tool) => tool.id)).toEqual(['read-file']);
    expect(done.tasks.sneaky).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'E_TOOL_FORBIDDEN', message: 'Role r may not call tool delete-file' } });
    expect(calls).toEqual(['read a.txt']);
    const refusals = await t.store.listAudit({ runId, action: 'tool.forbidden' });
    expect(refusals).toEqual([expect.objectContaining({ actor: 'role:r', taskId: 'sneaky', data: { roleId: 'r', personaId: 'reader', toolId: 'delete-file', attempt: 1 } })]);
  });
});

describe('policy: secrets', () => {
  it('a start missing secrets is refused with E_SECRET_MISSING listing every missing id, before anything runs', async () => {
    const ran: string[] = [];
    const provider = createScriptedProvider({ id: 'scripted', requiredSecrets: ['llm.key'] });
    const t = createTestEngine({
      secrets: { 'present.one': 'value-present-1' },
      descriptors: [
        reader,
        provider.descriptor,
        defineTool({ id: 'deploy', requiredSecrets: ['cloud.token', 'present.one'], execute: () => ran.push('deploy') }),
        defineCode({ id: 'notify', requiredSecrets: ['chat.webhook'], run: () => ran.push('notify') }),
        workflow('w', [toolTask('deploy', 'deploy'), { id: 'notify', executor: { type: 'code', codeId: 'notify' } }, { id: 'think', executor: { type: 'gmi', roleId: 'r' } }], {
          requiredSecrets: ['workflow.key'],
          roles: [{ roleId: 'r', personaId: 'reader' }],
        }),
      ],
    });
    const error = await refusal(t.engine.startWorkflow('w'), 'E_SECRET_MISSING');
    expect([...(error.details.missing as string[])].sort()).toEqual(['chat.webhook', 'cloud.token', 'llm.key', 'workflow.key']);
    expect(error.message).toMatch(/^Workflow w needs secrets that are not set: /);
    expect(error.hint).toContain('TROUPE_SECRET_');
    expect(ran).toEqual([]);
    expect((await t.engine.listRuns()).runs).toEqual([]);
  });

  it('each executor receives only the secrets it declared; reading them is audited with the ids, never the values', async () => {
    const seen: Record<string, Readonly<Record<string, string>>> = {};
    const record = (name: string) => (_input: unknown, ctx: ExecutionContext) => {
      seen[name] = { ...ctx.secrets };
      return name;
    };
    const provider = createScriptedProvider({ id: 'scripted', requiredSecrets: ['llm.key'] });
    const t = createTestEngine({
      secrets: { 'a.key': 'value-of-a-key', 'b.key': 'value-of-b-key', 'llm.key': 'value-of-llm-key', 'unused.key': 'value-unused' },
      descriptors: [
        reader,
        provider.descriptor,
        defineTool({ id: 'a', requiredSecrets: ['a.key'], execute: record('a') }),
        defineTool({ id: 'b', requiredSecrets: ['b.key'], execute: record('b') }),
        defineTool({ id: 'plain', execute: record('plain') }),
        defineTool({ id: 'quiet', requiredSecrets: ['a.key'], execute: () => 'never looked' }),
        workflow('w', [toolTask('a', 'a'), toolTask('b', 'b'), toolTask('plain', 'plain'), toolTask('quiet', 'quiet'), { id: 'think', executor: { type: 'gmi', roleId: 'r' } }], {
          roles: [{ roleId: 'r', personaId: 'reader' }],
        }),
      ],
    });
    const { runId } = await t.engine.startWorkflow('w');
    await t.engine.wait(runId);
    expect(seen).toEqual({ a: { 'a.key': 'value-of-a-key' }, b: { 'b.key': 'value-of-b-key' }, plain: {} });
    expect(provider.calls[0]!.secrets).toEqual({ 'llm.key': 'value-of-llm-key' });
    const accessed = (await t.store.listAudit({ runId, action: 'secret.accessed' })).map((entry) => [entry.actor, entry.taskId, entry.data?.secretIds]);
    expect(accessed.sort()).toEqual([
      ['provider:scripted', 'think', ['llm.key']],
      ['tool:a', 'a', ['a.key']],
      ['tool:b', 'b', ['b.key']],
    ]);
    expect(JSON.stringify(await t.audit())).not.toMatch(/value-of-/);
  });
});

describe('policy: the audit log of runs', () => {
  it('records who started and who cancelled a run', async () => {
    const t = createTestEngine({
      descriptors: [defineTool({ id: 'wait', execute: (_input, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve(null))) }), workflow('w', [toolTask('a', 'wait')])],
    });
    const { runId, pin } = await t.engine.startWorkflow('w', { actor: 'ada' });
    await t.engine.cancel(runId, 'changed my mind', 'grace');
    const unnamed = await t.engine.startWorkflow('w');
    await t.engine.cancel(unnamed.runId);
    expect((await t.audit(runId)).map((entry) => [entry.actor, entry.action, entry.data])).toEqual([
      ['ada', 'run.started', { workflowId: 'w', version: '1.0.0', definitionHash: pin.definitionHash, packVersions: { 'test-pack': '1.0.0' } }],
      ['grace', 'run.cancelled', { reason: 'changed my mind' }],
    ]);
    expect((await t.audit(unnamed.runId)).map((entry) => [entry.actor, entry.action])).toEqual([
      ['host', 'run.started'],
      ['host', 'run.cancelled'],
    ]);
  });

  it('records human answers and external updates with their actor', async () => {
    const t = createTestEngine({
      descriptors: [
        workflow('w', [
          { id: 'ok', executor: { type: 'human', mode: 'approval' } },
          { id: 'value', dependsOn: ['ok'], executor: { type: 'human', mode: 'input' } },
          { id: 'no', dependsOn: ['value'], executor: { type: 'human', mode: 'approval' } },
        ]),
        workflow('ext', [{ id: 'remote', executor: { type: 'human', mode: 'input' } }]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('w');
    await t.engine.wait(runId);
    await t.engine.answerHumanTask(runId, 'ok', { approved: true, actor: 'lin', comment: 'go' });
    await t.engine.wait(runId);
    await t.engine.answerHumanTask(runId, 'value', { value: 42, actor: 'kai' });
    await t.engine.wait(runId);
    await t.engine.answerHumanTask(runId, 'no', { approved: false, actor: 'max', comment: 'too risky' });
    expect((await t.audit(runId)).slice(1).map((entry) => [entry.actor, entry.action, entry.taskId, entry.data])).toEqual([
      ['lin', 'task.answered', 'ok', { approved: true, comment: 'go', attempt: 1 }],
      ['kai', 'task.answered', 'value', { mode: 'input', attempt: 1 }],
      ['max', 'task.answered', 'no', { approved: false, comment: 'too risky', attempt: 1 }],
    ]);
    const ext = await t.engine.startWorkflow('ext');
    await t.engine.wait(ext.runId);
    await t.engine.applyTaskUpdates(ext.runId, [{ taskId: 'remote', status: 'completed', output: 1 }], 'ci');
    expect((await t.audit(ext.runId)).map((entry) => [entry.actor, entry.action, entry.data])[1]).toEqual(['ci', 'task.updated', { updates: [{ taskId: 'remote', status: 'completed' }] }]);
  });
});

describe('policy: tool calls of a gmi seat pass the task\'s guardrails', () => {
  const seen: { phase: string; toolCall: unknown; payload: unknown }[] = [];
  /** A seat whose task `think` (tagged `guarded`) calls `lookup` with `input`, under `decide`. */
  function seatCalling(input: unknown, decide: Parameters<typeof guardrail>[1], extra: { retry?: boolean } = {}) {
    seen.length = 0;
    const ran: unknown[] = [];
    const provider = createScriptedProvider({ id: 'scripted', byTask: { think: { text: 'done', toolCalls: [{ toolId: 'lookup', input }] } } });
    const t = createTestEngine({
      policies: { guarded: ['watch'] },
      descriptors: [
        reader,
        provider.descriptor,
        guardrail('watch', (payload, ctx) => (seen.push({ phase: ctx.phase, toolCall: ctx.toolCall, payload }), decide(payload, ctx))),
        defineTool({ id: 'lookup', execute: (args) => (ran.push(args), { card: '4111 1111 1111 1111', for: args }) }),
        workflow('w', [{ id: 'think', executor: { type: 'gmi', roleId: 'r' }, policyTags: ['guarded'], ...(extra.retry ? { retry: { maxAttempts: 3, initialDelayMs: 0 } } : {}) }], {
          roles: [{ roleId: 'r', personaId: 'reader', tools: ['lookup'] }],
        }),
      ],
    });
    return { t, provider, ran };
  }

  it('checks the arguments as output before the tool runs and the result as input before the seat sees it', async () => {
    const { t, provider, ran } = seatCalling({ q: 'owls' }, () => ({ action: 'allow' }));
    const done = await t.engine.wait((await t.engine.startWorkflow('w')).runId);
    expect(done.status).toBe('completed');
    expect(ran).toEqual([{ q: 'owls' }]);
    expect(seen.filter((call) => call.toolCall !== undefined)).toEqual([
      { phase: 'output', toolCall: { toolId: 'lookup', part: 'arguments' }, payload: { q: 'owls' } },
      { phase: 'input', toolCall: { toolId: 'lookup', part: 'result' }, payload: { card: '4111 1111 1111 1111', for: { q: 'owls' } } },
    ]);
    const decisions = (await t.events(done.runId)).filter((event) => event.type === 'guardrail.decision').map((event) => event.data);
    expect(decisions).toContainEqual({ phase: 'output', guardrailId: 'watch', action: 'allow', tag: 'guarded', toolId: 'lookup', part: 'arguments' });
    expect(decisions).toContainEqual({ phase: 'input', guardrailId: 'watch', action: 'allow', tag: 'guarded', toolId: 'lookup', part: 'result' });
    expect(provider.calls[0]!.toolResults).toHaveLength(1);
  });

  it('a blocked call never reaches the tool: the seat gets E_GUARDRAIL_TOOL_CALL_BLOCKED and the task fails without a retry', async () => {
    const { t, provider, ran } = seatCalling({ q: 'delete everything' }, (payload, ctx) =>
      ctx.toolCall?.part === 'arguments' && JSON.stringify(payload).includes('delete') ? { action: 'block', reasonCode: 'destructive', message: 'destructive request' } : { action: 'allow' },
      { retry: true },
    );
    const done = await t.engine.wait((await t.engine.startWorkflow('w')).runId);
    expect(ran).toEqual([]);
    expect(provider.calls).toHaveLength(1);
    expect(provider.calls[0]!.toolResults[0]).toMatchObject({ code: 'E_GUARDRAIL_TOOL_CALL_BLOCKED' });
    expect(done.tasks.think).toMatchObject({
      status: 'failed',
      attempt: 1,
      error: { code: 'E_GUARDRAIL_TOOL_CALL_BLOCKED', message: 'Guardrail watch blocked the arguments of a call to tool lookup by task think: destructive request' },
    });
    expect(await t.store.listAudit({ runId: done.runId, action: 'guardrail.decision' })).toContainEqual(
      expect.objectContaining({ actor: 'guardrail:watch', taskId: 'think', data: expect.objectContaining({ action: 'block', toolId: 'lookup', part: 'arguments' }) }),
    );
  });

  it('a sanitized result is what the seat sees; an approval cannot be waited for inside a call, so it blocks', async () => {
    const redacting = seatCalling({ q: 'card' }, (payload, ctx) =>
      ctx.toolCall?.part === 'result' ? { action: 'sanitize', payload: mapStrings(payload, (text) => text.replace(/\d{4} \d{4} \d{4} \d{4}/, '[card]')) } : { action: 'allow' },
    );
    const done = await redacting.t.engine.wait((await redacting.t.engine.startWorkflow('w')).runId);
    expect(done.status).toBe('completed');
    expect(redacting.provider.calls[0]!.toolResults).toEqual([{ card: '[card]', for: { q: 'card' } }]);

    const asking = seatCalling({ q: 'card' }, (_payload, ctx) => (ctx.toolCall?.part === 'result' ? { action: 'require_approval', message: 'shows card data' } : { action: 'allow' }));
    const refused = await asking.t.engine.wait((await asking.t.engine.startWorkflow('w')).runId);
    expect(asking.ran).toHaveLength(1);
    expect(asking.provider.calls[0]!.toolResults[0]).toMatchObject({ code: 'E_GUARDRAIL_TOOL_CALL_BLOCKED' });
    expect(refused.tasks.think!.error!.message).toContain('(a tool call cannot wait for an approval)');
  });

  it('an untagged task\'s tool calls are not checked', async () => {
    const calls: string[] = [];
    const provider = createScriptedProvider({ id: 'scripted', byTask: { think: { text: 'done', toolCalls: [{ toolId: 'read-file', input: { path: 'a' } }] } } });
    const t = createTestEngine({
      policies: { guarded: ['watch'] },
      descriptors: [
        reader,
        provider.descriptor,
        guardrail('watch', () => (calls.push('asked'), { action: 'block' })),
        defineTool({ id: 'read-file', execute: () => 'contents' }),
        workflow('w', [{ id: 'think', executor: { type: 'gmi', roleId: 'r' } }], { roles: [{ roleId: 'r', personaId: 'reader', tools: ['read-file'] }] }),
      ],
    });
    expect((await t.engine.wait((await t.engine.startWorkflow('w')).runId)).status).toBe('completed');
    expect(calls).toEqual([]);
  });
});
