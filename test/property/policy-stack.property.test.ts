import { defineGuardrail, defineTool, defineWorkflow, GUARDRAIL_SEVERITY, type GuardrailAction } from '@troupe/sdk';
import { createTestEngine } from '@troupe/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

interface GuardSpec {
  readonly mode: 'sanitizer' | 'classifier';
  readonly action: GuardrailAction;
  /** Answers asynchronously. */
  readonly async: boolean;
}

const stackArbitrary = fc.array(
  fc.record({
    mode: fc.constantFrom<GuardSpec['mode']>('sanitizer', 'classifier'),
    action: fc.constantFrom<GuardrailAction>('allow', 'allow', 'flag', 'sanitize', 'require_approval', 'block'),
    async: fc.boolean(),
  }),
  { minLength: 1, maxLength: 6 },
);

/** What the rules say a stack makes of the payload "x": the guardrails asked, in order, and the outcome. */
function expected(stack: readonly GuardSpec[]): { asked: string[]; outcome: 'completed' | 'approval' | 'blocked' | 'failed'; output?: string } {
  const asked: string[] = [];
  let payload = 'x';
  let worst = 'allow' as GuardrailAction;
  const worse = (action: GuardrailAction): void => {
    if (GUARDRAIL_SEVERITY[action] > GUARDRAIL_SEVERITY[worst]) worst = action;
  };
  for (const [index, spec] of stack.entries()) {
    if (spec.mode !== 'sanitizer') continue;
    asked.push(`g${index}`);
    worse(spec.action);
    if (spec.action === 'sanitize') payload += `+g${index}`;
    if (spec.action === 'block') return { asked, outcome: 'blocked' };
  }
  const classifiers = stack.map((spec, index) => ({ spec, index })).filter(({ spec }) => spec.mode === 'classifier');
  for (const { spec, index } of classifiers) {
    asked.push(`g${index}`);
    worse(spec.action);
  }
  const sanitizing = classifiers.filter(({ spec }) => spec.action === 'sanitize');
  if (sanitizing.length === 1) payload += `+g${sanitizing[0]!.index}`;
  if (worst === 'block') return { asked, outcome: 'blocked' };
  if (sanitizing.length > 1) return { asked, outcome: 'failed' };
  if (worst === 'require_approval') return { asked, outcome: 'approval', output: payload };
  return { asked, outcome: 'completed', output: payload };
}

describe('policy properties over random guardrail stacks', () => {
  it('sanitizers chain in order, classifiers see their result, the most severe answer decides, every answer is recorded', async () => {
    await fc.assert(
      fc.asyncProperty(stackArbitrary, async (stack) => {
        const guardrails = stack.map((spec, index) => {
          const id = `g${index}`;
          const decide = (payload: unknown) => {
            const decision = spec.action === 'sanitize' ? { action: spec.action, payload: `${payload as string}+${id}` } : { action: spec.action, reasonCode: id };
            return spec.async ? Promise.resolve(decision) : decision;
          };
          return defineGuardrail({ id, mode: spec.mode, evaluateOutput: decide });
        });
        const t = createTestEngine({
          policies: { p: guardrails.map((g) => g.id) },
          descriptors: [
            ...guardrails,
            defineTool({ id: 'say', execute: () => 'x' }),
            defineWorkflow({ id: 'w', version: '1.0.0', tasks: [{ id: 'a', executor: { type: 'tool', toolId: 'say' }, policyTags: ['p'] }] }),
          ],
        });
        const { runId } = await t.engine.startWorkflow('w');
        const state = await t.engine.wait(runId);
        const want = expected(stack);
        const decisions = (await t.events(runId)).filter((e) => e.type === 'guardrail.decision').map((e) => e.data!.guardrailId);
        expect(decisions).toEqual(want.asked);
        expect((await t.audit(runId)).filter((entry) => entry.action === 'guardrail.decision')).toHaveLength(want.asked.length);
        const task = state.tasks.a!;
        if (want.outcome === 'blocked') expect(task.error?.code).toBe('E_GUARDRAIL_BLOCKED');
        else if (want.outcome === 'failed') expect(task.error?.code).toBe('E_GUARDRAIL_FAILED');
        else if (want.outcome === 'approval') {
          expect(state.status).toBe('awaiting_input');
          await t.engine.answerHumanTask(runId, 'a', { approved: true, actor: 'prop' });
          expect((await t.engine.wait(runId)).tasks.a!.output).toBe(want.output);
        } else {
          expect(task).toMatchObject({ status: 'completed', output: want.output });
        }
        await t.close();
      }),
      { numRuns: 150 },
    );
  });
});
