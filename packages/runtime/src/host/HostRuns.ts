import {
  isTroupeError,
  TroupeError,
  type HumanAnswer,
  type Logger,
  type RunEvent,
  type RunFilter,
  type RunPage,
  type RunState,
  type TaskUpdate,
  type WorkflowDefinition,
} from '@troupe/sdk';
import type { EngineHealth, RunListener, RunUpdate, RunsApi, StartWorkflowOptions } from '../engine/RunsApi.js';
import type { WorkflowEngine } from '../engine/WorkflowEngine.js';

export interface RecoveredRuns {
  readonly resumed: readonly string[];
  readonly paused: readonly string[];
}

export interface HostRunsOptions {
  /** Builds an engine over the host's registry, secrets and store. */
  readonly createEngine: () => WorkflowEngine;
  readonly logger: Logger;
}

/**
 * The host's RunsApi (`host.engine`, `Services.engine`): forwards to the
 * host's WorkflowEngine (which records starts, answers and cancellations in
 * the audit log itself), and keeps one identity and one set of subscribers
 * when the host replaces its engine (`restart`, after a pack's major version
 * changed under live runs), so servers and CLIs holding it never see the
 * swap. A `wait` interrupted by a swap waits on the new engine.
 */
export class HostRuns implements RunsApi {
  readonly #options: HostRunsOptions;
  readonly #listeners = new Set<RunListener>();
  #engine: WorkflowEngine;
  /** Set while this has listeners: an engine nobody listens to skips building updates (progress per event). */
  #unsubscribe: (() => void) | undefined;
  /** Set while the engine is being replaced; calls wait for it. */
  #swap: Promise<unknown> | undefined;
  #closed = false;

  constructor(options: HostRunsOptions) {
    this.#options = options;
    this.#engine = options.createEngine();
  }

  /** Resumes the store's unfinished runs on the current engine. */
  recover(): Promise<RecoveredRuns> {
    return this.#engine.recover();
  }

  /**
   * Replaces the engine: the current one stops driving runs (nothing is
   * recorded as cancelled), a new one is built over the current descriptors
   * and recovers every unfinished run, so runs whose pinned packs are no
   * longer compatible pause with E_PACK_INCOMPATIBLE and the others go on
   * (tasks that were in flight run again as a new attempt, as after a restart).
   */
  restart(): Promise<RecoveredRuns> {
    const previous = this.#swap ?? Promise.resolve();
    const swap = previous.then(async () => {
      const old = this.#engine;
      await old.close();
      const listening = this.#unsubscribe !== undefined;
      this.#detach();
      this.#engine = this.#options.createEngine();
      if (listening) this.#unsubscribe = this.#engine.subscribe(this.#forward);
      return this.#engine.recover();
    });
    const settled = swap.catch(() => undefined);
    this.#swap = settled;
    void settled.then(() => {
      if (this.#swap === settled) this.#swap = undefined;
    });
    return swap;
  }

  /** Stops driving runs; the store keeps them for the next host. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#swap;
    await this.#engine.close();
    this.#detach();
    this.#listeners.clear();
  }

  subscribe(listener: RunListener): () => void {
    this.#listeners.add(listener);
    this.#unsubscribe ??= this.#engine.subscribe(this.#forward);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#detach();
    };
  }

  #detach(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  listDefinitions(): readonly WorkflowDefinition[] {
    return this.#engine.listDefinitions();
  }

  health(): EngineHealth {
    return this.#engine.health();
  }

  async startWorkflow(definitionId: string, options?: StartWorkflowOptions): Promise<RunState> {
    return (await this.#current()).startWorkflow(definitionId, options);
  }

  async getRun(runId: string): Promise<RunState> {
    return (await this.#current()).getRun(runId);
  }

  async listRuns(filter?: RunFilter): Promise<RunPage> {
    return (await this.#current()).listRuns(filter);
  }

  async getDefinition(runId: string): Promise<WorkflowDefinition | undefined> {
    return (await this.#current()).getDefinition(runId);
  }

  async readEvents(runId: string, afterSeq?: number, limit?: number): Promise<readonly RunEvent[]> {
    return (await this.#current()).readEvents(runId, afterSeq, limit);
  }

  async wait(runId: string, options: { readonly untilTerminal?: boolean; readonly signal?: AbortSignal } = {}): Promise<RunState> {
    for (;;) {
      const engine = await this.#current();
      try {
        return await engine.wait(runId, options);
      } catch (error) {
        // The engine was closed under the waiter by a swap: wait on its successor.
        if (!this.#closed && isTroupeError(error, 'E_HOST_STATE') && (this.#swap !== undefined || engine !== this.#engine)) continue;
        throw error;
      }
    }
  }

  async cancel(runId: string, reason?: string, actor?: string): Promise<RunState> {
    return (await this.#current()).cancel(runId, reason, actor);
  }

  async answerHumanTask(runId: string, taskId: string, answer: HumanAnswer): Promise<RunState> {
    return (await this.#current()).answerHumanTask(runId, taskId, answer);
  }

  async resume(runId: string): Promise<RunState> {
    return (await this.#current()).resume(runId);
  }

  async applyTaskUpdates(runId: string, updates: readonly TaskUpdate[], actor?: string): Promise<RunState> {
    return (await this.#current()).applyTaskUpdates(runId, updates, actor);
  }

  async #current(): Promise<WorkflowEngine> {
    if (this.#swap) await this.#swap;
    if (this.#closed) throw new TroupeError('E_HOST_STATE', { action: 'use the runs API', state: 'stopped' });
    return this.#engine;
  }

  readonly #forward = (update: RunUpdate): void => {
    for (const listener of this.#listeners) {
      try {
        listener(update);
      } catch (error) {
        this.#options.logger.error({ err: error, runId: update.event.runId }, 'run listener threw');
      }
    }
  };
}
