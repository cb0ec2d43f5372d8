import type { LiveMessage, RunMessage, SubscribeMessage } from './protocol.js';

/** What one subscription selects and wants (the `subscribe` message without `type` and `id`). */
export type SubscribeOptions = Omit<SubscribeMessage, 'type' | 'id'>;

/** What a subscription yields: run messages in seq order per run, and `live` when a (re)subscription caught up. */
export type SubscriptionMessage = RunMessage | LiveMessage;

const TERMINAL_EVENT_TYPES = new Set(['run.completed', 'run.failed', 'run.cancelled']);

/**
 * One subscription, as an async iterable that survives reconnects: the client
 * re-subscribes with the last seq it delivered per run, so the iteration sees
 * every event exactly once, in order. The queue is unbounded: iterate promptly.
 */
export class StreamSubscription implements AsyncIterable<SubscriptionMessage> {
  /** The id the server gave the current (re)subscription. */
  serverId: string | undefined;
  /** Last event seq delivered per run (also advanced by gaps). */
  private readonly seen = new Map<string, number>();
  /** Runs whose terminal event was delivered: nothing to resume for them. */
  private readonly ended = new Set<string>();
  private queue: SubscriptionMessage[] = [];
  private head = 0;
  private waiter: { resolve: (result: IteratorResult<SubscriptionMessage>) => void; reject: (error: Error) => void } | undefined;
  private done = false;
  private failure: Error | undefined;
  private liveResolve: (() => void) | undefined;
  private acceptance: { resolve: () => void; reject: (error: Error) => void } | undefined;
  /** Resolves when the first replay finished and the subscription is live. */
  readonly live: Promise<void>;
  /** Resolves when the server first accepted the subscription; rejects if it refused it. */
  readonly accepted: Promise<void>;

  constructor(
    readonly options: SubscribeOptions,
    private readonly onUnsubscribe: (subscription: StreamSubscription) => Promise<void>,
  ) {
    this.live = new Promise((resolve) => {
      this.liveResolve = resolve;
    });
    this.accepted = new Promise((resolve, reject) => {
      this.acceptance = { resolve, reject };
    });
    this.accepted.catch(() => {});
  }

  /** The server answered a (re)subscribe with `subscribed`. */
  acknowledge(serverId: string): void {
    this.serverId = serverId;
    this.acceptance?.resolve();
    this.acceptance = undefined;
  }

  /** The server refused a (re)subscribe: the first refusal fails subscribe(), a later one ends the iteration. */
  refuse(error: Error): void {
    if (this.acceptance) {
      this.acceptance.reject(error);
      this.acceptance = undefined;
      this.end();
    } else {
      this.end(error);
    }
  }

  /** Last event seq this subscription delivered for a run. */
  lastSeq(runId: string): number | undefined {
    return this.seen.get(runId);
  }

  /** True when the message belongs to this subscription (selector, seats, events). */
  matches(message: RunMessage): boolean {
    const options = this.options;
    if (options.runId !== undefined && message.runId !== options.runId) return false;
    if (options.conversationId !== undefined && message.conversationId !== options.conversationId) return false;
    if (options.definitionId !== undefined && message.definitionId !== options.definitionId) return false;
    if (message.type === 'event' && options.events === false) return false;
    if (message.type === 'SEAT_UPDATE' && options.seats !== undefined && !options.seats.includes(message.seat.roleId)) return false;
    return true;
  }

  /** The subscribe message for (re)subscribing: `since` resumes after what was already delivered. */
  subscribeMessage(id: string): SubscribeMessage {
    const { since, ...selection } = this.options;
    if (this.options.runId !== undefined) {
      const seen = this.seen.get(this.options.runId);
      const resume = seen ?? (typeof since === 'number' ? since : undefined);
      return { type: 'subscribe', id, ...selection, ...(resume !== undefined ? { since: resume } : {}) };
    }
    const resume: Record<string, number> = typeof since === 'object' ? { ...since } : {};
    for (const [runId, seq] of this.seen) if (!this.ended.has(runId)) resume[runId] = seq;
    for (const runId of this.ended) delete resume[runId];
    const hasResume = Object.keys(resume).length > 0 || since !== undefined;
    return { type: 'subscribe', id, ...selection, ...(hasResume ? { since: resume } : {}) };
  }

  /** Called by the client for each message routed here. */
  push(message: SubscriptionMessage): void {
    if (this.done) return;
    if (message.type === 'live') {
      this.liveResolve?.();
      this.liveResolve = undefined;
    } else if (message.type === 'event') {
      // Exactly once per subscription, even when a replay overlaps what was delivered.
      const seen = this.seen.get(message.runId) ?? 0;
      if (message.seq <= seen) return;
      this.seen.set(message.runId, message.seq);
      if (TERMINAL_EVENT_TYPES.has(message.event.type)) this.ended.add(message.runId);
    } else if (message.type === 'gap') {
      this.seen.set(message.runId, Math.max(this.seen.get(message.runId) ?? 0, message.toSeq));
    }
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter.resolve({ value: message, done: false });
    } else {
      this.queue.push(message);
    }
  }

  /** Ends the iteration, with an error if given (after the queued messages). */
  end(error?: Error): void {
    if (this.done) return;
    this.done = true;
    this.failure = error;
    this.liveResolve?.();
    if (this.acceptance) {
      this.acceptance.reject(error ?? new Error('subscription ended'));
      this.acceptance = undefined;
    }
    if (this.waiter && this.head >= this.queue.length) {
      const waiter = this.waiter;
      this.waiter = undefined;
      if (error) waiter.reject(error);
      else waiter.resolve({ value: undefined, done: true });
    }
  }

  get closed(): boolean {
    return this.done;
  }

  async unsubscribe(): Promise<void> {
    if (this.done) return;
    this.end();
    await this.onUnsubscribe(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return {
      next: () => {
        if (this.head < this.queue.length) {
          const message = this.queue[this.head]!;
          this.head += 1;
          if (this.head === this.queue.length) {
            this.queue = [];
            this.head = 0;
          } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
            this.queue = this.queue.slice(this.head);
            this.head = 0;
          }
          return Promise.resolve({ value: message, done: false });
        }
        if (this.done) return this.failure ? Promise.reject(this.failure) : Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiter = { resolve, reject };
        });
      },
      return: async () => {
        await this.unsubscribe();
        return { value: undefined, done: true };
      },
    };
  }
}
