import { TroupeError, type CatchUpPolicy, type JsonValue, describeThrown } from '@troupe/sdk';
import { compileExpression, type CompiledExpression } from '../expressions/compileExpression.js';
import { canonicalJson } from '../engine/hashDefinition.js';
import { CronSchedule } from './CronSchedule.js';
import { parseRunAt } from './parseRunAt.js';
import { DEFAULT_CATCH_UP, triggerKey, type WorkflowTrigger } from './WorkflowTrigger.js';

/** The only root an event trigger's filter and input binding may read: the emitted payload. */
export const EVENT_EXPRESSION_ROOTS = ['event'] as const;

interface CompiledBase {
  /** `<workflowId>#<triggerId>` */
  readonly key: string;
  readonly trigger: WorkflowTrigger;
  /** Canonical JSON of the trigger: equal signatures mean an unchanged trigger on update. */
  readonly signature: string;
}

export interface CompiledCronTrigger extends CompiledBase {
  readonly kind: 'cron';
  readonly schedule: CronSchedule;
  readonly catchUp: CatchUpPolicy;
}

export interface CompiledRunAtTrigger extends CompiledBase {
  readonly kind: 'runAt';
  /** Epoch ms. */
  readonly runAt: number;
  readonly catchUp: CatchUpPolicy;
}

export interface CompiledEventTrigger extends CompiledBase {
  readonly kind: 'event';
  readonly event: string;
  readonly filter?: CompiledExpression;
  /** How the run input is made from the payload; absent: the payload itself. */
  readonly input?: { readonly from: CompiledExpression } | { readonly value: JsonValue };
}

export type CompiledTrigger = CompiledCronTrigger | CompiledRunAtTrigger | CompiledEventTrigger;

export interface CompiledTriggers {
  readonly compiled: readonly CompiledTrigger[];
  /** One E_TRIGGER_INVALID per invalid trigger, listing all of its problems. */
  readonly problems: readonly TroupeError[];
}

const CATCH_UP_POLICIES: ReadonlySet<unknown> = new Set<CatchUpPolicy>(['none', 'latest', 'all']);

/**
 * Checks and prepares triggers: cron patterns and timezones, runAt dates,
 * event filters and input bindings, catchUp policies and duplicate keys.
 * Every problem of every trigger is collected; valid triggers are compiled
 * even when others are not.
 */
export function compileTriggers(triggers: readonly WorkflowTrigger[], now: number): CompiledTriggers {
  const compiled: CompiledTrigger[] = [];
  const problems: TroupeError[] = [];
  const seen = new Set<string>();
  for (const trigger of triggers) {
    const reasons: string[] = [];
    const key = describeKey(trigger);
    if (seen.has(key)) reasons.push(`another trigger has the same key ${key}; trigger ids must be unique per workflow`);
    seen.add(key);
    const result = compileOne(trigger, key, now, reasons);
    if (reasons.length > 0 || result === undefined) problems.push(new TroupeError('E_TRIGGER_INVALID', { triggerId: key, reason: reasons.join('; ') }));
    else compiled.push(result);
  }
  return { compiled, problems };
}

/** One error for a list of problems: the problem itself when there is one, else a summary of all. */
export function combineTriggerProblems(problems: readonly TroupeError[]): TroupeError | undefined {
  if (problems.length <= 1) return problems[0];
  const triggerIds = problems.map((problem) => String(problem.details['triggerId']));
  const reasons = problems.map((problem) => `${String(problem.details['triggerId'])}: ${String(problem.details['reason'])}`);
  return new TroupeError(
    'E_TRIGGER_INVALID',
    { triggerId: triggerIds, reason: reasons.join(' | '), problems: reasons },
    { message: `${problems.length} triggers are invalid: ${reasons.join(' | ')}` },
  );
}

function describeKey(trigger: WorkflowTrigger): string {
  if (typeof trigger !== 'object' || trigger === null) return triggerKey({ workflowId: '<no workflowId>', id: '<no id>' });
  const record = trigger as unknown as Record<string, unknown>;
  const workflowId = typeof record['workflowId'] === 'string' && record['workflowId'] !== '' ? record['workflowId'] : '<no workflowId>';
  const id = typeof record['id'] === 'string' && record['id'] !== '' ? record['id'] : '<no id>';
  return triggerKey({ workflowId, id });
}

function compileOne(trigger: WorkflowTrigger, key: string, now: number, reasons: string[]): CompiledTrigger | undefined {
  if (typeof trigger !== 'object' || trigger === null) {
    reasons.push('a trigger must be an object');
    return undefined;
  }
  // Definitions registered from code skip the JSON Schema, so nothing is taken for granted.
  const record = trigger as unknown as Record<string, unknown>;
  if (typeof record['id'] !== 'string' || record['id'] === '') reasons.push('"id" must be a non-empty string');
  if (typeof record['workflowId'] !== 'string' || record['workflowId'] === '') reasons.push('"workflowId" must name the workflow to start');
  const signature = canonicalJson(trigger);
  switch (trigger.type) {
    case 'cron': {
      const catchUp = checkCatchUp(record, reasons);
      if (typeof trigger.cron !== 'string' || trigger.cron.trim() === '') {
        reasons.push('"cron" must be a cron pattern such as "0 9 * * 1-5"');
        return undefined;
      }
      if (trigger.timezone !== undefined && typeof trigger.timezone !== 'string') {
        reasons.push('"timezone" must be an IANA timezone name');
        return undefined;
      }
      let schedule: CronSchedule;
      try {
        schedule = new CronSchedule(trigger.cron, trigger.timezone);
        if (schedule.nextAfter(now) === undefined) reasons.push(`the cron pattern "${trigger.cron}" never fires`);
      } catch (error) {
        reasons.push(describeThrown(error));
        return undefined;
      }
      return { kind: 'cron', key, trigger, signature, schedule, catchUp };
    }
    case 'runAt': {
      const catchUp = checkCatchUp(record, reasons);
      if (typeof trigger.runAt !== 'string') {
        reasons.push('"runAt" must be an ISO 8601 date-time such as "2025-06-01T09:00:00Z"');
        return undefined;
      }
      const runAt = parseRunAt(trigger.runAt);
      if (runAt instanceof Error) {
        reasons.push(runAt.message);
        return undefined;
      }
      return { kind: 'runAt', key, trigger, signature, runAt, catchUp };
    }
    case 'event': {
      if (typeof trigger.event !== 'string' || trigger.event === '') reasons.push('"event" must be a non-empty event name');
      const filter = trigger.filter === undefined ? undefined : compileEventExpression('filter', trigger.filter, reasons);
      const input = compileInputBinding(trigger.input, reasons);
      return {
        kind: 'event',
        key,
        trigger,
        signature,
        event: trigger.event,
        ...(filter !== undefined ? { filter } : {}),
        ...(input !== undefined ? { input } : {}),
      };
    }
    default:
      reasons.push(`"type" must be "cron", "runAt" or "event", not ${JSON.stringify((record['type'] as unknown) ?? null)}`);
      return undefined;
  }
}

function checkCatchUp(record: Record<string, unknown>, reasons: string[]): CatchUpPolicy {
  const value = record['catchUp'];
  if (value === undefined) return DEFAULT_CATCH_UP;
  if (CATCH_UP_POLICIES.has(value)) return value as CatchUpPolicy;
  reasons.push(`"catchUp" must be "none", "latest" or "all", not ${JSON.stringify(value)}`);
  return DEFAULT_CATCH_UP;
}

function compileEventExpression(field: string, source: unknown, reasons: string[]): CompiledExpression | undefined {
  if (typeof source !== 'string') {
    reasons.push(`"${field}" must be an expression string such as 'event.branch == "main"'`);
    return undefined;
  }
  try {
    return compileExpression(source, { roots: EVENT_EXPRESSION_ROOTS });
  } catch (error) {
    reasons.push(`${field}: ${describeThrown(error)}`);
    return undefined;
  }
}

function compileInputBinding(binding: unknown, reasons: string[]): CompiledEventTrigger['input'] {
  if (binding === undefined) return undefined;
  if (typeof binding === 'object' && binding !== null && !Array.isArray(binding)) {
    if ('from' in binding) {
      const from = compileEventExpression('input.from', (binding as { from: unknown }).from, reasons);
      return from && { from };
    }
    if ('value' in binding) return { value: (binding as { value: JsonValue }).value };
  }
  reasons.push('"input" of an event trigger must be { "from": "<expression over event>" } or { "value": <JSON> }');
  return undefined;
}
