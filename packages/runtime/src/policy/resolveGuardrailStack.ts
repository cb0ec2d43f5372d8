import { TroupeError } from '@troupe/sdk';
import type { ActiveDescriptor, DescriptorLookup } from '../registry/DescriptorRegistry.js';

/** A guardrail of a task's stack, with the tag that brought it in. */
export interface StackedGuardrail {
  readonly tag: string;
  readonly guardrail: ActiveDescriptor<'guardrail'>;
}

export interface GuardrailStack {
  /** In order: each tag's stack in turn, a guardrail named by several tags once (under the first). */
  readonly guardrails: readonly StackedGuardrail[];
  /** E_POLICY_UNKNOWN for a tag without a stack, E_GUARDRAIL_NOT_FOUND for a guardrail that is not active. */
  readonly problems: readonly TroupeError[];
}

/**
 * The guardrails a set of policy tags puts a task under. Never silently
 * unguarded: every tag needs a stack and every guardrail of it must be
 * active, else a problem is reported (an explicit empty stack is allowed).
 */
export function resolveGuardrailStack(
  tags: readonly string[],
  policies: Readonly<Record<string, readonly string[]>>,
  lookup: DescriptorLookup,
): GuardrailStack {
  const guardrails: StackedGuardrail[] = [];
  const problems: TroupeError[] = [];
  const seen = new Set<string>();
  for (const tag of tags) {
    const stack = Object.hasOwn(policies, tag) ? policies[tag] : undefined;
    if (stack === undefined) {
      problems.push(new TroupeError('E_POLICY_UNKNOWN', { tag }));
      continue;
    }
    for (const guardrailId of stack) {
      if (seen.has(guardrailId)) continue;
      const guardrail = lookup.get('guardrail', guardrailId);
      if (!guardrail) {
        problems.push(new TroupeError('E_GUARDRAIL_NOT_FOUND', { tag, guardrailId }));
        continue;
      }
      seen.add(guardrailId);
      guardrails.push({ tag, guardrail });
    }
  }
  return { guardrails, problems };
}
