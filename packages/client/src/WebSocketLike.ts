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

/**
 * The global WebSocket where there is one (browsers, Node 22+), else the `ws`
 * package, imported only when needed so browser bundles never see it.
 */
export async function defaultWebSocket(): Promise<WebSocketConstructor> {
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global) return global;
  // A variable specifier keeps bundlers from resolving `ws` for the browser.
  const specifier = 'ws';
  try {
    const module = (await import(/* @vite-ignore */ specifier)) as { WebSocket?: WebSocketConstructor; default?: WebSocketConstructor };
    const constructor = module.WebSocket ?? module.default;
    if (constructor) return constructor;
  } catch {
    // Reported below.
  }
  throw new TypeError('No WebSocket implementation: install the "ws" package (Node < 22) or pass options.WebSocket');
}
