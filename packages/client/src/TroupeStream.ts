import { TroupeError, type HumanAnswer, type RunState } from '@troupe/sdk';
import {
  BEARER_PROTOCOL_PREFIX,
  CLOSE_CODES,
  STREAM_PATH,
  STREAM_PROTOCOL,
  isRunMessage,
  type ClientMessage,
  type ServerMessage,
  type WelcomeMessage,
} from './protocol.js';
import { remoteError } from './remoteError.js';
import type { StartRunRequest } from './restTypes.js';
import { StreamSubscription, type SubscribeOptions } from './StreamSubscription.js';
import { defaultWebSocket, type WebSocketConstructor, type WebSocketEventLike, type WebSocketLike } from './WebSocketLike.js';

export type StreamState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ReconnectOptions {
  /** First delay; doubles per failed attempt. Default 250. */
  readonly initialDelayMs?: number;
  /** Default 10000. */
  readonly maxDelayMs?: number;
  /** Consecutive failed attempts before giving up (E_CLIENT_DISCONNECTED). Default unlimited. */
  readonly maxAttempts?: number;
}

export interface StreamOptions {
  /** Server URL: `http(s)://host:port` or `ws(s)://host:port[/v1/stream]`. */
  readonly url: string;
  readonly token?: string;
  /** Defaults to the `ws` package on Node, the global WebSocket in browsers. */
  readonly WebSocket?: WebSocketConstructor;
  /** `false` disables reconnection. */
  readonly reconnect?: ReconnectOptions | false;
  /** Called on every state change. */
  readonly onState?: (state: StreamState) => void;
  /**
   * Asked after a refused handshake (browsers cannot see its status): resolve
   * with an error to stop reconnecting (e.g. from a REST whoami probe).
   */
  readonly probeAuth?: () => Promise<Error | undefined>;
}

interface PendingRequest {
  readonly resolve: (message: ServerMessage) => void;
  readonly reject: (error: Error) => void;
  /** Subscribe requests are re-sent on reconnect instead of failing. */
  readonly subscription?: StreamSubscription;
}

/**
 * The websocket side of the client: connects lazily, authenticates (token as
 * a `troupe.bearer.*` subprotocol, which works in browsers too), subscribes,
 * and reconnects with exponential backoff and jitter, re-subscribing every
 * subscription from the last seq it delivered per run.
 */
export class TroupeStream {
  private ws: WebSocketLike | undefined;
  private state_: StreamState = 'idle';
  private readonly subscriptions = new Set<StreamSubscription>();
  private readonly byServerId = new Map<string, StreamSubscription>();
  private readonly pending = new Map<string, PendingRequest>();
  private readonly listeners = new Set<(message: ServerMessage) => void>();
  private nextId = 1;
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private ready: Deferred<WelcomeMessage>;
  private welcome_: WelcomeMessage | undefined;
  private fatal: Error | undefined;
  private readonly streamUrl: string;

  constructor(private readonly options: StreamOptions) {
    this.streamUrl = toStreamUrl(options.url);
    this.ready = deferred();
  }

  get state(): StreamState {
    return this.state_;
  }

  /** The server's welcome on the current connection. */
  get welcome(): WelcomeMessage | undefined {
    return this.welcome_;
  }

  /** Opens the connection (if not yet) and resolves with the server's welcome. */
  connect(): Promise<WelcomeMessage> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.state_ === 'idle') void this.open();
    return this.ready.promise;
  }

  /** Every message received, before routing; returns the unsubscribe function. */
  onMessage(listener: (message: ServerMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes; resolves once the server accepted it (replayed messages follow in the iteration). */
  async subscribe(options: SubscribeOptions): Promise<StreamSubscription> {
    if (this.fatal) throw this.fatal;
    if (this.state_ === 'closed') throw new TroupeError('E_CLIENT_CLOSED');
    const subscription = new StreamSubscription(options, (sub) => this.unsubscribe(sub));
    this.subscriptions.add(subscription);
    // While not open, the next welcome sends it with every other subscription.
    if (this.state_ === 'open') this.sendSubscribe(subscription);
    else void this.connect().catch(() => {});
    try {
      await subscription.accepted;
    } catch (error) {
      this.subscriptions.delete(subscription);
      throw error;
    }
    return subscription;
  }

  async start(request: StartRunRequest): Promise<RunState> {
    return this.runRequest({ type: 'start', ...request });
  }

  async answer(runId: string, taskId: string, answer: HumanAnswer): Promise<RunState> {
    return this.runRequest({ type: 'answer', runId, taskId, answer });
  }

  async cancel(runId: string, reason?: string): Promise<RunState> {
    return this.runRequest({ type: 'cancel', runId, ...(reason !== undefined ? { reason } : {}) });
  }

  /** Round trip through the server. */
  async ping(): Promise<void> {
    await this.request({ type: 'ping' });
  }

  /** Closes for good: pending requests reject with E_CLIENT_CLOSED, subscriptions end. */
  close(): void {
    if (this.state_ === 'closed') return;
    this.setState('closed');
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const error = new TroupeError('E_CLIENT_CLOSED');
    this.failAll(error, true);
    this.ready.reject(error);
    this.ready.promise.catch(() => {});
    const ws = this.ws;
    this.ws = undefined;
    if (ws && ws.readyState <= 1) ws.close(CLOSE_CODES.NORMAL, 'client closed');
  }

  /** Drops the current connection as if the network failed (for tests and manual recovery); reconnects as usual. */
  dropConnection(): void {
    this.ws?.close(4000, 'dropped by client');
  }

  private async runRequest(message: ClientMessage): Promise<RunState> {
    const reply = await this.request(message);
    if (reply.type !== 'result') throw new TroupeError('E_INTERNAL', { reason: `unexpected reply ${reply.type}` });
    return reply.run;
  }

  private async request(message: ClientMessage, subscription?: StreamSubscription): Promise<ServerMessage> {
    await this.connect();
    const id = `c${this.nextId++}`;
    return new Promise<ServerMessage>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(subscription ? { subscription } : {}) });
      this.sendRaw({ ...message, id });
    });
  }

  /** Sends a (re)subscribe; its answer acknowledges or refuses the subscription. */
  private sendSubscribe(subscription: StreamSubscription): void {
    const id = `c${this.nextId++}`;
    subscription.serverId = undefined;
    this.pending.set(id, {
      subscription,
      resolve: (reply) => {
        if (reply.type !== 'subscribed') return;
        this.byServerId.set(reply.subscriptionId, subscription);
        subscription.acknowledge(reply.subscriptionId);
      },
      reject: (error) => {
        this.subscriptions.delete(subscription);
        subscription.refuse(error);
      },
    });
    this.sendRaw(subscription.subscribeMessage(id));
  }

  private async unsubscribe(subscription: StreamSubscription): Promise<void> {
    this.subscriptions.delete(subscription);
    const serverId = subscription.serverId;
    if (serverId === undefined || this.state_ !== 'open') return;
    this.byServerId.delete(serverId);
    await this.request({ type: 'unsubscribe', subscriptionId: serverId }).catch(() => {});
  }

  private sendRaw(message: ClientMessage): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== 1) return; // Re-sent (subscribe) or failed (others) by the reconnect.
    ws.send(JSON.stringify(message));
  }

  private setState(state: StreamState): void {
    if (this.state_ === state) return;
    this.state_ = state;
    this.options.onState?.(state);
  }

  private async open(): Promise<void> {
    this.setState(this.attempts === 0 ? 'connecting' : 'reconnecting');
    const protocols = [STREAM_PROTOCOL];
    if (this.options.token !== undefined) protocols.push(BEARER_PROTOCOL_PREFIX + base64url(this.options.token));
    let ws: WebSocketLike;
    try {
      const Constructor = this.options.WebSocket ?? (await defaultWebSocket());
      if (this.state_ === 'closed') return;
      // A platform without a usable WebSocket throws here: nothing was sent, so every waiting request fails now.
      ws = new Constructor(this.streamUrl, protocols);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    this.ws = ws;
    let opened = false;
    let lastError = '';
    ws.addEventListener('open', () => {
      opened = true;
    });
    ws.addEventListener('error', (event) => {
      lastError = errorText(event);
    });
    ws.addEventListener('message', (event) => {
      if (this.ws !== ws) return;
      this.onFrame(event.data);
    });
    ws.addEventListener('close', (event) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      void this.onClose(opened, event.code ?? 1006, event.reason || lastError);
    });
  }

  /** One websocket frame: a message, or a batch (JSON array) of messages in order. */
  private onFrame(data: unknown): void {
    let parsed: ServerMessage | ServerMessage[];
    try {
      parsed = JSON.parse(typeof data === 'string' ? data : String(data)) as ServerMessage | ServerMessage[];
    } catch {
      return;
    }
    if (Array.isArray(parsed)) for (const message of parsed) this.onMessage_(message);
    else this.onMessage_(parsed);
  }

  private onMessage_(message: ServerMessage): void {
    for (const listener of this.listeners) listener(message);
    if (isRunMessage(message)) {
      for (const subscription of this.subscriptions) if (subscription.matches(message)) subscription.push(message);
      return;
    }
    switch (message.type) {
      case 'welcome':
        this.onWelcome(message);
        return;
      case 'live':
        this.byServerId.get(message.subscriptionId)?.push(message);
        return;
      case 'subscribed':
      case 'unsubscribed':
      case 'result':
      case 'pong':
        this.settle(message.id, message);
        return;
      case 'error': {
        const pending = message.id !== undefined && message.runId === undefined ? this.pending.get(message.id) : undefined;
        if (!pending) return;
        this.pending.delete(message.id!);
        const error = remoteError(message);
        pending.reject(error);
        return;
      }
    }
  }

  private settle(id: string | undefined, message: ServerMessage): void {
    if (id === undefined) return;
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    pending.resolve(message);
  }

  private onWelcome(welcome: WelcomeMessage): void {
    this.welcome_ = welcome;
    this.attempts = 0;
    this.setState('open');
    this.ready.resolve(welcome);
    // After a reconnect: resume every subscription where its delivery stopped.
    for (const subscription of this.subscriptions) this.sendSubscribe(subscription);
  }

  private async onClose(opened: boolean, code: number, reason: string): Promise<void> {
    if (this.state_ === 'closed') return;
    this.welcome_ = undefined;
    this.byServerId.clear();
    const lost = new TroupeError('E_CLIENT_DISCONNECTED', { url: this.streamUrl, reason: reason || `closed with code ${code}` });
    // Requests in flight cannot be known to have happened: they fail; subscriptions are re-sent on the next welcome.
    for (const pending of this.pending.values()) if (!pending.subscription) pending.reject(lost);
    this.pending.clear();
    // Callers waiting for the first welcome keep waiting (or get the fatal error); after one, start a new wait.
    if (this.ready.settled) this.ready = deferred();
    if (!opened) {
      const refused = /\b(401|403)\b/.exec(reason);
      let fatal: Error | undefined = refused ? new TroupeError(refused[1] === '401' ? 'E_UNAUTHORIZED' : 'E_FORBIDDEN', { action: 'open the stream', scope: 'read' }) : undefined;
      fatal ??= await this.options.probeAuth?.().catch(() => undefined);
      if (fatal) {
        this.fail(fatal);
        return;
      }
    }
    const reconnect = this.options.reconnect;
    if (reconnect === false) {
      this.fail(lost);
      return;
    }
    this.attempts += 1;
    if (this.attempts > (reconnect?.maxAttempts ?? Number.POSITIVE_INFINITY)) {
      this.fail(lost);
      return;
    }
    const base = Math.min(reconnect?.maxDelayMs ?? 10_000, (reconnect?.initialDelayMs ?? 250) * 2 ** Math.min(this.attempts - 1, 16));
    const delay = base / 2 + Math.random() * (base / 2);
    this.setState('reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.state_ !== 'closed') void this.open();
    }, delay);
  }

  private fail(error: Error): void {
    this.fatal = error;
    this.setState('closed');
    this.failAll(error, false);
    this.ready.reject(error);
    this.ready.promise.catch(() => {});
  }

  private failAll(error: Error, graceful: boolean): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    for (const subscription of this.subscriptions) subscription.end(graceful ? undefined : error);
    this.subscriptions.clear();
    this.byServerId.clear();
  }
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  settled: boolean;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolvePromise!: (value: T) => void;
  let rejectPromise!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolvePromise = res;
    rejectPromise = rej;
  });
  const result: Deferred<T> = {
    promise,
    settled: false,
    resolve: (value) => {
      result.settled = true;
      resolvePromise(value);
    },
    reject: (error) => {
      result.settled = true;
      rejectPromise(error);
    },
  };
  return result;
}

/** http(s)://host → ws(s)://host/v1/stream; a ws(s) URL without a path gets the stream path too. */
export function toStreamUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = STREAM_PATH;
  return parsed.toString();
}

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function errorText(event: WebSocketEventLike): string {
  if (typeof event.message === 'string') return event.message;
  if (event.error instanceof Error) return event.error.message;
  return '';
}
