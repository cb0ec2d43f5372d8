import { TroupeError, type Logger, type TaskDispatch, type TaskDispatcher } from '@troupe/sdk';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { cancelChannelOf, DEFAULT_QUEUE_NAME, jobIdOf, type DispatchResult } from './jobIds.js';

export interface BullmqTaskDispatcherOptions {
  /** `redis://host:port` */
  readonly url: string;
  /** Default `troupe-tasks`. */
  readonly queueName?: string;
  /**
   * An attempt waiting this long (default 5000 ms), and every waiting attempt
   * right after the connection to Redis comes back, is checked against the
   * queue: a job Redis lost (restart) is added again, a result whose event was
   * missed is read from the job.
   */
  readonly reconcileAfterMs?: number;
  readonly logger?: Logger;
}

interface Waiting {
  readonly task: TaskDispatch;
  /** When the queue was last asked about it (or it was dispatched). */
  checkedAt: number;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** A failure a worker reported, with its code so the task's retry policy applies. */
function failureOf(error: { readonly code: string; readonly message: string }): Error {
  return Object.assign(new Error(error.message), { code: error.code });
}

/**
 * The coordinator's side of distributed execution: each tool or code attempt
 * the engine dispatches becomes a BullMQ job (id `<run>/<task>/<attempt>`,
 * at-least-once); the result comes back through the queue's events. Only the
 * attempt the engine waits for is settled: a result of an older attempt, or
 * one after a timeout or cancel, finds nobody waiting and is dropped (fenced).
 * Attempts in flight live in the engine and the store, not in Redis: after a
 * Redis restart the reconcile pass adds every waiting attempt's job again.
 */
export class BullmqTaskDispatcher implements TaskDispatcher {
  readonly queueName: string;
  readonly #options: BullmqTaskDispatcherOptions;
  readonly #waiting = new Map<string, Waiting>();
  #queue: Queue | undefined;
  #events: QueueEvents | undefined;
  #connections: Redis[] = [];
  /** Publishes aborts to the workers. */
  #control: Redis | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reconciling = false;
  #adds: { name: string; data: TaskDispatch; opts: { jobId: string; removeOnComplete: { age: number; count: number }; removeOnFail: { age: number } } }[] = [];

  constructor(options: BullmqTaskDispatcherOptions) {
    this.#options = options;
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  }

  /** Connects to Redis; resolves once the queue and its event stream are ready. */
  async start(): Promise<void> {
    const queue = new Queue(this.queueName, { connection: this.#connect() });
    queue.on('error', () => undefined);
    const events = new QueueEvents(this.queueName, { connection: this.#connect() });
    events.on('error', () => undefined);
    events.on('completed', ({ jobId, returnvalue }) => this.#settle(jobId, parseResult(returnvalue)));
    events.on('failed', ({ jobId, failedReason }) => this.#settle(jobId, { ok: false, error: { code: 'E_TASK_FAILED', message: failedReason } }));
    this.#queue = queue;
    this.#events = events;
    this.#control = new Redis(this.#options.url, { maxRetriesPerRequest: null });
    this.#control.on('error', () => undefined);
    this.#connections.push(this.#control);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const after = this.#options.reconcileAfterMs ?? 5000;
    this.#timer = setInterval(() => void this.#reconcile(after), Math.max(100, Math.floor(after / 5)));
    this.#timer.unref();
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await Promise.allSettled([this.#events?.close(), this.#queue?.close()]);
    for (const connection of this.#connections.splice(0)) connection.disconnect();
    this.#events = undefined;
    this.#queue = undefined;
  }

  /** Redis going away is expected (restarts): ioredis reconnects, BullMQ waits, the reconcile pass catches up. */
  #connect(): Redis {
    const connection = new Redis(this.#options.url, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    // Back after an outage: whatever Redis held may be gone, so every waiting attempt is checked now.
    let connectedOnce = false;
    connection.on('ready', () => {
      if (connectedOnce) void this.#reconcile(0);
      connectedOnce = true;
    });
    this.#connections.push(connection);
    return connection;
  }

  /** Attempts waiting for a worker's result. */
  get waiting(): number {
    return this.#waiting.size;
  }

  dispatch(task: TaskDispatch, signal: AbortSignal): Promise<unknown> {
    const jobId = jobIdOf(task);
    return new Promise<unknown>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        // Timeout or cancel: the engine has moved on; a late result finds nobody waiting.
        if (this.#waiting.get(jobId)?.task === task) this.#waiting.delete(jobId);
        reject(signal.reason);
        this.#abort(jobId);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.set(jobId, {
        task,
        checkedAt: Date.now(),
        resolve: (output) => {
          signal.removeEventListener('abort', onAbort);
          resolve(output);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      // A failed add (Redis down) is retried by the reconcile pass.
      this.#add(jobId, task);
    });
  }

  /**
   * Tells the worker running the attempt to abort it (its tool's signal
   * fires) and takes the job off the queue if no worker has it yet. Best
   * effort: whatever still comes back is fenced.
   */
  #abort(jobId: string): void {
    // Not sent yet (aborted in the tick it was dispatched): never sent.
    this.#adds = this.#adds.filter((add) => add.opts.jobId !== jobId);
    const queue = this.#queue;
    if (!queue) return;
    void this.#control
      ?.publish(cancelChannelOf(this.queueName), jobId)
      .catch((error: unknown) => this.#options.logger?.debug({ jobId, err: error }, 'could not tell the workers to abort an attempt'));
    // A job a worker holds is locked and stays; the worker skips one it is told about before it starts.
    void queue.remove(jobId).catch(() => undefined);
  }

  /** Adds of one tick go to Redis together (addBulk: one round trip for a fan-out of a thousand). */
  #add(jobId: string, task: TaskDispatch): void {
    this.#adds.push({ name: 'task', data: task, opts: { jobId, removeOnComplete: { age: 3600, count: 10_000 }, removeOnFail: { age: 24 * 3600 } } });
    if (this.#adds.length === 1) setImmediate(() => void this.#flushAdds());
  }

  async #flushAdds(): Promise<void> {
    const adds = this.#adds.splice(0);
    const queue = this.#queue;
    if (!queue || adds.length === 0) return;
    try {
      await queue.addBulk(adds);
    } catch (error) {
      // The reconcile pass adds them again.
      this.#options.logger?.warn({ jobs: adds.length, err: error }, 'could not queue task attempts; retrying');
    }
  }

  #settle(jobId: string, result: DispatchResult): void {
    const waiting = this.#waiting.get(jobId);
    if (!waiting) return;
    this.#waiting.delete(jobId);
    if ('stale' in result) {
      const { runId, taskId, attempt } = waiting.task;
      waiting.reject(new TroupeError('E_STORE_CONFLICT', { runId, seq: `attempt ${attempt} of task ${taskId}` }, { message: `Attempt ${attempt} of task ${taskId} was superseded: ${result.reason}` }));
    } else if (result.ok) {
      waiting.resolve(result.output);
    } else {
      waiting.reject(failureOf(result.error));
    }
  }

  /** Catches up with what events cannot tell: jobs Redis lost, results published while the event stream was down. */
  async #reconcile(olderThanMs: number): Promise<void> {
    const queue = this.#queue;
    if (this.#reconciling || !queue || this.#waiting.size === 0) return;
    this.#reconciling = true;
    try {
      const now = Date.now();
      for (const [jobId, waiting] of [...this.#waiting]) {
        if (now - waiting.checkedAt < olderThanMs) continue;
        waiting.checkedAt = now;
        const job = await queue.getJob(jobId);
        if (!job) {
          this.#add(jobId, waiting.task);
          continue;
        }
        if (job.finishedOn === undefined) continue;
        if (job.failedReason !== undefined && job.returnvalue === undefined) this.#settle(jobId, { ok: false, error: { code: 'E_TASK_FAILED', message: job.failedReason } });
        else this.#settle(jobId, parseResult(job.returnvalue));
      }
    } catch (error) {
      this.#options.logger?.debug({ err: error }, 'reconcile pass failed; next one retries');
    } finally {
      this.#reconciling = false;
    }
  }
}

/** QueueEvents hands the return value over as JSON text; Job.returnvalue is already parsed. */
function parseResult(value: unknown): DispatchResult {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (parsed && typeof parsed === 'object' && ('ok' in parsed || 'stale' in parsed)) return parsed as DispatchResult;
  return { ok: false, error: { code: 'E_TASK_FAILED', message: `a worker answered something that is not a task result: ${JSON.stringify(parsed)?.slice(0, 200)}` } };
}
