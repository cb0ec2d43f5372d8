import { TroupeError, type Logger, type RetentionConfig, type WorkflowStore } from '@troupe/sdk';
import type { Clock } from '../engine/Clock.js';
import { DEFAULT_RETENTION, prunePolicyFor } from './prunePolicyFor.js';

export interface RetentionPrunerOptions {
  readonly store: Pick<WorkflowStore, 'prune'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** `retention` of the host config; absent fields take DEFAULT_RETENTION. */
  readonly config?: RetentionConfig;
}

/** Node timers take at most 2^31-1 ms (~24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;
const NUMBER_FIELDS = ['completedDays', 'failedDays', 'cancelledDays', 'auditDays'] as const;

/**
 * Deletes ended runs older than the retention config allows, with their
 * events, tasks, seats and audit entries: once on demand (`pruneNow`, what
 * `troupe prune` calls) and in the background every `pruneIntervalMinutes`
 * (`start`). Runs that have not ended are never touched.
 */
export class RetentionPruner {
  readonly #store: Pick<WorkflowStore, 'prune'>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #config: RetentionConfig;
  readonly #intervalMs: number;
  #timer: unknown;
  #running: Promise<number> | undefined;
  #started = false;

  /** Throws E_CONFIG_INVALID for negative or non-numeric values. */
  constructor(options: RetentionPrunerOptions) {
    const config = options.config ?? {};
    const problems: string[] = [];
    for (const field of NUMBER_FIELDS) {
      const value = config[field];
      if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) problems.push(`/retention/${field} must be a number of days >= 0`);
    }
    const interval = config.pruneIntervalMinutes;
    if (interval !== undefined && !(typeof interval === 'number' && Number.isFinite(interval) && interval > 0)) problems.push('/retention/pruneIntervalMinutes must be a number of minutes > 0');
    if (problems.length > 0) throw new TroupeError('E_CONFIG_INVALID', { file: '(retention)', problems });
    this.#store = options.store;
    this.#clock = options.clock;
    this.#logger = options.logger.child({ component: 'retention' });
    this.#config = config;
    this.#intervalMs = Math.min(MAX_TIMER_MS, Math.max(1000, (interval ?? DEFAULT_RETENTION.pruneIntervalMinutes) * 60_000));
  }

  /**
   * Prunes now and resolves with the number of runs deleted. A call while a
   * prune is already running shares its result.
   */
  pruneNow(): Promise<number> {
    this.#running ??= this.#prune().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /**
   * Prunes once right away (in the background: start() does not wait for
   * it, stop() does), then every pruneIntervalMinutes. Not on a 0 ms timer: a
   * short-lived host (`troupe run` of a quick workflow) stopped before such a
   * timer fired and never pruned.
   */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    if (this.#timer === undefined && this.#running === undefined) this.#tick();
  }

  /** Stops the background prune and waits for one in progress. */
  async stop(): Promise<void> {
    this.#started = false;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  async #prune(): Promise<number> {
    const policy = prunePolicyFor(this.#config, this.#clock.now());
    const removed = await this.#store.prune(policy);
    if (removed > 0) this.#logger.info({ removed }, `pruned ${removed} ended run(s) past their retention`);
    return removed;
  }

  #schedule(delayMs: number): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#tick();
    }, delayMs);
  }

  #tick(): void {
    this.pruneNow()
      .catch((error: unknown) => this.#logger.error({ err: error }, 'background prune failed; trying again at the next interval'))
      .finally(() => {
        if (this.#started && this.#timer === undefined) this.#schedule(this.#intervalMs);
      });
  }
}
