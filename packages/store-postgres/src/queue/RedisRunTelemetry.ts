import type { Logger, RunEvent, SeatSnapshot, WorkflowProgress } from '@troupe/sdk';
import { Redis } from 'ioredis';
import { DEFAULT_QUEUE_NAME } from './jobIds.js';

/** One live update of a run as the engine announces it (the runtime's RunUpdate). */
export interface RunTelemetryUpdate {
  readonly event: RunEvent;
  readonly progress: WorkflowProgress;
  readonly seat?: SeatSnapshot;
}

export interface RedisRunTelemetryOptions {
  /** `redis://host:port`: the deployment's queue Redis. */
  readonly url: string;
  /** The deployment's queue name (default `troupe-tasks`); the channel is `<queueName>:telemetry`. */
  readonly queueName?: string;
  readonly logger?: Logger;
}

/** An update as sent: progress only on the last update of its run in the message. */
type SentUpdate = Omit<RunTelemetryUpdate, 'progress'> & { readonly progress?: WorkflowProgress };

/** What goes over the channel: a tick's updates, or word that some were lost (subscribers catch up from the store). */
type TelemetryMessage = { readonly updates: readonly SentUpdate[] } | { readonly lost: true };

/** Updates per message: a fan-out of thousands goes out in a few messages, none of them huge. */
const UPDATES_PER_MESSAGE = 500;

export function telemetryChannelOf(queueName: string): string {
  return `${queueName}:telemetry`;
}

/**
 * Run telemetry between the servers of a scale-out deployment over Redis
 * pub/sub. The coordinator publishes every update its engine announces
 * (after the commit, so the store already holds the event); every other
 * server listens and hands them to its RunFeed, which fills any gap from the
 * store by seq. Pub/sub is at-most-once: a subscriber that reconnects, or a
 * publisher that could not publish (it then says so once it is back), makes
 * listeners catch up (`onLost`). Nothing is queued while Redis is away.
 */
export class RedisRunTelemetry {
  readonly channel: string;
  readonly #options: RedisRunTelemetryOptions;
  #publisher: Redis | undefined;
  #subscriber: Redis | undefined;
  #batch: RunTelemetryUpdate[] = [];
  #lost = false;

  constructor(options: RedisRunTelemetryOptions) {
    this.#options = options;
    this.channel = telemetryChannelOf(options.queueName ?? DEFAULT_QUEUE_NAME);
  }

  /** Connects the publishing side; resolves once it can publish. */
  async startPublishing(): Promise<void> {
    if (this.#publisher) return;
    // No offline queue: an update that cannot go out now is dropped, and subscribers are told to catch up.
    const publisher = new Redis(this.#options.url, { enableOfflineQueue: false, maxRetriesPerRequest: null });
    publisher.on('error', () => undefined);
    publisher.on('ready', () => {
      if (!this.#lost) return;
      this.#lost = false;
      this.#send({ lost: true });
    });
    this.#publisher = publisher;
    if (publisher.status !== 'ready') await new Promise<void>((resolve) => publisher.once('ready', () => resolve()));
  }

  /** Publishes an update with the others of this tick (one PUBLISH per tick, not per event). */
  publish(update: RunTelemetryUpdate): void {
    if (!this.#publisher) return;
    this.#batch.push(update);
    if (this.#batch.length === 1) setImmediate(this.#flush);
  }

  readonly #flush = (): void => {
    const updates = this.#batch;
    this.#batch = [];
    for (let from = 0; from < updates.length; from += UPDATES_PER_MESSAGE) this.#send({ updates: coalesced(updates.slice(from, from + UPDATES_PER_MESSAGE)) });
  };

  #send(message: TelemetryMessage): void {
    const publisher = this.#publisher;
    if (!publisher) return;
    if (publisher.status !== 'ready') {
      this.#lost = true;
      return;
    }
    publisher.publish(this.channel, JSON.stringify(message)).catch((error: unknown) => {
      this.#lost = true;
      this.#options.logger?.debug({ err: error }, 'could not publish run telemetry; subscribers catch up when Redis is back');
    });
  }

  /**
   * Subscribes to the updates other nodes publish; resolves once subscribed.
   * `onLost` is called when updates may have been missed: after this
   * connection came back, or when a publisher says it dropped some.
   */
  async listen(onUpdate: (update: RunTelemetryUpdate) => void, onLost: () => void): Promise<void> {
    if (this.#subscriber) return;
    const subscriber = new Redis(this.#options.url, { maxRetriesPerRequest: null });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      let message: TelemetryMessage;
      try {
        message = JSON.parse(text) as TelemetryMessage;
      } catch {
        return;
      }
      if ('lost' in message) onLost();
      else for (const update of withProgress(message.updates)) onUpdate(update);
    });
    this.#subscriber = subscriber;
    await subscriber.subscribe(this.channel);
    subscriber.on('ready', () => {
      // Back after an outage. ioredis subscribes again right after 'ready'; a PING queued behind that answers once it is done.
      setImmediate(() => {
        subscriber.ping().then(onLost, onLost);
      });
    });
  }

  /** Stops listening (this process now publishes instead). */
  async stopListening(): Promise<void> {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    if (!subscriber) return;
    subscriber.removeAllListeners('message');
    subscriber.removeAllListeners('ready');
    subscriber.disconnect();
  }

  async close(): Promise<void> {
    this.#flush();
    await this.stopListening();
    const publisher = this.#publisher;
    this.#publisher = undefined;
    if (publisher) await publisher.quit().catch(() => publisher.disconnect());
  }
}

/**
 * Progress coalesced per run and message: only the last update of a run
 * carries it (a fan-out of a thousand tasks lists them all in every progress).
 * A hub sends clients a progress frame per change anyway, at most once per
 * message here, as it coalesces for slow clients.
 */
function coalesced(updates: readonly RunTelemetryUpdate[]): SentUpdate[] {
  const sent: SentUpdate[] = new Array<SentUpdate>(updates.length);
  const seen = new Set<string>();
  for (let index = updates.length - 1; index >= 0; index--) {
    const update = updates[index]!;
    const runId = update.event.runId;
    if (seen.has(runId)) {
      sent[index] = update.seat ? { event: update.event, seat: update.seat } : { event: update.event };
    } else {
      seen.add(runId);
      sent[index] = update;
    }
  }
  return sent;
}

/** Gives every update the progress of its run's last update in the message. */
function withProgress(updates: readonly SentUpdate[]): RunTelemetryUpdate[] {
  const latest = new Map<string, WorkflowProgress>();
  const full: RunTelemetryUpdate[] = new Array<RunTelemetryUpdate>(updates.length);
  for (let index = updates.length - 1; index >= 0; index--) {
    const update = updates[index]!;
    const progress = update.progress ?? latest.get(update.event.runId);
    if (update.progress) latest.set(update.event.runId, update.progress);
    // A message without progress for a run comes from no publisher of this version; it is skipped.
    if (progress) full[index] = { ...update, progress };
  }
  return full.filter((update) => update !== undefined);
}
