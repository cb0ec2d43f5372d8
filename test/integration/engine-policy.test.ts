import { defineTool, TroupeError } from '@troupe/sdk';
import type { PolicyCheck, PolicyEnforcer, PolicyVerdict } from '@troupe/runtime';
import { createTestEngine } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { expectConsistentLog, toolTask, workflow } from './engineFixtures.js';

/** A stand-in for the guardrail layer: decides by phase and payload. */
function policy(decide: (check: PolicyCheck, payload: unknown) => PolicyVerdict): PolicyEnforcer & { checks: PolicyCheck[] } {
  const checks: PolicyCheck[] = [];
  return {
    checks,
    check(check, payload) {
      checks.push(check);
      return decide(check, payload);
    },
  };
}

const echo = defineTool({ id: 'echo', execute: (input) => input });

describe('engine: the policy seam around executors', () => {
  it('asks only for tagged tasks, with the union of workflow and task tags, before and after execution', async () => {
    const enforcer = policy((_check, payload) => ({ action: 'allow', payload, decisions: [{ guardrailId: 'noop-guard', action: 'allow' }] }));
    const t = createTestEngine({
      policy: enforcer,
      descriptors: [echo, workflow('tags', [toolTask('plain', 'echo'), toolTask('tagged', 'echo', [], { policyTags: ['pii'] })])],
    });
    const { runId } = await t.engine.startWorkflow('tags');
    await t.engine.wait(runId);
    expect(enforcer.checks.map((c) => [c.taskId, c.phase, c.policyTags])).toEqual([
      ['tagged', 'input', ['pii']],
      ['tagged', 'output', ['pii']],
    ]);
    const decisions = (await t.events(runId)).filter((e) => e.type === 'guardrail.decision');
    expect(decisions.map((e) => [e.taskId, e.data!.phase, e.data!.guardrailId])).toEqual([
      ['tagged', 'input', 'noop-guard'],
      ['tagged', 'output', 'noop-guard'],
    ]);
  });

  it('replaces a sanitized payload: only the sanitized value reaches the tool and the log', async () => {
    const seen: unknown[] = [];
    const enforcer = policy((check, payload) =>
      check.phase === 'input' ? { action: 'allow', payload: { text: '[email]' } } : { action: 'allow', payload: { ...(payload as object), checked: true } },
    );
    const t = createTestEngine({
      policy: enforcer,
      descriptors: [defineTool({ id: 'rec', execute: (input) => (seen.push(input), input) }), workflow('s', [toolTask('a', 'rec', [], { policyTags: ['pii'], input: { text: { from: 'input.text' } } })])],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('s', { input: { text: 'ada@example.com' } })).runId);
    expect(seen).toEqual([{ text: '[email]' }]);
    expect(done.tasks.a!.output).toEqual({ text: '[email]', checked: true });
  });

  it('fails the task at once with the error of a block', async () => {
    const enforcer = policy(() => ({ action: 'block', error: new TroupeError('E_GUARDRAIL_BLOCKED', { guardrailId: 'g', phase: 'input', taskId: 'a', reason: 'no', tags: ['pii'] }) }));
    const t = createTestEngine({ policy: enforcer, descriptors: [echo, workflow('b', [toolTask('a', 'echo', [], { policyTags: ['pii'], retry: { maxAttempts: 3, initialDelayMs: 1 } })])] });
    const done = await t.engine.wait((await t.engine.startWorkflow('b')).runId);
    expect(done.tasks.a).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'E_GUARDRAIL_BLOCKED' } });
  });

  it('turns require_approval into a human approval inside the run', async () => {
    const ran: string[] = [];
    const enforcer = policy((check, payload) => (check.phase === 'input' ? { action: 'require_approval', reason: 'mentions money', payload } : { action: 'allow', payload }));
    const t = createTestEngine({
      policy: enforcer,
      descriptors: [defineTool({ id: 'pay', execute: (_input, ctx) => (ran.push(`${ctx.taskId}#${ctx.attempt}`), 'paid') }), workflow('a', [toolTask('pay', 'pay', [], { policyTags: ['money'] })])],
    });
    const { runId } = await t.engine.startWorkflow('a');
    const waiting = await t.engine.wait(runId);
    expect(waiting.status).toBe('awaiting_input');
    expect(ran).toEqual([]);
    const asked = (await t.events(runId)).find((e) => e.type === 'task.awaiting_input')!;
    expect(asked.data).toMatchObject({ mode: 'approval', guardrail: true, phase: 'input', reason: 'mentions money' });
    await t.engine.answerHumanTask(runId, 'pay', { approved: true, actor: 'cfo' });
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(ran).toEqual(['pay#2']);
    expect(enforcer.checks.map((c) => c.phase)).toEqual(['input', 'output']);
    await expectConsistentLog(t, runId);
  });
});
