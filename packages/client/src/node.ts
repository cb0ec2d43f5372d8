// The Node entry of @troupe/client (export condition "node"): the same API,
// with the `ws` package as the WebSocket, so Node 20 needs nothing installed
// by hand. Browsers get index.ts, which imports nothing from Node.
import { WebSocket } from 'ws';
import { setPlatformWebSocket, type WebSocketConstructor } from './WebSocketLike.js';

setPlatformWebSocket(WebSocket as unknown as WebSocketConstructor);

export * from './index.js';
