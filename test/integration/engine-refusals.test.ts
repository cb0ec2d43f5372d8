import { definePersona, defineTool } from '@troupe/sdk';
import { DescriptorRegistry, MemoryStore, WorkflowInvalidError } from '@troupe/runtime';
import { createScriptedProvider, createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { refusal, toolTask, workflow } from './engineFixtures.js';

describe('engine: a start is refused before anything runs', () => {
  const calls: string[] = [];
  const rec = defineTool({ id: 'rec', requiredSecrets: ['tool.key'], execute: (_i, ctx) => (calls.push(ctx.taskId), Object.keys(ctx.secrets)) });
  const provider = createScriptedProvider({ id: 'llm', requiredSecrets: ['llm.key'] });
  const persona = definePersona({ id: 'helper', instructions: 'Help.', providerId: 'llm', capabilities: ['help'] });
  const flow = workflow('flow', [toolTask('a', 'rec'), { id: 'b', dependsOn: ['a'], executor: { type: 'gmi', roleId: 'assistant' } }], {
    roles: [{ roleId: 'assistant', capabilities: ['help'] }],
    requiredSecrets: ['wf.key'],
    goalSchema: { type: 'object' },
  });

  async function expectNothingRan(t: ReturnType<typeof createTestEngine>) {
    expect(calls).toEqual([]);
    expect((await t.engine.listRuns()).runs).toEqual([]);
  }

  it('E_WORKFLOW_NOT_FOUND for an unknown id or a version outside the range', async () => {
    const t = createTestEngine({ descriptors: [rec, flow] });
    expect((await refusal(t.engine.startWorkflow('nope'), 'E_WORKFLOW_NOT_FOUND')).message).toBe('No active workflow "nope"');
    const ranged = await refusal(t.engine.startWorkflow('flow', { versionRange: '^2.0.0' }), 'E_WORKFLOW_NOT_FOUND');
    expect(ranged.message).toBe('No active workflow "flow" matching "^2.0.0" (active: 1.0.0)');
    expect((await refusal(t.engine.startWorkflow('flwo'), 'E_WORKFLOW_NOT_FOUND')).message).toBe('No active workflow "flwo"; did you mean "flow"?');
    await expectNothingRan(t);
  });

  it('E_ROLE_UNRESOLVED when no persona can fill a role', async () => {
    const t = createTestEngine({ secrets: { 'wf.key': 'w', 'tool.key': 't', 'llm.key': 'l' }, descriptors: [rec, provider.descriptor, flow] });
    const error = await refusal(t.engine.startWorkflow('flow', { input: {} }), 'E_ROLE_UNRESOLVED');
    expect(error.message).toBe('Workflow flow has roles no persona can fill: assistant (needs help)');
    await expectNothingRan(t);
  });

  it('E_SECRET_MISSING lists every missing secret of the workflow, its tools and its providers', async () => {
    const t = createTestEngine({ descriptors: [rec, provider.descriptor, persona, flow] });
    const error = await refusal(t.engine.startWorkflow('flow', { input: {} }), 'E_SECRET_MISSING');
    expect([...(error.details.missing as string[])].sort()).toEqual(['llm.key', 'tool.key', 'wf.key']);
    expect(error.hint).toContain('TROUPE_SECRET_');
    await expectNothingRan(t);
  });

  it('E_INPUT_INVALID when the input does not match goalSchema', async () => {
    const t = createTestEngine({ secrets: { 'wf.key': 'w', 'tool.key': 't', 'llm.key': 'l' }, descriptors: [rec, provider.descriptor, persona, flow] });
    await refusal(t.engine.startWorkflow('flow', { input: 'not an object' }), 'E_INPUT_INVALID');
    await expectNothingRan(t);
  });

  it('gives each executor only the secrets it declared', async () => {
    const t = createTestEngine({ secrets: { 'wf.key': 'w', 'tool.key': 't', 'llm.key': 'l' }, descriptors: [rec, provider.descriptor, persona, flow] });
    const done = await t.engine.wait((await t.engine.startWorkflow('flow', { input: {} })).runId);
    expect(done.status).toBe('completed');
    expect(done.tasks.a!.output).toEqual(['tool.key']);
    expect(provider.calls.at(-1)!.secrets).toEqual({ 'llm.key': 'l' });
    calls.length = 0;
  });

  it('E_RUN_EXISTS for a run id that is taken, also by a concurrent start', async () => {
    const t = createTestEngine({ descriptors: [defineTool({ id: 'noop', execute: () => null }), workflow('w', [toolTask('a', 'noop')])] });
    await t.engine.startWorkflow('w', { runId: 'fixed' });
    await refusal(t.engine.startWorkflow('w', { runId: 'fixed' }), 'E_RUN_EXISTS');
    const both = await Promise.allSettled([t.engine.startWorkflow('w', { runId: 'twin' }), t.engine.startWorkflow('w', { runId: 'twin' })]);
    expect(both.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('E_RUN_EXISTS when another engine on the same store created the run first; other runs are unaffected', async () => {
    const store = new MemoryStore();
    const registry = new DescriptorRegistry();
    registry.register('p', '1.0.0', [defineTool({ id: 'noop', execute: () => null }), workflow('w', [toolTask('a', 'noop')])]);
    const one = createTestEngine({ store, registry });
    const two = createTestEngine({ store, registry });
    const results = await Promise.allSettled([one.engine.startWorkflow('w', { runId: 'shared' }), two.engine.startWorkflow('w', { runId: 'shared' }), two.engine.startWorkflow('w', { runId: 'other' })]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as { code: string }).code).toBe('E_RUN_EXISTS');
    expect((await one.engine.wait('shared')).status).toBe('completed');
    expect((await two.engine.wait('other')).status).toBe('completed');
  });

  it('E_WORKFLOW_INVALID with every problem of the definition', async () => {
    const t = createTestEngine({
      descriptors: [
        defineTool({ id: 'noop', execute: () => null }),
        workflow('broken', [toolTask('a', 'noop', ['c']), toolTask('b', 'missing-tool', ['a']), toolTask('c', 'noop', ['b']), toolTask('a', 'noop'), toolTask('d', 'noop', ['ghost'], { when: 'input.x ==' })]),
      ],
    });
    const error = await refusal(t.engine.startWorkflow('broken'), 'E_WORKFLOW_INVALID');
    expect(error).toBeInstanceOf(WorkflowInvalidError);
    expect((error as WorkflowInvalidError).diagnostics.map((d) => d.code).sort()).toEqual([
      'E_EXPRESSION_INVALID',
      'E_TASK_CYCLE',
      'E_TASK_DUPLICATE_ID',
      'E_TASK_UNKNOWN_DEPENDENCY',
      'E_TASK_UNKNOWN_EXECUTOR_REF',
    ]);
  });

  it('E_RUN_NOT_FOUND for unknown runs, and E_HOST_STATE once the engine is closed', async () => {
    const t = createTestEngine({ descriptors: [defineTool({ id: 'noop', execute: () => null }), workflow('w', [toolTask('a', 'noop')])] });
    await refusal(t.engine.getRun('ghost'), 'E_RUN_NOT_FOUND');
    await refusal(t.engine.readEvents('ghost'), 'E_RUN_NOT_FOUND');
    await refusal(t.engine.wait('ghost'), 'E_RUN_NOT_FOUND');
    await refusal(t.engine.cancel('ghost'), 'E_RUN_NOT_FOUND');
    await refusal(t.engine.applyTaskUpdates('ghost', []), 'E_RUN_NOT_FOUND');
    await t.close();
    await refusal(t.engine.startWorkflow('w'), 'E_HOST_STATE');
  });
});
