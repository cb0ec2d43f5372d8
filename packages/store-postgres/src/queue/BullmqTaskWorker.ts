import { TERMINAL_RUN_STATUSES, toErrorInfo, type Logger, type TaskDispatch, type WorkflowStore } from '@troupe/sdk';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { PostgresStore } from '../PostgresStore.js';
import { cancelChannelOf, DEFAULT_QUEUE_NAME, type DispatchResult } from './jobIds.js';

export interface BullmqTaskWorkerOptions {
  /** `redis://host:port` */
  readonly url: string;
  /** Default `troupe-tasks`. */
  readonly queueName?: string;
  /**
   * Runs one attempt with this process's packs (`runDispatchedTask` of
   * @troupe/runtime over a started host). `signal` fires when the coordinator
   * gives the attempt up (cancel, task or run timeout): pass it on to the tool.
   */
  readonly run: (task: TaskDispatch, signal: AbortSignal) => Promise<unknown>;
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
/** Aborts heard of before their job reached this worker, remembered this long (a job taken later is skipped). */
const EARLY_ABORT_MEMORY_MS = 10 * 60_000;

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
  #cancels: Redis | undefined;
  /** Attempts running here, by job id, so an abort from the coordinator reaches the tool. */
  readonly #running = new Map<string, AbortController>();
  /** Job ids aborted before this worker ran them, with when. */
  readonly #aborted = new Map<string, number>();

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
    await this.#listenForAborts();
    void worker.run();
    await worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.#worker?.close();
    this.#worker = undefined;
    this.#connection?.disconnect();
    this.#connection = undefined;
    this.#cancels?.disconnect();
    this.#cancels = undefined;
  }

  /** Attempts this worker is running now. */
  get running(): number {
    return this.#running.size;
  }

  /** The coordinator publishes the job id of every attempt it gives up; the one running here is aborted. */
  async #listenForAborts(): Promise<void> {
    const cancels = new Redis(this.#options.url, { maxRetriesPerRequest: null });
    cancels.on('error', () => undefined);
    cancels.on('message', (_channel: string, jobId: string) => {
      const controller = this.#running.get(jobId);
      if (controller) {
        this.#options.logger?.info({ jobId }, 'attempt given up by the coordinator; aborting it');
        controller.abort(new Error('the coordinator gave this attempt up (run cancelled or timed out)'));
        return;
      }
      const now = Date.now();
      for (const [id, at] of this.#aborted) {
        if (now - at < EARLY_ABORT_MEMORY_MS) break;
        this.#aborted.delete(id);
      }
      this.#aborted.set(jobId, now);
    });
    this.#cancels = cancels;
    await cancels.subscribe(cancelChannelOf(this.#options.queueName ?? DEFAULT_QUEUE_NAME));
  }

  async #process(job: Job<TaskDispatch>): Promise<DispatchResult> {
    const task = job.data;
    const jobId = job.id ?? '';
    const stale = this.#aborted.delete(jobId) ? 'the coordinator gave it up before it started' : await this.#superseded(task);
    if (stale) {
      this.#options.logger?.info({ jobId, reason: stale }, 'attempt superseded; not run');
      return { stale: true, reason: stale };
    }
    const controller = new AbortController();
    this.#running.set(jobId, controller);
    try {
      // What comes back after an abort is fenced by the coordinator: nobody waits for it any more.
      return { ok: true, output: await this.#options.run(task, controller.signal) };
    } catch (error) {
      const info = toErrorInfo(error);
      return { ok: false, error: { code: String(info.code), message: info.message } };
    } finally {
      this.#running.delete(jobId);
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
    // The attempt is over (completed, failed, timed out, cancelled, or set back after a coordinator restart).
    if (stored.attempt === task.attempt && stored.status !== 'running') return `attempt ${task.attempt} of task ${task.taskId} is already ${stored.status}`;
    return undefined;
  }
}
