/** Per-connection bounds of the websocket stream; every one has a safe default. */
export interface StreamLimits {
  /** Ping interval; a peer that has not answered the previous ping by the next one is terminated. Default 30000. */
  readonly heartbeatMs: number;
  /** Largest accepted client message (ws maxPayload); bigger ones close the connection with 1009. Default 1 MiB. */
  readonly maxFrameBytes: number;
  /** Stop handing frames to a socket while it holds this many unsent bytes. Default 512 KiB. */
  readonly sendHighWaterBytes: number;
  /** Frames queued in the server beyond the socket; past this, the client is behind and telemetry is coalesced. Default 4 MiB. */
  readonly maxQueuedBytes: number;
  /** A client behind for this long is closed with 4008. Default 30000. */
  readonly slowClientTimeoutMs: number;
  /** Subscriptions per connection. Default 64. */
  readonly maxSubscriptions: number;
  /** Events read from the store per replay page. Default 500. */
  readonly replayPageSize: number;
  /** Live events buffered per run during a replay before the buffer is dropped and the replay re-reads. Default 10000. */
  readonly replayBufferFrames: number;
  /** Runs a behind client may accumulate snapshots for before it is closed with 4008. Default 10000. */
  readonly maxBehindRuns: number;
  /**
   * Updates announced within this window are fanned out together, so each
   * client gets one websocket frame (a batch) instead of one per update:
   * fewer syscalls under load for at most this much added latency. 0 fans
   * out on the next turn of the event loop. Default 2.
   */
  readonly batchWindowMs: number;
  /** Open stream connections in all; one more is closed at once with 4029 (E_STREAM_CONNECTION_LIMIT). Default 1000. */
  readonly maxConnections: number;
  /** Open stream connections per principal (token name; `local` without tokens); past it, 4029. Default 100. */
  readonly maxConnectionsPerToken: number;
  /**
   * Bytes all connections together may hold for their clients (queued in the
   * server plus handed to sockets and not yet written). Past it, every
   * connection holding more than `pressureBytes` stops taking frames for its
   * socket and falls behind (coalesced snapshots and a gap), so slow clients
   * share a bounded total instead of each holding up to
   * `maxQueuedBytes + sendHighWaterBytes`. Default 32 MiB.
   */
  readonly maxTotalBufferedBytes: number;
  /** What one connection may still queue and have in its socket while the total is over budget. Default 64 KiB. */
  readonly pressureBytes: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  heartbeatMs: 30_000,
  maxFrameBytes: 1024 * 1024,
  sendHighWaterBytes: 512 * 1024,
  maxQueuedBytes: 4 * 1024 * 1024,
  slowClientTimeoutMs: 30_000,
  maxSubscriptions: 64,
  replayPageSize: 500,
  replayBufferFrames: 10_000,
  maxBehindRuns: 10_000,
  batchWindowMs: 2,
  maxConnections: 1000,
  maxConnectionsPerToken: 100,
  maxTotalBufferedBytes: 32 * 1024 * 1024,
  pressureBytes: 64 * 1024,
};
