import { defineGuardrail, type GuardrailDecision, type GuardrailSpec, type Logger } from '@troupe/sdk';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../engine/Clock.js';
import { DescriptorRegistry } from '../registry/DescriptorRegistry.js';
import { HostSecrets } from '../secrets/HostSecrets.js';
import { GuardrailEnforcer } from './GuardrailEnforcer.js';
import type { PolicyCheck } from './PolicyEnforcer.js';

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child: () => silent };

/** Timers that fire only when `fire()` is called. */
function manualClock(): Clock & { fire(): void } {
  const timers = new Map<number, () => void>();
  let next = 1;
  return {
    now: () => 0,
    setTimeout: (callback) => (timers.set(next, callback), next++),
    clearTimeout: (handle) => void timers.delete(handle as number),
    fire: () => {
      for (const [id, callback] of [...timers]) {
        timers.delete(id);
        callback();
      }
    },
  };
}

function setup(guardrails: Record<string, Omit<GuardrailSpec, 'id'>>, policies: Record<string, readonly string[]>) {
  const registry = new DescriptorRegistry();
  registry.register('guards', '1.0.0', Object.entries(guardrails).map(([id, spec]) => defineGuardrail({ id, ...spec })));
  const clock = manualClock();
  const enforcer = new GuardrailEnforcer({ descriptors: registry, policies, clock, secrets: new HostSecrets({ values: { key: 'the-secret-value' }, env: {} }), logger: silent });
  return { enforcer, clock };
}

const check = (policyTags: readonly string[], phase: 'input' | 'output' = 'input'): PolicyCheck => ({ runId: 'r', taskId: 't', attempt: 1, phase, policyTags, signal: new AbortController().signal });
const answer = (decision: GuardrailDecision) => () => decision;

describe('GuardrailEnforcer', () => {
  it('allows with no decisions when no guardrail of the stack applies to the phase', async () => {
    const { enforcer } = setup({ out: { evaluateOutput: answer({ action: 'block' }) } }, { t: ['out'] });
    expect(await enforcer.check(check(['t'], 'input'), 'x')).toEqual({ action: 'allow', payload: 'x', decisions: [] });
  });

  it('fails closed for a tag without a stack or a guardrail that is not active (checks without a resolved stack)', async () => {
    const { enforcer } = setup({}, { t: ['missing'] });
    const unknown = await enforcer.check(check(['nope']), 'x');
    expect(unknown).toMatchObject({ action: 'block', error: { code: 'E_POLICY_UNKNOWN' } });
    expect(await enforcer.check(check(['t']), 'x')).toMatchObject({ action: 'block', error: { code: 'E_GUARDRAIL_NOT_FOUND' } });
  });

  it('stops the sanitizer chain at a block', async () => {
    const asked: string[] = [];
    const { enforcer } = setup(
      {
        s1: { mode: 'sanitizer', evaluateInput: () => (asked.push('s1'), { action: 'block', reasonCode: 'no' }) },
        s2: { mode: 'sanitizer', evaluateInput: () => (asked.push('s2'), { action: 'allow' }) },
        c: { evaluateInput: () => (asked.push('c'), { action: 'allow' }) },
      },
      { t: ['s1', 's2', 'c'] },
    );
    const verdict = await enforcer.check(check(['t']), 'x');
    expect(verdict).toMatchObject({ action: 'block', error: { code: 'E_GUARDRAIL_BLOCKED', details: { guardrailId: 's1', reasonCode: 'no' } } });
    expect(asked).toEqual(['s1']);
  });

  it('applies the sanitized payload of a single classifier, and fails closed when two classifiers sanitize in parallel', async () => {
    const one = setup({ c: { evaluateInput: answer({ action: 'sanitize', payload: 'clean' }) } }, { t: ['c'] });
    expect(await one.enforcer.check(check(['t']), 'dirty')).toMatchObject({ action: 'allow', payload: 'clean' });
    const two = setup({ c1: { evaluateInput: answer({ action: 'sanitize', payload: 'a' }) }, c2: { evaluateInput: answer({ action: 'sanitize', payload: 'b' }) } }, { t: ['c1', 'c2'] });
    expect(await two.enforcer.check(check(['t']), 'dirty')).toMatchObject({ action: 'block', error: { code: 'E_GUARDRAIL_FAILED', details: { guardrailId: 'c1, c2' } } });
  });

  it('joins the reasons of every guardrail asking for approval', async () => {
    const { enforcer } = setup({ a: { evaluateInput: answer({ action: 'require_approval', message: 'large amount' }) }, b: { evaluateInput: answer({ action: 'require_approval', reasonCode: 'new_payee' }) } }, { t: ['a', 'b'] });
    expect(await enforcer.check(check(['t']), 'x')).toMatchObject({ action: 'require_approval', reason: 'a: large amount; b: new_payee', payload: 'x' });
  });

  it('times a guardrail out on the clock it was given and aborts its signal', async () => {
    let signal: AbortSignal | undefined;
    const { enforcer, clock } = setup({ slow: { timeoutMs: 10, evaluateInput: (_p, ctx) => ((signal = ctx.signal), new Promise<GuardrailDecision>(() => undefined)) } }, { t: ['slow'] });
    const pending = enforcer.check(check(['t']), 'x');
    await Promise.resolve();
    clock.fire();
    expect(await pending).toMatchObject({ action: 'block', error: { code: 'E_GUARDRAIL_FAILED', details: { reason: 'no answer within 10 ms' } } });
    expect(signal!.aborted).toBe(true);
  });

  it('checks sanitize answers: a chunk must stay text, a payload must be given', async () => {
    const { enforcer } = setup(
      { bad: { onError: 'block', evaluateChunk: answer({ action: 'sanitize', payload: 42 }), evaluateInput: answer({ action: 'sanitize' }) } },
      { t: ['bad'] },
    );
    expect(await enforcer.checkChunk({ ...check(['t']), phase: 'chunk' }, 'x')).toMatchObject({ action: 'block', error: { details: { reason: 'it sanitized a chunk into something other than text' } } });
    expect(await enforcer.check(check(['t']), 'x')).toMatchObject({ action: 'block', error: { details: { reason: 'it answered sanitize without a payload' } } });
  });

  it('lets guardrails ask whether a text holds a host secret, never handing out values', async () => {
    let found: boolean[] = [];
    const { enforcer } = setup({ s: { evaluateInput: (payload, ctx) => ((found = [ctx.containsSecret(String(payload)), ctx.containsSecret('nothing')]), { action: 'allow' }) } }, { t: ['s'] });
    await enforcer.check(check(['t']), 'x the-secret-value y');
    expect(found).toEqual([true, false]);
  });
});
