import { isTroupeError } from '@troupe/sdk';
import { TroupeRestClient, type FetchFunction } from './TroupeRestClient.js';
import { TroupeStream, type ReconnectOptions, type StreamState } from './TroupeStream.js';
import type { StreamSubscription, SubscribeOptions } from './StreamSubscription.js';
import type { WebSocketConstructor } from './WebSocketLike.js';

export interface TroupeClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:7373`. */
  readonly url: string;
  /** A bearer token from the server's `server.tokens` (none needed for a tokenless loopback server). */
  readonly token?: string;
  /** Defaults to the `ws` package on Node, the global WebSocket in browsers. */
  readonly WebSocket?: WebSocketConstructor;
  /** Defaults to the global fetch. */
  readonly fetch?: FetchFunction;
  /** `false` disables reconnection of the stream. */
  readonly reconnect?: ReconnectOptions | false;
  readonly onState?: (state: StreamState) => void;
}

/**
 * A Troupe client for Node and browsers: `rest` has a typed helper per REST
 * route, `stream` is the resumable websocket. The stream connects on first use.
 */
export class TroupeClient {
  readonly rest: TroupeRestClient;
  readonly stream: TroupeStream;

  constructor(options: TroupeClientOptions) {
    this.rest = new TroupeRestClient({
      url: options.url,
      ...(options.token !== undefined ? { token: options.token } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.stream = new TroupeStream({
      url: options.url,
      ...(options.token !== undefined ? { token: options.token } : {}),
      ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
      ...(options.reconnect !== undefined ? { reconnect: options.reconnect } : {}),
      ...(options.onState ? { onState: options.onState } : {}),
      // A refused handshake looks the same as a network error in browsers: ask REST whether the token is the problem.
      probeAuth: async () => {
        try {
          await this.rest.whoami();
          return undefined;
        } catch (error) {
          return isTroupeError(error, 'E_UNAUTHORIZED') || isTroupeError(error, 'E_FORBIDDEN') ? error : undefined;
        }
      },
    });
  }

  /** Shorthand for `stream.subscribe`. */
  subscribe(options: SubscribeOptions): Promise<StreamSubscription> {
    return this.stream.subscribe(options);
  }

  close(): void {
    this.stream.close();
  }
}

export function createClient(options: TroupeClientOptions): TroupeClient {
  return new TroupeClient(options);
}
