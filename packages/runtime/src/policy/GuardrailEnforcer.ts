import { GUARDRAIL_SEVERITY, TroupeError, type GuardrailAction } from '@troupe/sdk';
import type { DescriptorLookup } from '../registry/DescriptorRegistry.js';
import { appliesTo, evaluateGuardrail, type GuardrailEnvironment, type GuardrailOutcome, type GuardrailPhase } from './evaluateGuardrail.js';
import type { PolicyMap } from './mergePolicies.js';
import type { ChunkCheck, ChunkVerdict, PolicyCheck, PolicyDecisionRecord, PolicyEnforcer, PolicyVerdict } from './PolicyEnforcer.js';
import { resolveGuardrailStack, type StackedGuardrail } from './resolveGuardrailStack.js';

export interface GuardrailEnforcerOptions extends GuardrailEnvironment {
  readonly descriptors: DescriptorLookup;
  /** Policy tag → guardrail ids; used when a check does not carry the stack its plan resolved. */
  readonly policies: PolicyMap;
}

/** What a stack made of one payload. */
interface StackResult {
  readonly outcomes: readonly GuardrailOutcome[];
  readonly payload: unknown;
  /** Guardrail ids of classifiers that each sanitized the same payload in parallel. */
  readonly parallelSanitizers: readonly string[];
}

/**
 * The engine's policy enforcer built from `guardrail` descriptors and the
 * policies map. For one payload: the applicable guardrails of the stack
 * (those with a method for the phase) run as `sanitizer`s one after the
 * other, each seeing the previous one's payload, then as `classifier`s in
 * parallel on the sanitized payload; the most severe answer wins
 * (GUARDRAIL_SEVERITY; ties go to the first in stack order).
 */
export class GuardrailEnforcer implements PolicyEnforcer {
  constructor(private readonly options: GuardrailEnforcerOptions) {}

  async check(check: PolicyCheck, payload: unknown): Promise<PolicyVerdict> {
    const stack = this.stackOf(check);
    if (stack instanceof TroupeError) return { action: 'block', error: stack };
    const result = await this.evaluate(stack, check.phase, payload, check);
    const decisions = result.outcomes.map((outcome) => outcome.record);
    const worst = mostSevere(result);
    if (worst.action === 'block') return { action: 'block', error: this.blockError(worst, check), decisions };
    if (worst.action === 'require_approval') return { action: 'require_approval', reason: approvalReason(result.outcomes), payload: result.payload, decisions };
    return { action: 'allow', payload: result.payload, decisions };
  }

  async checkChunk(check: ChunkCheck, chunk: string): Promise<ChunkVerdict> {
    const stack = this.stackOf(check);
    if (stack instanceof TroupeError) return { action: 'block', error: stack };
    const result = await this.evaluate(stack, 'chunk', chunk, check);
    const decisions = result.outcomes.map((outcome) => outcome.record);
    const worst = mostSevere(result);
    if (worst.action === 'block') return { action: 'block', error: this.blockError(worst, check), decisions };
    if (worst.action === 'require_approval') return { action: 'require_approval', reason: approvalReason(result.outcomes), decisions };
    return { action: 'allow', chunk: result.payload as string, decisions };
  }

  /** The stack the plan resolved, or (for a check without one) the current one; unknown tags fail closed. */
  private stackOf(check: PolicyCheck | ChunkCheck): readonly StackedGuardrail[] | TroupeError {
    if (check.guardrails) return check.guardrails;
    const { guardrails, problems } = resolveGuardrailStack(check.policyTags, this.options.policies, this.options.descriptors);
    return problems[0] ?? guardrails;
  }

  private async evaluate(stack: readonly StackedGuardrail[], phase: GuardrailPhase, payload: unknown, check: PolicyCheck | ChunkCheck): Promise<StackResult> {
    const outcomes: GuardrailOutcome[] = [];
    let current = payload;
    const classifiers: StackedGuardrail[] = [];
    for (const stacked of stack) {
      if (!appliesTo(stacked, phase)) continue;
      if (stacked.guardrail.descriptor.payload.mode !== 'sanitizer') {
        classifiers.push(stacked);
        continue;
      }
      const outcome = await evaluateGuardrail(stacked, phase, current, check, this.options);
      outcomes.push(outcome);
      if (outcome.record.action === 'sanitize') current = outcome.payload;
      // Nothing after a block can change the verdict.
      if (outcome.record.action === 'block') return { outcomes, payload: current, parallelSanitizers: [] };
    }
    if (classifiers.length === 0) return { outcomes, payload: current, parallelSanitizers: [] };
    const judged = await Promise.all(classifiers.map((stacked) => evaluateGuardrail(stacked, phase, current, check, this.options)));
    const sanitizing = judged.filter((outcome) => outcome.record.action === 'sanitize');
    outcomes.push(...judged);
    if (sanitizing.length === 1) current = sanitizing[0]!.payload;
    return { outcomes, payload: current, parallelSanitizers: sanitizing.length > 1 ? sanitizing.map((outcome) => outcome.record.guardrailId) : [] };
  }

  private blockError(worst: Worst, check: PolicyCheck | ChunkCheck): TroupeError {
    const { outcome } = worst;
    if (!outcome) {
      return new TroupeError('E_GUARDRAIL_FAILED', {
        guardrailId: worst.parallelSanitizers.join(', '),
        reason: 'several classifiers sanitized the same payload in parallel; declare them mode "sanitizer" so they run one after the other',
        phase: check.phase,
        taskId: check.taskId,
      });
    }
    const { guardrailId, reasonCode, message, tag } = outcome.record;
    const toolCall = 'toolCall' in check ? check.toolCall : undefined;
    if (outcome.failure !== undefined) {
      return new TroupeError('E_GUARDRAIL_FAILED', {
        guardrailId,
        reason: outcome.failure,
        phase: check.phase,
        taskId: check.taskId,
        tag,
        reasonCode,
        ...(toolCall ? { toolId: toolCall.toolId, part: toolCall.part } : {}),
      });
    }
    if (toolCall) {
      return new TroupeError('E_GUARDRAIL_TOOL_CALL_BLOCKED', {
        guardrailId,
        toolId: toolCall.toolId,
        part: toolCall.part,
        taskId: check.taskId,
        reason: message ?? reasonCode ?? 'the content breaks the policy',
        reasonCode,
        tag,
        tags: check.policyTags,
      });
    }
    return new TroupeError('E_GUARDRAIL_BLOCKED', {
      guardrailId,
      phase: check.phase,
      taskId: check.taskId,
      reason: message ?? reasonCode ?? 'the content breaks the policy',
      reasonCode,
      tag,
      tags: check.policyTags,
    });
  }
}

interface Worst {
  readonly action: GuardrailAction;
  /** The first outcome (in stack order) with that action; none when parallel sanitizers made the block. */
  readonly outcome?: GuardrailOutcome;
  readonly parallelSanitizers: readonly string[];
}

function mostSevere(result: StackResult): Worst {
  // Two classifiers rewriting the same payload cannot both be applied: fail closed.
  if (result.parallelSanitizers.length > 0 && !result.outcomes.some((outcome) => outcome.record.action === 'block')) {
    return { action: 'block', parallelSanitizers: result.parallelSanitizers };
  }
  let worst: GuardrailOutcome | undefined;
  for (const outcome of result.outcomes) {
    if (!worst || GUARDRAIL_SEVERITY[outcome.record.action] > GUARDRAIL_SEVERITY[worst.record.action]) worst = outcome;
  }
  return { action: worst?.record.action ?? 'allow', ...(worst ? { outcome: worst } : {}), parallelSanitizers: [] };
}

function approvalReason(outcomes: readonly GuardrailOutcome[]): string {
  return outcomes
    .filter((outcome) => outcome.record.action === 'require_approval')
    .map(({ record }: { record: PolicyDecisionRecord }) => `${record.guardrailId}: ${record.message ?? record.reasonCode ?? 'needs a human approval'}`)
    .join('; ');
}
