import { createServer, type ServerAddress, type ServerOptions, type TroupeServer } from './createServer.js';

export interface StartServerOptions extends ServerOptions {
  /** Overrides config.host (default 127.0.0.1). */
  readonly host?: string;
  /** Overrides config.port (default 7373; 0 picks a free port). */
  readonly port?: number;
}

export interface RunningServer {
  readonly server: TroupeServer;
  readonly address: ServerAddress;
  close(): Promise<void>;
}

/**
 * Creates the server and listens: what `troupe serve` calls after starting the
 * host. Rejects with E_SERVER_UNSAFE_BIND for a non-loopback host without tokens.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const server = createServer(options);
  const address = await server.listen(options.port, options.host);
  return { server, address, close: () => server.close() };
}
