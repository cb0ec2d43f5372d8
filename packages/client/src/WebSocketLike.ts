/**
 * The subset of the WHATWG WebSocket the client uses: browsers, Node 22's
 * global WebSocket and the `ws` package all provide it.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: WebSocketEventLike) => void): void;
}

/** What the client reads from open, message, close and error events. */
export interface WebSocketEventLike {
  readonly data?: unknown;
  readonly code?: number;
  readonly reason?: string;
  readonly message?: string;
  readonly error?: unknown;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

let platformWebSocket: WebSocketConstructor | undefined;

/**
 * Sets the WebSocket the client uses when none is passed. The Node entry
 * (`node.ts`, picked by the package's "node" export condition) sets the `ws`
 * package; browsers use their global WebSocket, so the browser entry never
 * imports anything from Node.
 */
export function setPlatformWebSocket(constructor: WebSocketConstructor): void {
  platformWebSocket = constructor;
}

/** The WebSocket for this platform: `ws` on Node, else the global one (browsers, Deno, workers). */
export async function defaultWebSocket(): Promise<WebSocketConstructor> {
  const constructor = platformWebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (constructor) return constructor;
  throw new TypeError('No WebSocket implementation on this platform: pass options.WebSocket (a WHATWG-compatible constructor)');
}
