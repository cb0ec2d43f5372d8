import { defineCode, definePersona, defineTool, type ExecutionContext } from '@troupe/sdk';
import { createScriptedProvider, createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { refusal, toolTask, workflow } from './engineFixtures.js';

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
