import WebSocket from 'ws';
import { STREAM_PROTOCOL, type ClientMessage, type ServerMessage } from '@troupe/client';
import { checkServerMessage, createServer, type ServerOptions, type TroupeServer } from '@troupe/server';

/** A server on an ephemeral 127.0.0.1 port. */
export interface TestServer {
  readonly server: TroupeServer;
  readonly url: string;
  readonly streamUrl: string;
  close(): Promise<void>;
}

export async function startTestServer(options: ServerOptions): Promise<TestServer> {
  const server = createServer(options);
  const address = await server.listen(0, '127.0.0.1');
  return { server, url: address.url, streamUrl: address.streamUrl, close: () => server.close() };
}

export interface HttpResult<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** A raw REST call: status, parsed body (or text) and headers, never throws on an error status. */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** Fails the test if a server message does not match the protocol schema. */
export function assertServerMessage(message: unknown): asserts message is ServerMessage {
  const problems = checkServerMessage(message);
  if (problems.length > 0) {
    throw new Error(`server message does not match the troupe.v1 schema: ${problems.join('; ')}\n${JSON.stringify(message).slice(0, 500)}`);
  }
}

/**
 * A raw websocket peer that records every message (schema-checked) and lets
 * a test await the next one matching a predicate.
 */
export class RawPeer {
  readonly messages: ServerMessage[] = [];
  private readonly waiters: { predicate: (message: ServerMessage) => boolean; from: number; resolve: (message: ServerMessage) => void; reject: (error: Error) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      // A frame holds one message or a batch of them (a JSON array), in order.
      const parsed = JSON.parse(data.toString('utf8')) as unknown;
      for (const message of Array.isArray(parsed) ? (parsed as unknown[]) : [parsed]) {
        assertServerMessage(message);
        this.messages.push(message);
        for (const waiter of [...this.waiters]) {
          if (waiter.predicate(message)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(message);
          }
        }
      }
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`socket closed (${code}) while waiting`));
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  static async open(streamUrl: string, options: { token?: string; protocols?: string[]; headers?: Record<string, string>; maxPayload?: number } = {}): Promise<RawPeer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const ws = new WebSocket(streamUrl, options.protocols ?? [STREAM_PROTOCOL], { headers });
    const peer = new RawPeer(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await peer.next((message) => message.type === 'welcome', 0);
    return peer;
  }

  /** Opens a handshake expected to fail; resolves with the HTTP status. */
  static refusedStatus(streamUrl: string, options: { token?: string; protocols?: string[]; headers?: Record<string, string> } = {}): Promise<number> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const ws = new WebSocket(streamUrl, options.protocols ?? [STREAM_PROTOCOL], { headers });
    return new Promise((resolve, reject) => {
      ws.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('open', () => reject(new Error('handshake unexpectedly succeeded')));
      ws.once('error', () => {});
    });
  }

  send(message: ClientMessage | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  /** The first message at index ≥ `from` (default: any, including those already received) matching the predicate. */
  next<T extends ServerMessage = ServerMessage>(predicate: (message: ServerMessage) => boolean, from = 0): Promise<T> {
    for (let index = from; index < this.messages.length; index += 1) {
      if (predicate(this.messages[index]!)) return Promise.resolve(this.messages[index] as T);
    }
    return new Promise<ServerMessage>((resolve, reject) => {
      this.waiters.push({ predicate, from, resolve, reject });
    }) as Promise<T>;
  }

  /** Sends a message with an id and waits for the reply carrying that id. */
  async request<T extends ServerMessage = ServerMessage>(message: ClientMessage): Promise<T> {
    const id = message.id ?? `r${Math.random().toString(36).slice(2)}`;
    const from = this.messages.length;
    this.send({ ...message, id });
    return this.next<T>((reply) => 'id' in reply && reply.id === id, from);
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * Resolves once GET /metrics contains `sample`: for server-side outcomes a
 * test cannot observe from a peer (a paused socket sees nothing).
 */
export async function waitForMetric(base: string, sample: string): Promise<void> {
  for (;;) {
    const text = await (await fetch(`${base}/metrics`)).text();
    if (text.includes(sample)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A TCP proxy in front of the server whose connections a test can cut, like
 * a network failure or a killed process (the peer sees no close frame).
 */
export async function startCuttableProxy(targetUrl: string): Promise<{ url: string; cut(): void; close(): Promise<void> }> {
  const { createServer: createTcpServer, connect } = await import('node:net');
  const target = new URL(targetUrl);
  const sockets = new Set<import('node:net').Socket>();
  const proxy = createTcpServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as import('node:net').AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}
