import { TroupeError, type HumanAnswer, type RunEvent, type RunFilter, type RunPage, type RunState, type TaskUpdate, type WorkflowDefinition } from '@troupe/sdk';
import type { EngineHealth, RunListener, StartWorkflowOptions } from '@troupe/runtime';
import type { ServerRunsApi } from '../ServerRunsApi.js';
import type { RunFeed, RunFeedReader } from './RunFeed.js';

export interface StandbyRunsOptions {
  /** The deployment's store, read directly while another process drives the runs. */
  readonly store: RunFeedReader;
  /** Live updates of every run, whatever node produced them. */
  readonly feed: RunFeed;
  /** The workflow definitions of this process's packs (GET /v1/workflows/definitions). */
  readonly definitions: () => readonly WorkflowDefinition[];
  /** Who drives the runs now, for the refusal (e.g. the holder of the store's host lease). */
  readonly coordinator: () => Promise<string>;
}

/**
 * The runs API of a server that is not the coordinator of its store (a
 * `troupe serve --standby` waiting for the host lease): reads come from the
 * store, live updates from the feed, and every change of a run is refused
 * with E_NOT_COORDINATOR naming the coordinator (one process decides every
 * transition). After `takeOver(engine)` it is that engine's API, the live
 * updates still through the feed, so websocket clients keep their streams.
 */
export class StandbyRuns implements ServerRunsApi {
  readonly #options: StandbyRunsOptions;
  #engine: ServerRunsApi | undefined;

  constructor(options: StandbyRunsOptions) {
    this.#options = options;
  }

  /** This process holds the lease now: its engine answers from here on. */
  takeOver(engine: ServerRunsApi): void {
    this.#engine = engine;
  }

  get coordinating(): boolean {
    return this.#engine !== undefined;
  }

  /** Throws E_NOT_COORDINATOR naming the coordinator unless this process took the runs over. */
  async requireCoordinator(action: string): Promise<void> {
    if (this.#engine) return;
    throw new TroupeError('E_NOT_COORDINATOR', { action, coordinator: await this.#options.coordinator().catch(() => 'another host (its lease could not be read)') });
  }

  async getRun(runId: string): Promise<RunState> {
    if (this.#engine) return this.#engine.getRun(runId);
    const state = await this.#options.store.getRun(runId);
    if (!state) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
    return state;
  }

  listRuns(filter?: RunFilter): Promise<RunPage> {
    return this.#engine ? this.#engine.listRuns(filter) : this.#options.store.listRuns(filter);
  }

  async readEvents(runId: string, afterSeq?: number, limit?: number): Promise<readonly RunEvent[]> {
    if (this.#engine) return this.#engine.readEvents(runId, afterSeq, limit);
    // As the engine does: an unknown run is E_RUN_NOT_FOUND, not an empty log.
    await this.getRun(runId);
    return this.#options.store.readEvents(runId, afterSeq, limit);
  }

  listDefinitions(): readonly WorkflowDefinition[] {
    return this.#engine ? this.#engine.listDefinitions() : this.#options.definitions();
  }

  async startWorkflow(definitionId: string, options?: StartWorkflowOptions): Promise<RunState> {
    await this.requireCoordinator('start runs');
    return this.#engine!.startWorkflow(definitionId, options);
  }

  async cancel(runId: string, reason?: string, actor?: string): Promise<RunState> {
    await this.requireCoordinator('cancel runs');
    return this.#engine!.cancel(runId, reason, actor);
  }

  async answerHumanTask(runId: string, taskId: string, answer: HumanAnswer): Promise<RunState> {
    await this.requireCoordinator('answer human tasks');
    return this.#engine!.answerHumanTask(runId, taskId, answer);
  }

  async resume(runId: string): Promise<RunState> {
    await this.requireCoordinator('resume runs');
    return this.#engine!.resume(runId);
  }

  async applyTaskUpdates(runId: string, updates: readonly TaskUpdate[], actor?: string): Promise<RunState> {
    await this.requireCoordinator('update tasks');
    return this.#engine!.applyTaskUpdates(runId, updates, actor);
  }

  subscribe(listener: RunListener): () => void {
    return this.#options.feed.subscribe(listener);
  }

  health(): EngineHealth {
    return this.#engine?.health?.() ?? { ok: true };
  }
}
