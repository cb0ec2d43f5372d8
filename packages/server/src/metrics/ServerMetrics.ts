/** Gauges read at scrape time from the engine and the stream hub. */
export interface MetricGauges {
  /** Active runs by status (queued, running, awaiting_input, paused). */
  readonly runsByStatus: Readonly<Record<string, number>>;
  /** Tasks by status over the active runs the stream has seen. */
  readonly tasksByStatus: Readonly<Record<string, number>>;
  readonly queuedRuns: number;
  readonly readyTasks: number;
  readonly wsClients: number;
  readonly wsSubscriptions: number;
  /** Bytes queued in the server, not yet handed to sockets. */
  readonly wsQueuedBytes: number;
  /** Bytes handed to sockets and not yet written out. */
  readonly wsBufferedBytes: number;
  /** What all connections hold against the stream budget (queued plus handed to sockets, not yet written). */
  readonly wsHeldBytes: number;
}

/**
 * Counters of the server, rendered in the Prometheus text format
 * (version 0.0.4) at GET /metrics.
 */
export class ServerMetrics {
  runEvents = 0;
  readonly runsEnded: Record<string, number> = {};
  wsConnections = 0;
  wsFramesSent = 0;
  /** Telemetry frames folded into a newer snapshot while a client was behind. */
  wsFramesCoalesced = 0;
  /** Event frames not sent to a client that was behind (announced with a gap). */
  wsFramesDropped = 0;
  wsGaps = 0;
  wsClosedSlow = 0;
  wsClosedDead = 0;
  wsFramesInvalid = 0;
  wsFramesTooLarge = 0;
  wsOutgoingInvalid = 0;
  wsUpgradesRefused = 0;
  /** Connections closed at once because of maxConnections / maxConnectionsPerToken. */
  wsConnectionsRefused = 0;
  /** Largest send queue (bytes) any connection reached. */
  wsQueuedBytesMax = 0;
  private readonly httpRequests = new Map<string, number>();

  countRequest(method: string, route: string, status: number): void {
    const key = `${method}\u0000${route}\u0000${status}`;
    this.httpRequests.set(key, (this.httpRequests.get(key) ?? 0) + 1);
  }

  countRunEnded(status: string): void {
    this.runsEnded[status] = (this.runsEnded[status] ?? 0) + 1;
  }

  noteQueuedBytes(bytes: number): void {
    if (bytes > this.wsQueuedBytesMax) this.wsQueuedBytesMax = bytes;
  }

  render(gauges: MetricGauges): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: readonly (readonly [labels: string, value: number])[]): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    const byLabel = (label: string, values: Readonly<Record<string, number>>): [string, number][] =>
      Object.entries(values).map(([key, value]) => [`{${label}="${escapeLabel(key)}"}`, value]);

    metric('troupe_runs', 'gauge', 'Active runs by status.', byLabel('status', gauges.runsByStatus));
    metric('troupe_runs_ended_total', 'counter', 'Runs that ended while this server ran, by final status.', byLabel('status', this.runsEnded));
    metric('troupe_run_events_total', 'counter', 'Run events announced by the engine.', [['', this.runEvents]]);
    metric('troupe_tasks', 'gauge', 'Tasks of active runs by status.', byLabel('status', gauges.tasksByStatus));
    metric('troupe_queue_depth', 'gauge', 'Work waiting to execute: queued runs and ready tasks.', [
      ['{queue="runs"}', gauges.queuedRuns],
      ['{queue="tasks"}', gauges.readyTasks],
    ]);
    metric('troupe_ws_clients', 'gauge', 'Open websocket connections.', [['', gauges.wsClients]]);
    metric('troupe_ws_subscriptions', 'gauge', 'Active websocket subscriptions.', [['', gauges.wsSubscriptions]]);
    metric('troupe_ws_connections_total', 'counter', 'Websocket connections accepted.', [['', this.wsConnections]]);
    metric('troupe_ws_upgrades_refused_total', 'counter', 'Websocket upgrades refused (auth, path, protocol).', [['', this.wsUpgradesRefused]]);
    metric('troupe_ws_frames_sent_total', 'counter', 'Websocket messages sent.', [['', this.wsFramesSent]]);
    metric('troupe_ws_frames_coalesced_total', 'counter', 'Telemetry messages folded into a newer snapshot for a client that fell behind.', [['', this.wsFramesCoalesced]]);
    metric('troupe_ws_frames_dropped_total', 'counter', 'Event messages skipped for a client that fell behind (announced by a gap message).', [['', this.wsFramesDropped]]);
    metric('troupe_ws_gaps_total', 'counter', 'Gap messages sent.', [['', this.wsGaps]]);
    metric('troupe_ws_closed_total', 'counter', 'Connections the server closed, by reason.', [
      ['{reason="slow"}', this.wsClosedSlow],
      ['{reason="dead"}', this.wsClosedDead],
      ['{reason="frame_too_large"}', this.wsFramesTooLarge],
      ['{reason="connection_limit"}', this.wsConnectionsRefused],
    ]);
    metric('troupe_ws_frames_invalid_total', 'counter', 'Client messages refused as malformed or invalid.', [['', this.wsFramesInvalid]]);
    metric('troupe_ws_outgoing_invalid_total', 'counter', 'Server messages that failed the protocol schema (a bug).', [['', this.wsOutgoingInvalid]]);
    metric('troupe_ws_send_queue_bytes', 'gauge', 'Bytes queued for websocket clients, not yet handed to sockets.', [['', gauges.wsQueuedBytes]]);
    metric('troupe_ws_send_queue_bytes_max', 'gauge', 'Largest send queue any one connection reached, in bytes.', [['', this.wsQueuedBytesMax]]);
    metric('troupe_ws_buffered_bytes', 'gauge', 'Bytes handed to websocket sockets and not yet written.', [['', gauges.wsBufferedBytes]]);
    metric('troupe_ws_held_bytes', 'gauge', 'Bytes all websocket connections hold for their clients, against server.maxStreamBufferBytes.', [['', gauges.wsHeldBytes]]);
    const requests: [string, number][] = [];
    for (const [key, value] of this.httpRequests) {
      const [method, route, status] = key.split('\u0000') as [string, string, string];
      requests.push([`{method="${method}",route="${escapeLabel(route)}",status="${status}"}`, value]);
    }
    metric('troupe_http_requests_total', 'counter', 'HTTP requests by route and status.', requests);
    const memory = process.memoryUsage();
    metric('troupe_process_heap_used_bytes', 'gauge', 'V8 heap in use.', [['', memory.heapUsed]]);
    metric('troupe_process_resident_memory_bytes', 'gauge', 'Resident set size.', [['', memory.rss]]);
    return lines.join('\n') + '\n';
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
