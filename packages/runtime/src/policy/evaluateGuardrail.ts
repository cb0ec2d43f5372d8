import { GUARDRAIL_SEVERITY, TroupeError, type GuardrailDecision, type Logger, type ToolCallTarget, describeThrown } from '@troupe/sdk';
import type { Clock } from '../engine/Clock.js';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import { GuardrailCallContext } from './GuardrailCallContext.js';
import type { PolicyDecisionRecord } from './PolicyEnforcer.js';
import type { StackedGuardrail } from './resolveGuardrailStack.js';

/** How long a guardrail may take unless it says otherwise. */
export const DEFAULT_GUARDRAIL_TIMEOUT_MS = 5000;
/** Failure reasons are cut to this length: they go to events and the audit log. */
const REASON_LIMIT = 300;

export type GuardrailPhase = 'input' | 'output' | 'chunk';

/** What evaluating a guardrail needs from the host. */
export interface GuardrailEnvironment {
  readonly clock: Clock;
  readonly secrets: SecretResolver;
  readonly logger: Logger;
}

/** The part of a check a guardrail call needs. */
export interface GuardrailCallTarget {
  readonly runId: string;
  readonly taskId: string;
  readonly policyTags: readonly string[];
  readonly signal: AbortSignal;
  readonly toolCall?: ToolCallTarget;
}

/** One guardrail's answer, normalised. */
export interface GuardrailOutcome {
  readonly record: PolicyDecisionRecord;
  /** For `sanitize`: the replacement payload. */
  readonly payload?: unknown;
  /** Set when the guardrail threw, timed out or answered something invalid and failed closed (onError "block"). */
  readonly failure?: string;
}

/** Whether a guardrail has something to say in this phase (one without the phase's method is not applicable). */
export function appliesTo(stacked: StackedGuardrail, phase: GuardrailPhase): boolean {
  const spec = stacked.guardrail.descriptor.payload;
  return typeof (phase === 'input' ? spec.evaluateInput : phase === 'output' ? spec.evaluateOutput : spec.evaluateChunk) === 'function';
}

/**
 * Asks one guardrail, within its `timeoutMs` (default 5000 on the engine's
 * clock). A throw, a timeout or an invalid answer counts as `block` with
 * reasonCode guardrail_error/guardrail_timeout (fail closed), or as `allow`
 * when the guardrail says `onError: "allow"`. Never throws.
 */
export function evaluateGuardrail(
  stacked: StackedGuardrail,
  phase: GuardrailPhase,
  payload: unknown,
  target: GuardrailCallTarget,
  env: GuardrailEnvironment,
): GuardrailOutcome | Promise<GuardrailOutcome> {
  const spec = stacked.guardrail.descriptor.payload;
  const guardrailId = stacked.guardrail.descriptor.id;
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(target.signal.reason);
  if (target.signal.aborted) controller.abort(target.signal.reason);
  else target.signal.addEventListener('abort', onAbort, { once: true });
  const release = (): void => target.signal.removeEventListener('abort', onAbort);
  const context = new GuardrailCallContext(target.runId, target.taskId, phase, target.policyTags, controller.signal, guardrailId, env.secrets, env.logger, target.toolCall);

  let answer: GuardrailDecision | Promise<GuardrailDecision> | undefined;
  try {
    // Called as methods: a guardrail may rely on `this`.
    if (phase === 'input') answer = spec.evaluateInput?.(payload, context);
    else if (phase === 'output') answer = spec.evaluateOutput?.(payload, context);
    else answer = spec.evaluateChunk?.(payload as string, context);
  } catch (error) {
    release();
    return failed(stacked, 'guardrail_error', describe(error));
  }
  if (!isPromiseLike(answer)) {
    release();
    return outcomeOf(stacked, phase, answer);
  }
  const timeoutMs = spec.timeoutMs ?? DEFAULT_GUARDRAIL_TIMEOUT_MS;
  return new Promise<GuardrailOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: GuardrailOutcome): void => {
      if (settled) return;
      settled = true;
      env.clock.clearTimeout(timer);
      release();
      resolve(outcome);
    };
    const timer = env.clock.setTimeout(() => {
      const reason = `no answer within ${timeoutMs} ms`;
      controller.abort(new TroupeError('E_GUARDRAIL_FAILED', { guardrailId, reason }));
      finish(failed(stacked, 'guardrail_timeout', reason));
    }, timeoutMs);
    Promise.resolve(answer).then(
      (decision) => finish(outcomeOf(stacked, phase, decision)),
      (error: unknown) => finish(failed(stacked, 'guardrail_error', describe(error))),
    );
  });
}

/** A decision that cannot be read (a Proxy whose traps throw, a throwing getter) fails like a throw. */
function outcomeOf(stacked: StackedGuardrail, phase: GuardrailPhase, decision: unknown): GuardrailOutcome {
  try {
    return readOutcome(stacked, phase, decision);
  } catch (error) {
    return failed(stacked, 'guardrail_error', `its decision cannot be read: ${describeThrown(error)}`.slice(0, REASON_LIMIT));
  }
}

function readOutcome(stacked: StackedGuardrail, phase: GuardrailPhase, decision: unknown): GuardrailOutcome {
  if (typeof decision !== 'object' || decision === null) return failed(stacked, 'guardrail_error', `it answered ${decision === null ? 'null' : typeof decision}, not a decision`);
  const { action, reasonCode, message } = decision as GuardrailDecision;
  if (typeof action !== 'string' || !Object.hasOwn(GUARDRAIL_SEVERITY, action)) {
    return failed(stacked, 'guardrail_error', `it answered the unknown action "${describeThrown(action)}"`);
  }
  if (action === 'sanitize') {
    if (!('payload' in decision)) return failed(stacked, 'guardrail_error', 'it answered sanitize without a payload');
    if (phase === 'chunk' && typeof (decision as GuardrailDecision).payload !== 'string') return failed(stacked, 'guardrail_error', 'it sanitized a chunk into something other than text');
  }
  const record: PolicyDecisionRecord = {
    guardrailId: stacked.guardrail.descriptor.id,
    tag: stacked.tag,
    action,
    ...(typeof reasonCode === 'string' ? { reasonCode } : {}),
    ...(typeof message === 'string' ? { message: message.slice(0, REASON_LIMIT) } : {}),
  };
  return action === 'sanitize' ? { record, payload: (decision as GuardrailDecision).payload } : { record };
}

function failed(stacked: StackedGuardrail, reasonCode: 'guardrail_error' | 'guardrail_timeout', reason: string): GuardrailOutcome {
  const guardrailId = stacked.guardrail.descriptor.id;
  if (stacked.guardrail.descriptor.payload.onError === 'allow') {
    return { record: { guardrailId, tag: stacked.tag, action: 'allow', reasonCode, message: `failed open: ${reason}` } };
  }
  return { record: { guardrailId, tag: stacked.tag, action: 'block', reasonCode, message: reason }, failure: reason };
}

function describe(error: unknown): string {
  const text = describeThrown(error);
  return `it threw: ${text}`.slice(0, REASON_LIMIT);
}

function isPromiseLike(value: unknown): value is PromiseLike<GuardrailDecision> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
