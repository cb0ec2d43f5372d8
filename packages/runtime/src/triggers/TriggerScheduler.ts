import { isTroupeError, toErrorInfo, type ErrorInfo, type JsonValue, type Logger, type RunState, type TriggerState, type WorkflowStore } from '@troupe/sdk';
import type { Clock } from '../engine/Clock.js';
import type { RunsApi, StartWorkflowOptions } from '../engine/RunsApi.js';
import { isTruthy } from '../expressions/compileExpression.js';
import {
  combineTriggerProblems,
  compileTriggers,
  type CompiledCronTrigger,
  type CompiledEventTrigger,
  type CompiledRunAtTrigger,
  type CompiledTrigger,
} from './compileTriggers.js';
import { planFires, type FirePlan } from './planFires.js';
import { eventRunId, scheduledRunId, type WorkflowTrigger } from './WorkflowTrigger.js';

export interface TriggerSchedulerOptions {
  /** Starts the runs; the engine (only `startWorkflow` is used). */
  readonly runs: Pick<RunsApi, 'startWorkflow'>;
  /** Where each time trigger's last and next fire are kept across restarts. */
  readonly store: Pick<WorkflowStore, 'getTriggerState' | 'saveTriggerState'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Most fires one trigger starts when catching up under catchUp "all" (the latest ones). Default 1000. */
  readonly maxCatchUpFires?: number;
  /** A fire found due no later than this counts as on time, even under catchUp "none". Default 60000. */
  readonly misfireThresholdMs?: number;
  /** Wait before trying again when the store or the engine was unavailable. Default 30000. */
  readonly retryDelayMs?: number;
}

export interface EmitOptions {
  /**
   * The event's own id (a webhook delivery id): each trigger starts its run as
   * `evt:<workflowId>:<triggerId>:<eventId>`, so a redelivered event starts nothing new.
   */
  readonly eventId?: string;
}

interface EventFireBase {
  readonly triggerKey: string;
  readonly workflowId: string;
}

/** What one matching event trigger did with an emitted event. */
export type EventFire =
  | (EventFireBase & { readonly outcome: 'started'; readonly run: RunState })
  | (EventFireBase & { readonly outcome: 'duplicate'; readonly runId: string })
  | (EventFireBase & { readonly outcome: 'failed'; readonly error: ErrorInfo });

/** A registered trigger as the CLI and the server show it. */
export interface TriggerStatus {
  readonly key: string;
  readonly workflowId: string;
  readonly triggerId: string;
  readonly type: WorkflowTrigger['type'];
  /** Epoch ms (time triggers). */
  readonly lastFiredAt?: number;
  readonly nextFireAt?: number;
  /** Event name (event triggers). */
  readonly event?: string;
}

type TimedTrigger = CompiledCronTrigger | CompiledRunAtTrigger;

interface TimedEntry {
  readonly compiled: TimedTrigger;
  /** Last state read or written; undefined until loaded or when the store has none. */
  state: TriggerState | undefined;
  loaded: boolean;
  timer: unknown;
  /** Evaluations of one trigger never overlap: each waits for the previous. */
  queue: Promise<void>;
  active: boolean;
}

type StartOutcome = 'started' | 'existed' | 'refused' | 'retry';

/** Node timers take at most 2^31-1 ms (~24.8 days); longer waits are re-armed on wake-up. */
const MAX_TIMER_MS = 2_147_483_647;
/** Errors that say "not now" rather than "never": the fire is kept and tried again. */
const RETRY_LATER_CODES: ReadonlySet<string> = new Set(['E_HOST_STATE', 'E_STORE_UNAVAILABLE']);

/**
 * Starts workflow runs from triggers: cron patterns (in a timezone), one-shot
 * `runAt` dates, and named events passed to `emit`.
 *
 * Every fire of a time trigger is recorded in the store before its run starts,
 * and its run id is derived from the fire time, so a restart never fires one
 * twice: a fire recorded but not yet started is started again with the same
 * id and the engine refuses the copy (E_RUN_EXISTS). Fires missed while the
 * host was down are handled by each trigger's `catchUp` policy.
 * Timers go through the injected Clock (croner only computes dates).
 */
export class TriggerScheduler {
  readonly #runs: Pick<RunsApi, 'startWorkflow'>;
  readonly #store: Pick<WorkflowStore, 'getTriggerState' | 'saveTriggerState'>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #plan: { readonly misfireThresholdMs: number; readonly maxCatchUpFires: number };
  readonly #retryDelayMs: number;
  #timed = new Map<string, TimedEntry>();
  #events = new Map<string, CompiledEventTrigger>();
  /** Event name → its triggers, rebuilt on each update. */
  #byEvent = new Map<string, readonly CompiledEventTrigger[]>();
  /** Serialises start/update/stop. */
  #changes: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(options: TriggerSchedulerOptions) {
    this.#runs = options.runs;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#logger = options.logger.child({ component: 'triggers' });
    this.#plan = {
      misfireThresholdMs: options.misfireThresholdMs ?? 60_000,
      maxCatchUpFires: Math.max(1, Math.floor(options.maxCatchUpFires ?? 1000)),
    };
    this.#retryDelayMs = options.retryDelayMs ?? 30_000;
  }

  /**
   * Registers the triggers, catches up on fires missed while the host was down
   * (per `catchUp`), and arms the timers. Resolves once catch-up runs are
   * started. Throws E_TRIGGER_INVALID listing every invalid trigger, and then
   * registers none of them. Same as `update` when already started.
   */
  start(triggers: readonly WorkflowTrigger[]): Promise<void> {
    this.#stopped = false;
    return this.update(triggers);
  }

  /**
   * Replaces the registered triggers (hot reload). Unchanged triggers keep
   * running untouched; changed ones are re-registered from their stored state;
   * removed ones stop and forget their schedule, so adding one back later
   * starts afresh instead of catching up. Throws E_TRIGGER_INVALID (and
   * changes nothing) if any trigger is invalid.
   */
  update(triggers: readonly WorkflowTrigger[]): Promise<void> {
    const { compiled, problems } = compileTriggers(triggers, this.#clock.now());
    const invalid = combineTriggerProblems(problems);
    if (invalid) return Promise.reject(invalid);
    return this.#serialise(() => this.#apply(compiled));
  }

  /** Stops every timer and waits for fires in progress. State stays in the store for the next start. */
  stop(): Promise<void> {
    this.#stopped = true;
    return this.#serialise(async () => {
      const entries = [...this.#timed.values()];
      for (const entry of entries) this.#deactivate(entry);
      await Promise.all(entries.map((entry) => entry.queue));
      this.#timed = new Map();
      this.#events = new Map();
      this.#byEvent = new Map();
    });
  }

  /**
   * Fires the event triggers named `name`: each trigger whose `filter` is true
   * over `{ event: payload }` starts its workflow, with the input its binding
   * makes from the payload (default: the payload itself). Resolves with what
   * each matching trigger did; refusals are reported there (and logged), not thrown.
   */
  async emit(name: string, payload: unknown, options: EmitOptions = {}): Promise<readonly EventFire[]> {
    const triggers = this.#byEvent.get(name);
    if (!triggers || this.#stopped) return [];
    const scope = { event: payload };
    const matching = triggers.filter((trigger) => trigger.filter === undefined || isTruthy(trigger.filter.evaluate(scope)));
    return Promise.all(matching.map((trigger) => this.#fireEvent(trigger, name, payload, scope, options.eventId)));
  }

  /** The registered triggers with their last and next fire. */
  list(): readonly TriggerStatus[] {
    const statuses: TriggerStatus[] = [];
    for (const { compiled, state } of this.#timed.values()) {
      statuses.push({
        ...baseStatus(compiled),
        ...(state?.lastFiredAt !== undefined ? { lastFiredAt: state.lastFiredAt } : {}),
        ...(state?.nextFireAt !== undefined ? { nextFireAt: state.nextFireAt } : {}),
      });
    }
    for (const compiled of this.#events.values()) statuses.push({ ...baseStatus(compiled), event: compiled.event });
    return statuses.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  #serialise(change: () => Promise<void>): Promise<void> {
    const next = this.#changes.then(change);
    this.#changes = next.catch(() => undefined);
    return next;
  }

  async #apply(compiled: readonly CompiledTrigger[]): Promise<void> {
    if (this.#stopped) return;
    const wanted = new Map(compiled.map((trigger) => [trigger.key, trigger]));
    // Stop what is gone or changed; forget the schedule of what is gone.
    const retired: Promise<void>[] = [];
    for (const [key, entry] of this.#timed) {
      const replacement = wanted.get(key);
      if (replacement?.signature === entry.compiled.signature) continue;
      this.#deactivate(entry);
      this.#timed.delete(key);
      retired.push(replacement === undefined ? entry.queue.then(() => this.#forget(entry)) : entry.queue);
    }
    await Promise.all(retired);

    const registered: TimedEntry[] = [];
    const events = new Map<string, CompiledEventTrigger>();
    for (const trigger of compiled) {
      if (trigger.kind === 'event') {
        events.set(trigger.key, trigger);
        continue;
      }
      if (this.#timed.has(trigger.key)) continue;
      const entry: TimedEntry = { compiled: trigger, state: undefined, loaded: false, timer: undefined, queue: Promise.resolve(), active: true };
      this.#timed.set(trigger.key, entry);
      registered.push(entry);
    }
    this.#events = events;
    const byEvent = new Map<string, CompiledEventTrigger[]>();
    for (const trigger of events.values()) {
      const list = byEvent.get(trigger.event);
      if (list) list.push(trigger);
      else byEvent.set(trigger.event, [trigger]);
    }
    this.#byEvent = byEvent;
    await Promise.all(registered.map((entry) => this.#enqueue(entry)));
  }

  #enqueue(entry: TimedEntry): Promise<void> {
    entry.queue = entry.queue.then(() => this.#evaluate(entry));
    return entry.queue;
  }

  #deactivate(entry: TimedEntry): void {
    entry.active = false;
    if (entry.timer !== undefined) this.#clock.clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  /** A removed trigger drops its planned fire, so re-adding it later does not catch up on the gap. */
  async #forget(entry: TimedEntry): Promise<void> {
    try {
      const state = entry.loaded ? entry.state : await this.#store.getTriggerState(entry.compiled.key);
      if (state?.nextFireAt === undefined && state?.pendingFireAt === undefined) return;
      await this.#store.saveTriggerState({ key: entry.compiled.key, ...(state.lastFiredAt !== undefined ? { lastFiredAt: state.lastFiredAt } : {}) });
    } catch (error) {
      this.#logger.warn({ err: error, trigger: entry.compiled.key }, 'could not clear the schedule of a removed trigger');
    }
  }

  /** Starts what is due (catching up per policy), records it, and arms the timer for the next fire. */
  async #evaluate(entry: TimedEntry): Promise<void> {
    if (!entry.active) return;
    const { compiled } = entry;
    const { key } = compiled;
    try {
      if (!entry.loaded) {
        entry.state = await this.#store.getTriggerState(key);
        entry.loaded = true;
      }
      // A fire recorded before a crash, whose run may not have started.
      const pending = entry.state?.pendingFireAt;
      if (pending !== undefined) {
        if ((await this.#startScheduled(compiled, pending)) === 'retry') return this.#arm(entry, this.#clock.now() + this.#retryDelayMs);
        await this.#save(entry, stateOf(key, entry.state?.lastFiredAt, entry.state?.nextFireAt, undefined));
      }

      const now = this.#clock.now();
      const plan = planFires(compiled, entry.state, now, this.#plan);
      this.#logPlan(compiled, plan, now);
      let lastFiredAt = entry.state?.lastFiredAt;
      let nextFireAt = plan.next;
      for (let index = 0; index < plan.fires.length; index++) {
        const fireAt = plan.fires[index]!;
        if (!entry.active) {
          // Stopped mid-catch-up: the next start resumes from this fire.
          nextFireAt = fireAt;
          break;
        }
        const after = index + 1 < plan.fires.length ? plan.fires[index + 1] : plan.next;
        // Recorded before the run starts: a restart never fires it again.
        await this.#save(entry, stateOf(key, fireAt, after, fireAt));
        lastFiredAt = fireAt;
        if ((await this.#startScheduled(compiled, fireAt)) === 'retry') return this.#arm(entry, this.#clock.now() + this.#retryDelayMs);
      }
      const settled = stateOf(key, lastFiredAt, nextFireAt, undefined);
      if (!sameState(settled, entry.state)) await this.#save(entry, settled);
      this.#arm(entry, nextFireAt);
    } catch (error) {
      this.#logger.error({ err: error, trigger: key }, 'trigger evaluation failed; trying again later');
      this.#arm(entry, this.#clock.now() + this.#retryDelayMs);
    }
  }

  async #save(entry: TimedEntry, state: TriggerState): Promise<void> {
    await this.#store.saveTriggerState(state);
    entry.state = state;
  }

  #arm(entry: TimedEntry, at: number | undefined): void {
    if (entry.timer !== undefined) this.#clock.clearTimeout(entry.timer);
    entry.timer = undefined;
    if (at === undefined || !entry.active) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - this.#clock.now()));
    entry.timer = this.#clock.setTimeout(() => {
      entry.timer = undefined;
      void this.#enqueue(entry);
    }, delay);
  }

  #logPlan(compiled: TimedTrigger, plan: FirePlan, now: number): void {
    const late = plan.fires.filter((at) => now - at > this.#plan.misfireThresholdMs).length;
    if (plan.skippedFrom === undefined && late === 0) return;
    const fields = {
      trigger: compiled.key,
      catchUp: compiled.catchUp,
      ...(plan.skippedFrom !== undefined ? { missedSince: new Date(plan.skippedFrom).toISOString() } : {}),
    };
    if (plan.truncated) {
      this.#logger.warn({ ...fields, started: plan.fires.length }, `more than ${plan.fires.length} fires were missed; starting only the latest ${plan.fires.length}`);
    } else if (late > 0) {
      this.#logger.info({ ...fields, starting: late }, `starting ${late} fire(s) missed while the host was down`);
    } else {
      this.#logger.info(fields, 'fires were missed while the host was down; skipping them');
    }
  }

  async #startScheduled(compiled: TimedTrigger, fireAt: number): Promise<StartOutcome> {
    const { trigger, key } = compiled;
    const runId = scheduledRunId(trigger, fireAt);
    const input = trigger.type === 'event' ? undefined : trigger.input;
    const options: StartWorkflowOptions = {
      runId,
      ...(input !== undefined ? { input } : {}),
      actor: `trigger:${key}`,
      context: { trigger: triggerContext(compiled, { scheduledAt: new Date(fireAt).toISOString() }) },
    };
    try {
      await this.#runs.startWorkflow(trigger.workflowId, options);
      this.#logger.info({ trigger: key, runId, scheduledAt: new Date(fireAt).toISOString() }, 'trigger started a run');
      return 'started';
    } catch (error) {
      if (isTroupeError(error, 'E_RUN_EXISTS')) {
        this.#logger.debug({ trigger: key, runId }, 'the run of this fire was already started');
        return 'existed';
      }
      if (isTroupeError(error) && RETRY_LATER_CODES.has(error.code)) {
        this.#logger.warn({ err: error, trigger: key, runId }, 'trigger could not start its run now; trying again later');
        return 'retry';
      }
      this.#logger.error({ err: error, trigger: key, runId }, 'trigger could not start its workflow');
      return 'refused';
    }
  }

  async #fireEvent(compiled: CompiledEventTrigger, name: string, payload: unknown, scope: { event: unknown }, eventId: string | undefined): Promise<EventFire> {
    const { key, trigger } = compiled;
    const base = { triggerKey: key, workflowId: trigger.workflowId };
    const binding = compiled.input;
    const input = binding === undefined ? payload : 'from' in binding ? binding.from.evaluate(scope) : binding.value;
    const runId = eventId === undefined ? undefined : eventRunId(trigger, eventId);
    const options: StartWorkflowOptions = {
      ...(runId !== undefined ? { runId } : {}),
      ...(input !== undefined ? { input } : {}),
      actor: `trigger:${key}`,
      context: { trigger: triggerContext(compiled, { event: name, ...(eventId !== undefined ? { eventId } : {}) }) },
    };
    try {
      const run = await this.#runs.startWorkflow(trigger.workflowId, options);
      this.#logger.info({ trigger: key, runId: run.runId, event: name }, 'event trigger started a run');
      return { ...base, outcome: 'started', run };
    } catch (error) {
      if (runId !== undefined && isTroupeError(error, 'E_RUN_EXISTS')) return { ...base, outcome: 'duplicate', runId };
      this.#logger.error({ err: error, trigger: key, event: name }, 'event trigger could not start its workflow');
      return { ...base, outcome: 'failed', error: toErrorInfo(error) };
    }
  }
}

function stateOf(key: string, lastFiredAt: number | undefined, nextFireAt: number | undefined, pendingFireAt: number | undefined): TriggerState {
  return {
    key,
    ...(lastFiredAt !== undefined ? { lastFiredAt } : {}),
    ...(nextFireAt !== undefined ? { nextFireAt } : {}),
    ...(pendingFireAt !== undefined ? { pendingFireAt } : {}),
  };
}

function sameState(a: TriggerState, b: TriggerState | undefined): boolean {
  return b !== undefined && a.lastFiredAt === b.lastFiredAt && a.nextFireAt === b.nextFireAt && a.pendingFireAt === b.pendingFireAt;
}

function baseStatus(compiled: CompiledTrigger): Pick<TriggerStatus, 'key' | 'workflowId' | 'triggerId' | 'type'> {
  return { key: compiled.key, workflowId: compiled.trigger.workflowId, triggerId: compiled.trigger.id, type: compiled.trigger.type };
}

/** What the run sees as `context.trigger` (readable from `when` expressions). */
function triggerContext(compiled: CompiledTrigger, extra: Readonly<Record<string, string>>): { readonly [key: string]: JsonValue } {
  return { key: compiled.key, id: compiled.trigger.id, workflowId: compiled.trigger.workflowId, type: compiled.trigger.type, ...extra };
}
