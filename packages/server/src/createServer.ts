import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { TroupeError, type Logger, type RunStatus, type ServerConfig, type StartupReport } from '@troupe/sdk';
import { STREAM_PATH, STREAM_PROTOCOL } from '@troupe/client';
import { inspectorAssetsDir } from '@troupe/inspector';
import { bearerFromHeaders, bearerFromProtocols, offeredProtocols } from './auth/bearerToken.js';
import { checkLocalRequest, isLoopbackHost } from './auth/localAccess.js';
import type { Principal } from './auth/Principal.js';
import { TokenAuthenticator } from './auth/TokenAuthenticator.js';
import { errorBody, statusOfError } from './http/HttpExchange.js';
import type { ApproveDraft } from './ApproveDraft.js';
import { RestApi } from './http/RestApi.js';
import { StaticAssets } from './http/StaticAssets.js';
import { ServerMetrics, type MetricGauges } from './metrics/ServerMetrics.js';
import { noopLogger } from './noopLogger.js';
import { RunActions, type EmitEvent } from './RunActions.js';
import type { ServerRunsApi } from './ServerRunsApi.js';
import { FrameEncoder } from './stream/Frame.js';
import { StreamHub } from './stream/StreamHub.js';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from './stream/StreamLimits.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7373;

export interface ServerOptions {
  /** The engine's runs API (a `RunsApi` from @troupe/runtime). */
  readonly runs: ServerRunsApi;
  /** The host's startup report, served at GET /v1/packs. */
  readonly report?: () => StartupReport;
  /** Fires event triggers (POST /v1/events/:name); without it the route answers with no runs started. */
  readonly emitEvent?: EmitEvent;
  /** `server` of troupe.config.json: host, port, tokens, maxFrameBytes, connection caps, stream buffer budget. */
  readonly config?: ServerConfig;
  readonly logger?: Logger;
  /** Stream bounds (see StreamLimits); maxFrameBytes defaults to config.maxFrameBytes. */
  readonly limits?: Partial<StreamLimits>;
  /** Largest accepted REST body. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Check every outgoing websocket message against the protocol schema. Default true. */
  readonly validateOutgoing?: boolean;
  /** Folder of the web inspector served at `/`. Default: the built @troupe/inspector; `false` serves none. */
  readonly inspector?: string | false;
  /** Approves a generated workflow draft (POST /v1/drafts/:id/approve, scope `drafts:approve`); without it the route answers 404. */
  readonly approveDraft?: ApproveDraft;
}


export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  /** `http://host:port` */
  readonly url: string;
  /** `ws://host:port/v1/stream` */
  readonly streamUrl: string;
}

export interface TroupeServer {
  /**
   * Listens on host:port (defaults: config, then 127.0.0.1:7373; port 0 picks
   * a free one). Refuses a non-loopback host when no token is configured
   * (E_SERVER_UNSAFE_BIND).
   */
  listen(port?: number, host?: string): Promise<ServerAddress>;
  /** Closes every websocket (1001) and HTTP connection and stops listening. */
  close(): Promise<void>;
  address(): ServerAddress | undefined;
  readonly metrics: ServerMetrics;
  /** The underlying node:http server, for hosts that add their own routes or TLS termination in front. */
  readonly httpServer: Server;
}

const ACTIVE_STATUSES: readonly RunStatus[] = ['queued', 'running', 'awaiting_input', 'paused'];

/** Builds the REST + websocket server over a runs API; nothing listens until listen(). */
export function createServer(options: ServerOptions): TroupeServer {
  const logger = options.logger ?? noopLogger;
  const config = options.config ?? {};
  const authenticator = new TokenAuthenticator(config.tokens);
  const limits: StreamLimits = {
    ...DEFAULT_STREAM_LIMITS,
    ...(config.maxFrameBytes !== undefined ? { maxFrameBytes: config.maxFrameBytes } : {}),
    ...(config.maxConnections !== undefined ? { maxConnections: config.maxConnections } : {}),
    ...(config.maxConnectionsPerToken !== undefined ? { maxConnectionsPerToken: config.maxConnectionsPerToken } : {}),
    ...(config.maxStreamBufferBytes !== undefined ? { maxTotalBufferedBytes: config.maxStreamBufferBytes } : {}),
    ...options.limits,
  };
  const metrics = new ServerMetrics();
  const actions = new RunActions(options.runs, options.emitEvent);
  const encoder = new FrameEncoder(options.validateOutgoing ?? true, (message, problems) => {
    metrics.wsOutgoingInvalid += 1;
    logger.error({ type: message.type, problems }, 'outgoing stream message does not match the troupe.v1 schema');
  });
  const hub = new StreamHub(actions, limits, encoder, metrics, logger);
  const startedAt = Date.now();

  const authenticate = (request: IncomingMessage, token = bearerFromHeaders(request.headers)): Principal => {
    if (!authenticator.enabled) {
      checkLocalRequest(request.headers);
      return TokenAuthenticator.local;
    }
    const principal = authenticator.authenticate(token);
    if (!principal) throw new TroupeError('E_UNAUTHORIZED');
    return principal;
  };

  const gauges = async (): Promise<MetricGauges> => {
    const stream = hub.gauges();
    const runsByStatus: Record<string, number> = {};
    for (const status of ACTIVE_STATUSES) runsByStatus[status] = await countRuns(options.runs, status);
    return {
      runsByStatus,
      tasksByStatus: stream.tasksByStatus,
      queuedRuns: runsByStatus.queued ?? 0,
      readyTasks: stream.readyTasks,
      wsClients: stream.clients,
      wsSubscriptions: stream.subscriptions,
      wsQueuedBytes: stream.queuedBytes,
      wsBufferedBytes: stream.bufferedBytes,
      wsHeldBytes: hub.budget.held,
    };
  };

  const api = new RestApi({
    actions,
    report: options.report ?? (() => ({ packs: [] })),
    metrics,
    gauges,
    authenticate,
    logger,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    startedAt,
    ...(options.approveDraft ? { approveDraft: options.approveDraft } : {}),
  });

  const assets = options.inspector === false ? undefined : new StaticAssets(options.inspector ?? inspectorAssetsDir);
  const httpServer = createHttpServer((request, response) => {
    if (assets?.handles(request)) assets.serve(request, response);
    else void api.handle(request, response);
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
    // Only troupe.v1 is ever selected; a bearer token offered as a subprotocol is never echoed.
    handleProtocols: () => STREAM_PROTOCOL,
  });

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== STREAM_PATH) throw new TroupeError('E_NOT_FOUND', { method: 'GET (upgrade)', path: url.pathname });
      const protocols = offeredProtocols(request.headers);
      if (!protocols.includes(STREAM_PROTOCOL)) {
        throw new TroupeError('E_REQUEST_INVALID', { problems: [`offer the websocket subprotocol "${STREAM_PROTOCOL}"`] });
      }
      const principal = authenticate(request, bearerFromHeaders(request.headers) ?? bearerFromProtocols(protocols));
      wss.handleUpgrade(request, socket, head, (ws) => hub.accept(ws, principal));
    } catch (error) {
      metrics.wsUpgradesRefused += 1;
      refuseUpgrade(socket, error);
    }
  });
  httpServer.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  let listening: ServerAddress | undefined;
  let hubStarted = false;

  return {
    metrics,
    httpServer,
    address: () => listening,
    async listen(port?: number, host?: string): Promise<ServerAddress> {
      const bindHost = host ?? config.host ?? DEFAULT_HOST;
      const bindPort = port ?? config.port ?? DEFAULT_PORT;
      if (!authenticator.enabled && !isLoopbackHost(bindHost)) throw new TroupeError('E_SERVER_UNSAFE_BIND', { host: bindHost });
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        httpServer.once('error', onError);
        httpServer.listen(bindPort, bindHost, () => {
          httpServer.off('error', onError);
          resolve();
        });
      });
      if (!hubStarted) {
        hub.start();
        hubStarted = true;
      }
      const address = httpServer.address() as AddressInfo;
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      listening = { host: address.address, port: address.port, url: `http://${urlHost}:${address.port}`, streamUrl: `ws://${urlHost}:${address.port}${STREAM_PATH}` };
      logger.info({ url: listening.url, auth: authenticator.enabled ? 'tokens' : 'loopback, no token' }, 'server listening');
      return listening;
    },
    async close(): Promise<void> {
      hub.stop();
      wss.close();
      await new Promise<void>((resolve) => {
        if (!httpServer.listening) {
          resolve();
          return;
        }
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
        // Upgraded sockets were closed by hub.stop(); anything else still open is cut.
        setTimeout(() => httpServer.closeAllConnections(), 1000).unref();
      });
      listening = undefined;
    },
  };
}

function refuseUpgrade(socket: Duplex, error: unknown): void {
  const info = errorBody(error);
  const status = statusOfError(error, info);
  const body = JSON.stringify({ error: info });
  const extra = status === 401 ? 'WWW-Authenticate: Bearer realm="troupe"\r\n' : '';
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`,
    );
  } else {
    socket.destroy();
  }
}

/** Active runs of one status, paging through the store (bounded at 10,000 per status). */
async function countRuns(runs: ServerRunsApi, status: RunStatus): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    const result = await runs.listRuns({ status, limit: 500, ...(cursor ? { cursor } : {}) });
    count += result.runs.length;
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return count;
}
