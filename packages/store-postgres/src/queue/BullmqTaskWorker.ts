import { TERMINAL_RUN_STATUSES, toErrorInfo, type Logger, type TaskDispatch, type WorkflowStore } from '@troupe/sdk';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { PostgresStore } from '../PostgresStore.js';
import { DEFAULT_QUEUE_NAME, type DispatchResult } from './jobIds.js';

export interface BullmqTaskWorkerOptions {
  /** `redis://host:port` */
  readonly url: string;
  /** Default `troupe-tasks`. */
  readonly queueName?: string;
  /** Runs one attempt with this process's packs (`runDispatchedTask` of @troupe/runtime over a started host). */
  readonly run: (task: TaskDispatch) => Promise<unknown>;
  /**
   * The deployment's store, read before an attempt runs: an attempt the
   * store already shows superseded (a newer attempt, the task completed, the
   * run ended) is not run again (fencing a late duplicate delivery).
   */
  readonly store?: WorkflowStore;
  /** Attempts this process runs at once (default 16). */
  readonly concurrency?: number;
  /**
   * The worker lease on a job (default 30000 ms), renewed while it runs: a
   * worker that dies or stalls longer loses it, and the attempt goes back to
   * the queue for another worker; its late result is then refused.
   */
  readonly lockDurationMs?: number;
  readonly logger?: Logger;
}

const terminal = new Set<string>(TERMINAL_RUN_STATUSES);

/**
 * A worker process's side of distributed execution: takes task attempts off
 * the BullMQ queue and answers each with its output or its error. Errors of
 * the task are results, not failed jobs, so the coordinator's retry policy
 * (not BullMQ's) decides what happens next.
 */
export class BullmqTaskWorker {
  readonly #options: BullmqTaskWorkerOptions;
  #worker: Worker | undefined;
  #connection: Redis | undefined;

  constructor(options: BullmqTaskWorkerOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const lockDuration = this.#options.lockDurationMs ?? 30_000;
    const connection = new Redis(this.#options.url, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    this.#connection = connection;
    const worker = new Worker(this.#options.queueName ?? DEFAULT_QUEUE_NAME, (job: Job<TaskDispatch>) => this.#process(job), {
      connection,
      concurrency: this.#options.concurrency ?? 16,
      lockDuration,
      stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      // An attempt whose workers keep dying is failed rather than retried forever; the engine's retry policy takes over.
      maxStalledCount: 3,
      autorun: false,
    });
    worker.on('error', (error) => this.#options.logger?.warn({ err: error }, 'queue worker error'));
    this.#worker = worker;
    void worker.run();
    await worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.#worker?.close();
    this.#worker = undefined;
    this.#connection?.disconnect();
    this.#connection = undefined;
  }

  async #process(job: Job<TaskDispatch>): Promise<DispatchResult> {
    const task = job.data;
    const stale = await this.#superseded(task);
    if (stale) {
      this.#options.logger?.info({ jobId: job.id, reason: stale }, 'attempt superseded; not run');
      return { stale: true, reason: stale };
    }
    try {
      return { ok: true, output: await this.#options.run(task) };
    } catch (error) {
      const info = toErrorInfo(error);
      return { ok: false, error: { code: String(info.code), message: info.message } };
    }
  }

  /** Why the store says this attempt must not run, or undefined. */
  async #superseded(task: TaskDispatch): Promise<string | undefined> {
    const store = this.#options.store;
    if (!store) return undefined;
    // Best effort: with the store unreachable the attempt runs (the coordinator fences results by attempt anyway).
    // On PostgreSQL one row is read, not the whole run (a fan-out of a thousand tasks would read them all per attempt).
    const run =
      store instanceof PostgresStore
        ? await store.getTaskOfRun(task.runId, task.taskId).catch(() => undefined)
        : await store.getRun(task.runId).then(
            (state) => state && { status: state.status, task: state.tasks[task.taskId] },
            () => undefined,
          );
    // A run not in the store yet is run: its first commit may still be on the way.
    if (!run) return undefined;
    if (terminal.has(run.status)) return `run ${task.runId} is ${run.status}`;
    const stored = run.task;
    if (!stored) return undefined;
    if (stored.attempt > task.attempt) return `task ${task.taskId} is at attempt ${stored.attempt}`;
    if (stored.attempt === task.attempt && stored.status === 'completed') return `attempt ${task.attempt} of task ${task.taskId} already completed`;
    return undefined;
  }
}
