import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, STREAM_PROTOCOL } from '@troupe/client';
import { FakeRuns } from '../integration/server-fakeRuns.js';
import { RawPeer, startTestServer, waitForMetric, type TestServer } from '../integration/server-harness.js';

/**
 * Before: the stream accepted any number of connections, from anyone holding
 * a token, and each never-reading client could make the server hold up to
 * maxQueuedBytes + sendHighWaterBytes (4.5 MiB by default) for it, so the total
 * grew with the number of slow clients (100 of them: 88 → 313 MB). Now a global
 * and a per-token connection cap close extra connections with 4029, and the
 * bytes all connections together hold are bounded by one budget.
 */
let server: TestServer | undefined;
const peers: WebSocket[] = [];
afterEach(async () => {
  for (const ws of peers.splice(0)) ws.terminate();
  await server?.close();
  server = undefined;
});

/** Opens a connection the server will close at once; resolves with the close code and reason. */
function refused(streamUrl: string, token?: string): Promise<{ code: number; reason: string }> {
  const ws = new WebSocket(streamUrl, [STREAM_PROTOCOL], token ? { headers: { authorization: `Bearer ${token}` } } : {});
  peers.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.once('message', (data) => {
      const message = JSON.parse(data.toString()) as { type?: string };
      if (message.type === 'welcome') reject(new Error('the connection was accepted'));
    });
    ws.once('error', () => undefined);
  });
}

const metricValue = async (url: string, name: string): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
};

describe('websocket connection caps', () => {
  it('closes a connection past maxConnections with 4029 E_STREAM_CONNECTION_LIMIT, and takes one again once a slot is free', async () => {
    server = await startTestServer({ runs: new FakeRuns(), limits: { maxConnections: 3 } });
    const open = await Promise.all([1, 2, 3].map(() => RawPeer.open(server!.streamUrl)));
    expect(await refused(server.streamUrl)).toEqual({ code: CLOSE_CODES.TOO_MANY_CONNECTIONS, reason: 'E_STREAM_CONNECTION_LIMIT' });
    expect(CLOSE_CODES.TOO_MANY_CONNECTIONS).toBe(4029);
    open[0]!.close();
    await open[0]!.closed;
    await waitForMetric(server.url, '\ntroupe_ws_clients 2\n');
    const again = await RawPeer.open(server.streamUrl);
    again.close();
    for (const peer of open.slice(1)) peer.close();
  });

  it('caps connections per token (server.maxConnectionsPerToken in the config); other tokens still connect', async () => {
    server = await startTestServer({
      runs: new FakeRuns(),
      config: {
        maxConnectionsPerToken: 2,
        tokens: [
          { name: 'ada', token: 'ada-token-0123456789ab', scopes: ['read'] },
          { name: 'bob', token: 'bob-token-0123456789ab', scopes: ['read'] },
        ],
      },
    });
    const ada = await Promise.all([1, 2].map(() => RawPeer.open(server!.streamUrl, { token: 'ada-token-0123456789ab' })));
    expect(await refused(server.streamUrl, 'ada-token-0123456789ab')).toEqual({ code: 4029, reason: 'E_STREAM_CONNECTION_LIMIT' });
    const bob = await RawPeer.open(server.streamUrl, { token: 'bob-token-0123456789ab' });
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer ada-token-0123456789ab' } })).text();
    expect(text).toContain('troupe_ws_closed_total{reason="connection_limit"} 1');
    for (const peer of [...ada, bob]) peer.close();
  });
});

describe('the total memory held for slow clients is bounded', () => {
  it('20 never-reading clients hold at most the budget plus a small share each, not maxQueuedBytes each', async () => {
    const runs = new FakeRuns();
    const limits = { sendHighWaterBytes: 64 * 1024, maxQueuedBytes: 1024 * 1024, maxTotalBufferedBytes: 256 * 1024, pressureBytes: 16 * 1024, slowClientTimeoutMs: 60_000, heartbeatMs: 0 };
    server = await startTestServer({ runs, limits, validateOutgoing: false });
    const run = await runs.startWorkflow('review', { input: { topic: 'x' } });
    const clients = 20;
    const slow: RawPeer[] = [];
    for (let index = 0; index < clients; index += 1) {
      const peer = await RawPeer.open(server.streamUrl);
      await peer.request({ type: 'subscribe', runId: run.runId });
      (peer.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      slow.push(peer);
    }
    let peak = 0;
    let held = 0;
    // 40 MB of telemetry per client: more than the kernel buffers of a loopback socket take.
    for (let round = 0; round < 100; round += 1) {
      runs.flood(run.runId, 100, 4000);
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 5));
      peak = Math.max(peak, (await metricValue(server.url, 'troupe_ws_send_queue_bytes')) + (await metricValue(server.url, 'troupe_ws_buffered_bytes')));
      held = Math.max(held, await metricValue(server.url, 'troupe_ws_held_bytes'));
    }
    // Without the budget each client alone could reach 1 MiB queued + 64 KiB in its socket: 20+ MiB in all.
    const bound = limits.maxTotalBufferedBytes + clients * (limits.pressureBytes + limits.sendHighWaterBytes);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(bound);
    expect(held).toBeLessThanOrEqual(bound);
    // They were coalesced (gap + snapshot), not dropped: the server still serves a fresh reader.
    expect(await metricValue(server.url, 'troupe_ws_frames_dropped_total')).toBeGreaterThan(0);
    const fresh = await RawPeer.open(server.streamUrl);
    await fresh.request({ type: 'subscribe', runId: run.runId });
    fresh.close();
    for (const peer of slow) peer.ws.terminate();
  });
});
