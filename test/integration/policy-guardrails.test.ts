import { defineTool, definePersona, type GuardrailDecision } from '@troupe/sdk';
import { compileWorkflow, DescriptorRegistry, WorkflowInvalidError } from '@troupe/runtime';
import { createScriptedProvider, createTestEngine, FakeClock } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import { decisionsOf, expectConsistentLog, guardrail, mapStrings, refusal, toolTask, workflow } from './engineFixtures.js';

const echo = defineTool({ id: 'echo', execute: (input) => input });
const allow = (): GuardrailDecision => ({ action: 'allow' });

/** A tool that records what it was called with and returns `{ text }`. */
function textTool(id: string, text: string, seen: unknown[] = []) {
  return defineTool({ id, execute: (input) => (seen.push(input), { text }) });
}

describe('policy: guardrail actions, end to end through the engine', () => {
  it('allow: every decision is a guardrail.decision event and an audit entry, without the payload', async () => {
    const t = createTestEngine({
      policies: { checked: ['looks-fine'] },
      descriptors: [
        guardrail('looks-fine', () => ({ action: 'allow', reasonCode: 'ok' })),
        textTool('say', 'hello ada@example.com'),
        workflow('w', [toolTask('a', 'say', [], { policyTags: ['checked'] })]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('w', { actor: 'ada' });
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    const events = (await t.events(runId)).filter((e) => e.type === 'guardrail.decision');
    expect(events.map((e) => e.data)).toEqual([
      { phase: 'input', guardrailId: 'looks-fine', tag: 'checked', action: 'allow', reasonCode: 'ok' },
      { phase: 'output', guardrailId: 'looks-fine', tag: 'checked', action: 'allow', reasonCode: 'ok' },
    ]);
    const audit = await t.audit(runId);
    expect(audit.map((entry) => [entry.actor, entry.action, entry.taskId, entry.data?.phase, entry.data?.action])).toEqual([
      ['ada', 'run.started', undefined, undefined, undefined],
      ['guardrail:looks-fine', 'guardrail.decision', 'a', 'input', 'allow'],
      ['guardrail:looks-fine', 'guardrail.decision', 'a', 'output', 'allow'],
    ]);
    expect(JSON.stringify(audit)).not.toContain('ada@example.com');
    await expectConsistentLog(t, runId);
  });

  it('flag: recorded, and the task goes on unchanged', async () => {
    const t = createTestEngine({
      policies: { watch: ['watcher'] },
      descriptors: [
        guardrail('watcher', () => ({ action: 'flag', reasonCode: 'unusual', message: 'looks unusual' }), { phases: ['output'] }),
        textTool('say', 'hi'),
        workflow('w', [toolTask('a', 'say', [], { policyTags: ['watch'] })]),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('w')).runId);
    expect(done.tasks.a).toMatchObject({ status: 'completed', output: { text: 'hi' } });
    const [decision] = (await t.events(done.runId)).filter((e) => e.type === 'guardrail.decision');
    expect(decision!.data).toMatchObject({ phase: 'output', action: 'flag', reasonCode: 'unusual', message: 'looks unusual' });
  });

  it('sanitize: only the sanitized value reaches the tool, the store, the listeners and downstream tasks', async () => {
    const seen: unknown[] = [];
    const redact = guardrail('redact', (payload) => {
      const cleaned = mapStrings(payload, (text) => text.replaceAll('ada@example.com', '[email]'));
      return JSON.stringify(cleaned) === JSON.stringify(payload) ? { action: 'allow' } : { action: 'sanitize', reasonCode: 'pii', payload: cleaned };
    }, { mode: 'sanitizer' });
    const t = createTestEngine({
      policies: { pii: ['redact'] },
      descriptors: [
        redact,
        textTool('leaky', 'mail ada@example.com'),
        defineTool({ id: 'rec', execute: (input) => (seen.push(input), 'ok') }),
        workflow('w', [
          toolTask('first', 'leaky', [], { policyTags: ['pii'], input: { to: { from: 'input.to' } } }),
          toolTask('second', 'rec', ['first']),
        ]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('w', { input: { to: 'someone' } });
    const done = await t.engine.wait(runId);
    expect(done.tasks.first!.output).toEqual({ text: 'mail [email]' });
    expect(seen).toEqual([{ input: { to: 'someone' }, upstream: { first: { text: 'mail [email]' } } }]);
    const stored = JSON.stringify([await t.events(runId), await t.engine.getRun(runId), t.updates]);
    expect(stored).not.toContain('ada@example.com');
    const decisions = await decisionsOf(t, runId);
    expect(decisions).toEqual([
      ['first', 'input', 'redact', 'allow'],
      ['first', 'output', 'redact', 'sanitize'],
    ]);
  });

  it('sanitize on input: the executor sees only the sanitized input', async () => {
    const seen: unknown[] = [];
    const t = createTestEngine({
      policies: { pii: ['redact'] },
      descriptors: [
        guardrail('redact', () => ({ action: 'sanitize', payload: { to: '[email]' } }), { mode: 'sanitizer', phases: ['input'] }),
        defineTool({ id: 'send', execute: (input) => (seen.push(input), 'sent') }),
        workflow('w', [toolTask('a', 'send', [], { policyTags: ['pii'], input: { to: { from: 'input.to' } } })]),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('w', { input: { to: 'ada@example.com' } })).runId);
    expect(done.status).toBe('completed');
    expect(seen).toEqual([{ to: '[email]' }]);
  });

  it('block on input: the task fails with E_GUARDRAIL_BLOCKED at once, never runs and is not retried', async () => {
    const ran: unknown[] = [];
    const t = createTestEngine({
      policies: { strict: ['wall'] },
      descriptors: [
        guardrail('wall', () => ({ action: 'block', reasonCode: 'forbidden_topic', message: 'talks about the forbidden topic' }), { phases: ['input'] }),
        textTool('say', 'x', ran),
        workflow('w', [toolTask('a', 'say', [], { policyTags: ['strict'], retry: { maxAttempts: 3, initialDelayMs: 1 } })]),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('w')).runId);
    expect(done.status).toBe('failed');
    expect(done.tasks.a).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'E_GUARDRAIL_BLOCKED', details: { guardrailId: 'wall', phase: 'input', reasonCode: 'forbidden_topic' } } });
    expect(done.tasks.a!.error!.message).toBe('Guardrail wall blocked input of task a: talks about the forbidden topic');
    expect(ran).toEqual([]);
  });

  it('block on output: the output is never stored', async () => {
    const t = createTestEngine({
      policies: { strict: ['wall'] },
      descriptors: [
        guardrail('wall', (payload) => (JSON.stringify(payload).includes('classified') ? { action: 'block', reasonCode: 'classified' } : allow()), { phases: ['output'] }),
        textTool('say', 'classified plans'),
        workflow('w', [toolTask('a', 'say', [], { policyTags: ['strict'] })]),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('w')).runId);
    expect(done.tasks.a).toMatchObject({ status: 'failed', error: { code: 'E_GUARDRAIL_BLOCKED' } });
    expect(JSON.stringify(await t.events(done.runId))).not.toContain('classified plans');
  });

  it('require_approval then approve: the run waits, the approver sees the reason, and the run goes on with the payload', async () => {
    const ran: unknown[] = [];
    const t = createTestEngine({
      policies: { money: ['big-spend'] },
      descriptors: [
        guardrail('big-spend', (payload) => ((payload as { amount: number }).amount > 1000 ? { action: 'require_approval', reasonCode: 'over_limit', message: 'amount over 1000' } : allow()), { phases: ['input'] }),
        defineTool({ id: 'pay', execute: (input) => (ran.push(input), { paid: (input as { amount: number }).amount }) }),
        workflow('w', [toolTask('pay', 'pay', [], { policyTags: ['money'], input: { amount: { from: 'input.amount' } } })]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('w', { input: { amount: 5000 } });
    const waiting = await t.engine.wait(runId);
    expect(waiting.status).toBe('awaiting_input');
    expect(waiting.tasks.pay!.status).toBe('awaiting_input');
    expect(ran).toEqual([]);
    const asked = (await t.events(runId)).find((e) => e.type === 'task.awaiting_input')!;
    expect(asked.data).toEqual({ mode: 'approval', guardrail: true, phase: 'input', reason: 'big-spend: amount over 1000', guardrailIds: ['big-spend'], payload: expect.anything() });

    await t.engine.answerHumanTask(runId, 'pay', { approved: true, comment: 'budgeted', actor: 'cfo' });
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(ran).toEqual([{ amount: 5000 }]);
    expect(done.tasks.pay).toMatchObject({ output: { paid: 5000 }, answeredBy: 'cfo' });
    const approved = (await t.audit(runId)).find((entry) => entry.action === 'task.answered')!;
    expect(approved).toMatchObject({ actor: 'cfo', taskId: 'pay', data: { approved: true, guardrail: true, phase: 'input', comment: 'budgeted' } });
    await expectConsistentLog(t, runId);
  });

  it('require_approval on output then reject: the task fails with E_TASK_REJECTED and the rejection is audited', async () => {
    const t = createTestEngine({
      policies: { review: ['second-look'] },
      descriptors: [
        guardrail('second-look', () => ({ action: 'require_approval', reasonCode: 'needs_review', message: 'publishing needs a second look' }), { phases: ['output'] }),
        textTool('draft', 'press release'),
        workflow('w', [toolTask('draft', 'draft', [], { policyTags: ['review'] })]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('w');
    expect((await t.engine.wait(runId)).status).toBe('awaiting_input');
    await t.engine.answerHumanTask(runId, 'draft', { approved: false, comment: 'not yet', actor: 'editor' });
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('failed');
    expect(done.tasks.draft).toMatchObject({ status: 'failed', error: { code: 'E_TASK_REJECTED', message: 'Task draft was rejected by editor: not yet' } });
    expect((await t.audit(runId)).find((entry) => entry.action === 'task.answered')).toMatchObject({ actor: 'editor', taskId: 'draft', data: { approved: false, guardrail: true, phase: 'output' } });
  });

  it('approving an output approval completes the task with the (sanitized) payload', async () => {
    const t = createTestEngine({
      policies: { review: ['scrub', 'second-look'] },
      descriptors: [
        guardrail('scrub', (payload) => ({ action: 'sanitize', payload: mapStrings(payload, (text) => text.toUpperCase()) }), { mode: 'sanitizer', phases: ['output'] }),
        guardrail('second-look', () => ({ action: 'require_approval', message: 'check it' }), { phases: ['output'] }),
        textTool('draft', 'press release'),
        workflow('w', [toolTask('draft', 'draft', [], { policyTags: ['review'] })]),
      ],
    });
    const { runId } = await t.engine.startWorkflow('w');
    await t.engine.wait(runId);
    await t.engine.answerHumanTask(runId, 'draft', { approved: true, actor: 'editor' });
    const done = await t.engine.wait(runId);
    expect(done.tasks.draft!.output).toEqual({ text: 'PRESS RELEASE' });
  });
});

describe('policy: ordering and severity', () => {
  it('runs sanitizers in stack order, each on the previous payload, then classifiers in parallel on the result', async () => {
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const append = (suffix: string) =>
      guardrail(`append-${suffix}`, (payload) => {
        order.push(`sanitize ${suffix} saw ${JSON.stringify(payload)}`);
        return { action: 'sanitize', payload: `${payload as string}${suffix}` };
      }, { mode: 'sanitizer', phases: ['output'] });
    const classifierA = guardrail('judge-a', async (payload) => {
      order.push(`judge-a started on ${JSON.stringify(payload)}`);
      await firstHeld;
      order.push('judge-a done');
      return { action: 'allow' };
    }, { phases: ['output'] });
    const classifierB = guardrail('judge-b', (payload) => {
      order.push(`judge-b started on ${JSON.stringify(payload)}`);
      releaseFirst();
      return { action: 'flag', reasonCode: 'b' };
    }, { phases: ['output'] });
    const t = createTestEngine({
      // Classifiers listed first: sanitizers still run before them, in their own order.
      policies: { tagged: ['judge-a', 'append-1', 'judge-b', 'append-2'] },
      descriptors: [append('1'), append('2'), classifierA, classifierB, defineTool({ id: 'say', execute: () => 'x' }), workflow('w', [toolTask('a', 'say', [], { policyTags: ['tagged'] })])],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('w')).runId);
    expect(done.tasks.a!.output).toBe('x12');
    expect(order).toEqual(['sanitize 1 saw "x"', 'sanitize 2 saw "x1"', 'judge-a started on "x12"', 'judge-b started on "x12"', 'judge-a done']);
  });

  it('the most severe answer wins: block over require_approval over sanitize over flag, every decision recorded', async () => {
    const answers: Record<string, GuardrailDecision> = {
      f: { action: 'flag' },
      r: { action: 'require_approval', message: 'ask' },
      b: { action: 'block', reasonCode: 'nope', message: 'nope' },
    };
    const descriptors = Object.entries(answers).map(([id, answer]) => guardrail(id, () => answer, { phases: ['output'] }));
    const t = createTestEngine({
      policies: { all: ['f', 'r', 'b'], soft: ['f', 'r'] },
      descriptors: [...descriptors, textTool('say', 'x'), workflow('hard', [toolTask('a', 'say', [], { policyTags: ['all'] })]), workflow('soft', [toolTask('a', 'say', [], { policyTags: ['soft'] })])],
    });
    const hard = await t.engine.wait((await t.engine.startWorkflow('hard')).runId);
    expect(hard.tasks.a).toMatchObject({ status: 'failed', error: { code: 'E_GUARDRAIL_BLOCKED', details: { guardrailId: 'b' } } });
    expect((await decisionsOf(t, hard.runId)).map((d) => `${d[2]}:${d[3]}`)).toEqual(['f:flag', 'r:require_approval', 'b:block']);
    const soft = await t.engine.wait((await t.engine.startWorkflow('soft')).runId);
    expect(soft.status).toBe('awaiting_input');
  });

  it('runs under the union of workflow and task tags; a guardrail named by both runs once', async () => {
    const calls: string[] = [];
    const counting = (id: string) => guardrail(id, (_payload, ctx) => (calls.push(`${id}:${ctx.phase}:${ctx.policyTags.join('+')}`), { action: 'allow' }), { phases: ['input'] });
    const t = createTestEngine({
      policies: { org: ['shared', 'org-only'], team: ['shared', 'team-only'] },
      descriptors: [counting('shared'), counting('org-only'), counting('team-only'), textTool('say', 'x'), workflow('w', [toolTask('a', 'say', [], { policyTags: ['team'] }), toolTask('b', 'say')], { policyTags: ['org'] })],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('w')).runId);
    expect(done.status).toBe('completed');
    expect(calls.sort()).toEqual(['org-only:input:org', 'org-only:input:org+team', 'shared:input:org', 'shared:input:org+team', 'team-only:input:org+team']);
    const tags = (await t.events(done.runId)).filter((e) => e.type === 'guardrail.decision' && e.taskId === 'a').map((e) => `${e.data!.guardrailId}@${e.data!.tag}`);
    expect(tags).toEqual(['shared@org', 'org-only@org', 'team-only@team']);
  });

  it('a guardrail without the phase\'s method is not asked in that phase', async () => {
    const phases: string[] = [];
    const t = createTestEngine({
      policies: { out: ['output-only'] },
      descriptors: [guardrail('output-only', (_payload, ctx) => (phases.push(ctx.phase), { action: 'allow' }), { phases: ['output'] }), textTool('say', 'x'), workflow('w', [toolTask('a', 'say', [], { policyTags: ['out'] })])],
    });
    await t.engine.wait((await t.engine.startWorkflow('w')).runId);
    expect(phases).toEqual(['output']);
  });
});

describe('policy: failing closed', () => {
  it('a guardrail that does not answer within its timeoutMs blocks (E_GUARDRAIL_FAILED), on the engine clock', async () => {
    const t = createTestEngine({
      policies: { slow: ['stuck'] },
      descriptors: [guardrail('stuck', () => new Promise<GuardrailDecision>(() => undefined), { timeoutMs: 250, phases: ['input'] }), textTool('say', 'x'), workflow('w', [toolTask('a', 'say', [], { policyTags: ['slow'] })])],
    });
    const { runId } = await t.engine.startWorkflow('w');
    await t.clock.advance(249);
    expect((await t.engine.getRun(runId)).tasks.a!.status).toBe('running');
    await t.clock.advance(1);
    const done = await t.engine.wait(runId);
    expect(done.tasks.a).toMatchObject({ status: 'failed', error: { code: 'E_GUARDRAIL_FAILED', details: { guardrailId: 'stuck', reason: 'no answer within 250 ms' } } });
    expect((await t.events(runId)).find((e) => e.type === 'guardrail.decision')!.data).toMatchObject({ action: 'block', reasonCode: 'guardrail_timeout' });
  });

  it('the default timeout is 5000 ms', async () => {
    const t = createTestEngine({
      policies: { slow: ['stuck'] },
      descriptors: [guardrail('stuck', () => new Promise<GuardrailDecision>(() => undefined), { phases: ['input'] }), textTool('say', 'x'), workflow('w', [toolTask('a', 'say', [], { policyTags: ['slow'] })])],
    });
    const { runId } = await t.engine.startWorkflow('w');
    await t.clock.advance(4999);
    expect((await t.engine.getRun(runId)).tasks.a!.status).toBe('running');
    await t.clock.advance(1);
    expect((await t.engine.wait(runId)).tasks.a!.error!.code).toBe('E_GUARDRAIL_FAILED');
  });

  it('a guardrail that throws or answers nonsense blocks, and the task is not retried', async () => {
    const t = createTestEngine({
      policies: { broken: ['throws'], odd: ['nonsense'] },
      descriptors: [
        guardrail('throws', () => {
          throw new Error('classifier offline');
        }),
        guardrail('nonsense', () => ({ action: 'maybe' }) as unknown as GuardrailDecision),
        textTool('say', 'x'),
        workflow('w1', [toolTask('a', 'say', [], { policyTags: ['broken'], retry: { maxAttempts: 3, initialDelayMs: 1 } })]),
        workflow('w2', [toolTask('a', 'say', [], { policyTags: ['odd'] })]),
      ],
    });
    const first = await t.engine.wait((await t.engine.startWorkflow('w1')).runId);
    expect(first.tasks.a).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'E_GUARDRAIL_FAILED', message: 'Guardrail throws failed (it threw: classifier offline); failing closed' } });
    const second = await t.engine.wait((await t.engine.startWorkflow('w2')).runId);
    expect(second.tasks.a!.error).toMatchObject({ code: 'E_GUARDRAIL_FAILED', details: { reason: 'it answered the unknown action "maybe"' } });
  });

  it('onError "allow" fails open: the failure is recorded and the task goes on', async () => {
    const t = createTestEngine({
      policies: { lenient: ['flaky'] },
      descriptors: [
        guardrail('flaky', () => Promise.reject(new Error('service down')), { onError: 'allow', phases: ['output'] }),
        textTool('say', 'x'),
        workflow('w', [toolTask('a', 'say', [], { policyTags: ['lenient'] })]),
      ],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('w')).runId);
    expect(done.tasks.a!.status).toBe('completed');
    expect((await t.events(done.runId)).find((e) => e.type === 'guardrail.decision')!.data).toEqual({
      phase: 'output',
      guardrailId: 'flaky',
      tag: 'lenient',
      action: 'allow',
      reasonCode: 'guardrail_error',
      message: 'failed open: it threw: service down',
    });
  });
});

describe('policy: unknown tags and guardrails are refused, never silently unguarded', () => {
  const tagged = workflow('tagged', [toolTask('a', 'echo', [], { policyTags: ['audited'] })], { policyTags: ['org'] });

  it('compileWorkflow reports E_POLICY_UNKNOWN and E_GUARDRAIL_NOT_FOUND as diagnostics', () => {
    const registry = new DescriptorRegistry();
    registry.register('p', '1.0.0', [echo, guardrail('present', allow)]);
    let error: unknown;
    try {
      compileWorkflow(tagged.payload.definition, registry, { policies: { org: ['present', 'absent'] } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorkflowInvalidError);
    const diagnostics = (error as WorkflowInvalidError).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.details.tag, d.details.guardrailId, d.details.usedBy])).toEqual([
      ['E_GUARDRAIL_NOT_FOUND', 'org', 'absent', 'the workflow'],
      ['E_POLICY_UNKNOWN', 'audited', undefined, 'task a'],
    ]);
    expect(diagnostics[1]!.message).toBe('Policy tag "audited" has no guardrail stack');
  });

  it('a start is refused before anything runs or is stored, with and without a policies map', async () => {
    const ran: unknown[] = [];
    const withPolicies = createTestEngine({ policies: { org: ['absent'] }, descriptors: [textTool('echo', 'x', ran), tagged] });
    const refused = await refusal(withPolicies.engine.startWorkflow('tagged'), 'E_WORKFLOW_INVALID');
    expect((refused as WorkflowInvalidError).diagnostics.map((d) => d.code)).toEqual(['E_GUARDRAIL_NOT_FOUND', 'E_POLICY_UNKNOWN']);
    const without = createTestEngine({ descriptors: [textTool('echo', 'x', ran), tagged] });
    expect((await refusal(without.engine.startWorkflow('tagged'), 'E_WORKFLOW_INVALID')).details.codes).toEqual(['E_POLICY_UNKNOWN', 'E_POLICY_UNKNOWN']);
    expect(ran).toEqual([]);
    expect((await withPolicies.engine.listRuns()).runs).toEqual([]);
  });

  it('an explicit empty stack is allowed; a guardrail that goes away refuses the next start', async () => {
    const t = createTestEngine({ policies: { org: [], audited: ['audit-log'] }, descriptors: [echo, tagged] });
    t.register([guardrail('audit-log', allow)], 'guards', '1.0.0');
    expect((await t.engine.wait((await t.engine.startWorkflow('tagged')).runId)).status).toBe('completed');
    t.registry.unregister('guards');
    const refused = await refusal(t.engine.startWorkflow('tagged'), 'E_WORKFLOW_INVALID');
    expect(refused.details.codes).toEqual(['E_GUARDRAIL_NOT_FOUND']);
  });

  it('a running run keeps the guardrails it started with when a pack replaces one', async () => {
    const seen: string[] = [];
    const version = (name: string) => guardrail('check', () => (seen.push(name), { action: 'allow' }), { phases: ['output'] });
    const gates: ((value: unknown) => void)[] = [];
    const gate = defineTool({ id: 'gate', execute: () => new Promise((resolve) => gates.push(resolve)) });
    const t = createTestEngine({ policies: { p: ['check'] }, descriptors: [gate, workflow('w', [toolTask('a', 'gate', [], { policyTags: ['p'] })])] });
    t.register([version('v1')], 'guards', '1.0.0');
    const first = await t.engine.startWorkflow('w');
    await t.clock.advance(0);
    t.registry.replace('guards', '1.1.0', [version('v2')]);
    const second = await t.engine.startWorkflow('w');
    await t.clock.advance(0);
    for (const open of gates) open('x');
    await t.engine.wait(first.runId);
    await t.engine.wait(second.runId);
    expect(seen.sort()).toEqual(['v1', 'v2']);
    expect((await t.engine.getRun(first.runId)).pin.packVersions.guards).toBe('1.0.0');
  });
});

describe('policy: compensations', () => {
  it('a tagged compensation passes the guardrails: it sees sanitized input, its output is sanitized, and it cannot wait for an approval', async () => {
    const seen: unknown[] = [];
    const redact = guardrail('redact', (payload) => ({ action: 'sanitize', payload: mapStrings(payload, (text) => text.replaceAll('4111', '****')) }), { mode: 'sanitizer' });
    const careful = guardrail('careful', () => ({ action: 'require_approval', message: 'refunds need a human' }), { phases: ['input'] });
    const fail = defineTool({ id: 'fail', execute: () => Promise.reject(new Error('later step broke')) });
    const t = createTestEngine({
      policies: { pii: ['redact'], money: ['careful'] },
      descriptors: [
        redact,
        careful,
        fail,
        defineTool({ id: 'charge', execute: () => ({ card: '4111' }) }),
        defineTool({ id: 'refund', execute: (input) => (seen.push(input), { refunded: '4111' }) }),
        workflow('sanitized', [
          toolTask('charge', 'charge', [], { compensate: 'refund' }),
          toolTask('refund', 'refund'),
          toolTask('next', 'fail', ['charge']),
        ], { policyTags: ['pii'] }),
        workflow('approval', [toolTask('charge', 'charge', [], { compensate: 'refund' }), toolTask('refund', 'refund', [], { policyTags: ['money'] }), toolTask('next', 'fail', ['charge'])]),
      ],
    });
    const first = await t.engine.wait((await t.engine.startWorkflow('sanitized')).runId);
    expect(first.status).toBe('failed');
    expect(seen).toHaveLength(1);
    expect(JSON.stringify(seen[0])).not.toContain('4111');
    const compensated = (await t.events(first.runId)).find((e) => e.type === 'task.compensated')!;
    expect(compensated.data).toMatchObject({ ok: true, by: 'refund', output: { refunded: '****' } });

    const second = await t.engine.wait((await t.engine.startWorkflow('approval')).runId);
    expect(seen).toHaveLength(1);
    expect((await t.events(second.runId)).find((e) => e.type === 'task.compensated')!.data).toMatchObject({
      ok: false,
      error: { code: 'E_GUARDRAIL_BLOCKED', details: { guardrailId: 'careful', phase: 'input' } },
    });
    expect(second.tasks.charge!.compensated).toBe(false);
  });
});

describe('policy: streamed model output', () => {
  const writer = definePersona({ id: 'writer', instructions: 'Write.', providerId: 'scripted' });
  const roles = { roles: [{ roleId: 'author', personaId: 'writer' }] };

  it('chunks pass evaluateChunk in order: sanitized chunks are all the seat ever shows', async () => {
    const clock = new FakeClock();
    const provider = createScriptedProvider({ id: 'scripted', clock, replies: [{ text: 'call 555-0100 now', tokens: ['call ', '555-0100', ' now'], tokenDelayMs: 5 }] });
    const t = createTestEngine({
      clock,
      policies: { pii: ['phones'] },
      descriptors: [
        writer,
        provider.descriptor,
        guardrail('phones', (payload) => {
          const text = JSON.stringify(payload);
          return text.includes('555-0100') ? { action: 'sanitize', reasonCode: 'phone', payload: mapStrings(payload, (s) => s.replaceAll('555-0100', '[phone]')) } : { action: 'allow' };
        }, { mode: 'sanitizer', phases: ['output', 'chunk'] }),
        workflow('w', [{ id: 'say', executor: { type: 'gmi', roleId: 'author' }, policyTags: ['pii'] }], roles),
      ],
    });
    const { runId } = await t.engine.startWorkflow('w');
    await clock.advance(100);
    const done = await t.engine.wait(runId);
    expect(done.tasks.say!.output).toBe('call [phone] now');
    const previews = t.updates.filter((u) => u.seat?.roleId === 'author').map((u) => u.seat!.lastOutputPreview);
    expect(previews[previews.length - 1]).toBe('call [phone] now');
    expect(JSON.stringify(t.updates)).not.toContain('555-0100');
    // Allowed chunks are not recorded one by one; the sanitized one is.
    expect((await decisionsOf(t, runId)).filter((d) => d[1] === 'chunk')).toEqual([['say', 'chunk', 'phones', 'sanitize']]);
  });

  it('a chunk block stops the model call and fails the task with E_GUARDRAIL_BLOCKED', async () => {
    const clock = new FakeClock();
    const provider = createScriptedProvider({ id: 'scripted', clock, replies: [{ text: 'a b forbidden c d', tokenDelayMs: 5 }] });
    const t = createTestEngine({
      clock,
      policies: { strict: ['stop-word'] },
      descriptors: [
        writer,
        provider.descriptor,
        guardrail('stop-word', (chunk) => (String(chunk).includes('forbidden') ? { action: 'block', reasonCode: 'stop_word' } : { action: 'allow' }), { phases: ['chunk'] }),
        workflow('w', [{ id: 'say', executor: { type: 'gmi', roleId: 'author' }, policyTags: ['strict'] }], roles),
      ],
    });
    const { runId } = await t.engine.startWorkflow('w');
    await clock.advance(100);
    const done = await t.engine.wait(runId);
    expect(done.tasks.say).toMatchObject({ status: 'failed', error: { code: 'E_GUARDRAIL_BLOCKED', details: { phase: 'chunk', reasonCode: 'stop_word' } } });
    expect(provider.calls[0]!.aborted).toBe(true);
    expect(JSON.stringify(t.updates)).not.toContain('forbidden');
  });

  it('a chunk asking for approval withholds the chunk and makes the output wait for a human', async () => {
    const provider = createScriptedProvider({ id: 'scripted', replies: [{ text: 'launch the rocket', tokens: ['launch ', 'the rocket'] }] });
    const t = createTestEngine({
      policies: { risky: ['launch-check'] },
      descriptors: [
        writer,
        provider.descriptor,
        guardrail('launch-check', (chunk) => (String(chunk).includes('launch') ? { action: 'require_approval', message: 'mentions a launch' } : { action: 'allow' }), { phases: ['chunk'] }),
        workflow('w', [{ id: 'say', executor: { type: 'gmi', roleId: 'author' }, policyTags: ['risky'] }], roles),
      ],
    });
    const { runId } = await t.engine.startWorkflow('w');
    const waiting = await t.engine.wait(runId);
    expect(waiting.status).toBe('awaiting_input');
    expect((await t.events(runId)).find((e) => e.type === 'task.awaiting_input')!.data).toMatchObject({ phase: 'output', reason: 'launch-check: mentions a launch' });
    expect(t.updates.map((u) => u.seat?.lastOutputPreview).filter(Boolean)).not.toContain('launch ');
    await t.engine.answerHumanTask(runId, 'say', { approved: true, actor: 'ops' });
    expect((await t.engine.wait(runId)).tasks.say!.output).toBe('launch the rocket');
  });
});
