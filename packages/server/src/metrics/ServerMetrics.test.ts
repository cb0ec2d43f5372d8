import { describe, expect, it } from 'vitest';
import { ServerMetrics } from './ServerMetrics.js';

describe('ServerMetrics', () => {
  it('renders the Prometheus text format with HELP and TYPE for each metric and escaped labels', () => {
    const metrics = new ServerMetrics();
    metrics.countRequest('GET', '/v1/runs/:id', 200);
    metrics.countRequest('GET', '/v1/runs/:id', 200);
    metrics.countRunEnded('completed');
    metrics.wsFramesCoalesced = 7;
    const text = metrics.render({
      runsByStatus: { running: 2, 'we"ird': 1 },
      tasksByStatus: { ready: 3 },
      queuedRuns: 1,
      readyTasks: 3,
      wsClients: 4,
      wsSubscriptions: 5,
      wsQueuedBytes: 6,
      wsBufferedBytes: 8,
      wsHeldBytes: 9,
    });
    expect(text).toContain('# HELP troupe_runs Active runs by status.\n# TYPE troupe_runs gauge\ntroupe_runs{status="running"} 2\ntroupe_runs{status="we\\"ird"} 1\n');
    expect(text).toContain('troupe_runs_ended_total{status="completed"} 1');
    expect(text).toContain('troupe_queue_depth{queue="tasks"} 3');
    expect(text).toContain('troupe_ws_frames_coalesced_total 7');
    expect(text).toContain('troupe_http_requests_total{method="GET",route="/v1/runs/:id",status="200"} 2');
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? \d+(\.\d+)?)$/);
  });
});
