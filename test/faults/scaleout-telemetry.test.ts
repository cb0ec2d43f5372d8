import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TroupeClient, type StreamSubscription, type SubscriptionMessage } from '@troupe/client';
import type { RunEvent } from '@troupe/sdk';
import { startCuttableProxy } from '../integration/server-harness.js';
import { ScaleoutCluster, until, within } from './scaleoutCluster.js';

/**
 * Live telemetry across the servers of a scale-out deployment (real
 * PostgreSQL, Redis, `troupe serve` and `troupe worker` processes): a client
 * of a standby server sees every event of runs the coordinator drives and
 * workers execute, in order and once, through cuts of its websocket and a
 * kill -9 of the coordinator; changes sent to the standby are refused naming
 * the coordinator; cancel and run timeout abort the tool on its worker.
 */
let cluster: ScaleoutCluster;
const clients: TroupeClient[] = [];

beforeAll(async () => {
  cluster = await ScaleoutCluster.start();
}, 120_000);
// A test that failed half-way leaves its coordinator running: the next one would meet its lease.
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await cluster?.stopProcesses();
});
afterAll(async () => {
  for (const client of clients) client.close();
  if (cluster && process.env['TROUPE_SCALEOUT_DEBUG']) console.log(cluster.output());
  await cluster?.destroy();
});

function connect(url: string): TroupeClient {
  const client = new TroupeClient({ url, reconnect: { initialDelayMs: 20, maxDelayMs: 200 } });
  clients.push(client);
  return client;
}

/** Reads a subscription in the background: the events per run, in the order they arrived. */
function record(subscription: StreamSubscription): { readonly events: Map<string, RunEvent[]>; ended(runIds: readonly string[]): Promise<void> } {
  const events = new Map<string, RunEvent[]>();
  const waiters: (() => void)[] = [];
  void (async () => {
    for await (const message of subscription as AsyncIterable<SubscriptionMessage>) {
      if (message.type !== 'event') continue;
      const list = events.get(message.runId) ?? [];
      events.set(message.runId, list);
      list.push(message.event);
      for (const waiter of waiters.splice(0)) waiter();
    }
  })();
  const isEnded = (runId: string): boolean => events.get(runId)?.some((event) => event.type.startsWith('run.') && ['run.completed', 'run.failed', 'run.cancelled'].includes(event.type)) ?? false;
  return {
    events,
    async ended(runIds) {
      while (!runIds.every(isEnded)) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

/** The client saw exactly the stored log: every seq once, in order, the same events. */
async function expectWholeLog(url: string, runId: string, seen: readonly RunEvent[] | undefined): Promise<void> {
  const stored = await cluster.events(url, runId);
  expect(seen?.map((event) => event.seq)).toEqual(stored.map((event) => event.seq));
  expect(seen?.map((event) => event.type)).toEqual(stored.map((event) => event.type));
}

describe('scale-out telemetry and aborts across nodes', () => {
  it('a client of the standby server sees every event of runs executed on a worker, in order and once, across cuts of its websocket; changes there are refused naming the coordinator', async () => {
    const coordinator = await cluster.coordinator();
    const standby = await cluster.standbyServer();
    const worker = await cluster.worker();
    const proxy = await startCuttableProxy(standby.url);
    const client = connect(proxy.url);
    // Live only: everything this subscription sees of the runs comes from the coordinator through Redis.
    const seen = record(await client.subscribe({ definitionId: 'chain' }));
    const gate = cluster.gate();
    const ids = ['tele-0', 'tele-1', 'tele-2'];
    for (const runId of ids) await cluster.startRun(coordinator.url, runId, gate);
    await until('task a to run on the worker', () => (ids.every((runId) => cluster.calls().some((call) => call.key === `${runId}:a`)) ? true : undefined));
    await until('the standby client to see task a start', () => (ids.every((runId) => seen.events.get(runId)?.some((event) => event.type === 'task.started')) ? true : undefined));
    proxy.cut();
    cluster.open(gate);
    // Cut again while the runs go on: the client resumes from the last seq it has, per run.
    await until('a run to move on', () => (seen.events.get('tele-0')?.some((event) => event.type === 'task.completed') || cluster.calls().some((call) => call.key === 'tele-0:b') ? true : undefined));
    proxy.cut();
    await within(cluster, 'the standby client to see every run end', seen.ended(ids));
    for (const runId of ids) {
      expect((await cluster.run(standby.url, runId))?.status).toBe('completed');
      await expectWholeLog(coordinator.url, runId, seen.events.get(runId));
    }

    // The standby serves reads, and refuses changes with the coordinator's address.
    expect((await cluster.events(standby.url, 'tele-0')).length).toBe(seen.events.get('tele-0')!.length);
    const refused = await fetch(`${standby.url}/v1/workflows/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ definitionId: 'chain' }) });
    expect(refused.status).toBe(421);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('E_NOT_COORDINATOR');
    expect(body.error.message).toContain(`troupe serve on ${coordinator.url}`);
    const cancel = await fetch(`${standby.url}/v1/runs/tele-0/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(((await cancel.json()) as { error: { code: string } }).error.code).toBe('E_NOT_COORDINATOR');
    await expect(client.stream.start({ definitionId: 'chain' })).rejects.toMatchObject({ code: 'E_NOT_COORDINATOR' });

    client.close();
    await proxy.close();
    await cluster.stop(worker, standby.process, coordinator.process);
  }, 180_000);

  it('Redis restarted while clients stream from the standby: what pub/sub lost meanwhile is read from the store, nothing missing or doubled', async () => {
    const coordinator = await cluster.coordinator();
    const standby = await cluster.standbyServer();
    const worker = await cluster.worker();
    const client = connect(standby.url);
    const seen = record(await client.subscribe({ definitionId: 'chain' }));
    const gate = cluster.gate();
    const ids = ['redis-0', 'redis-1', 'redis-2'];
    for (const runId of ids) await cluster.startRun(coordinator.url, runId, gate);
    await until('the standby client to see task a start', () => (ids.every((runId) => seen.events.get(runId)?.some((event) => event.type === 'task.started')) ? true : undefined));
    await cluster.redis.restart();
    cluster.open(gate);
    await within(cluster, 'the standby client to see every run end', seen.ended(ids));
    for (const runId of ids) {
      expect((await cluster.completed(coordinator.url, runId)).status).toBe('completed');
      await expectWholeLog(coordinator.url, runId, seen.events.get(runId));
    }
    await cluster.stop(worker, standby.process, coordinator.process);
  }, 180_000);

  it('cancel of a run whose tool is running on a worker aborts the tool there; its late result is refused', async () => {
    const coordinator = await cluster.coordinator();
    const worker = await cluster.worker();
    const gate = cluster.gate();
    await cluster.startRun(coordinator.url, 'cancel-0', gate);
    // This one's tool goes on after the abort and answers anyway, once the gate opens.
    await cluster.startRun(coordinator.url, 'cancel-late', gate, { late: true });
    await until('both tools to run on the worker', () => (['cancel-0', 'cancel-late'].every((runId) => cluster.calls().some((call) => call.key === `${runId}:a` && call.pid === worker.pid)) ? true : undefined));
    for (const runId of ['cancel-0', 'cancel-late']) {
      const response = await fetch(`${coordinator.url}/v1/runs/${runId}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'test' }) });
      expect(response.status).toBe(200);
    }
    await until('the abort handlers to run on the worker', () => (['cancel-0', 'cancel-late'].every((runId) => cluster.aborts().some((call) => call.key === `${runId}:a` && call.pid === worker.pid)) ? true : undefined));
    expect((await cluster.reached(coordinator.url, 'cancel-0', 'cancelled')).tasks['a']?.status).toBe('cancelled');
    cluster.open(gate);
    await until('the late tool to answer', () => (cluster.effects().includes('cancel-late:a') ? true : undefined));
    // The worker handed its late result in; the coordinator waits for nobody: the run stays cancelled, the task never completes.
    const late = await cluster.reached(coordinator.url, 'cancel-late', 'cancelled');
    expect(late.tasks['a']?.status).toBe('cancelled');
    expect((await cluster.events(coordinator.url, 'cancel-late')).filter((event) => event.type === 'task.completed')).toEqual([]);
    expect(cluster.calls().filter((call) => call.key === 'cancel-late:b')).toEqual([]);

    // A whole-run timeout aborts the tool on its worker the same way.
    const slow = cluster.gate();
    await cluster.startRun(coordinator.url, 'timed-0', slow, { definitionId: 'timed' });
    await until('the timed-out tool to be aborted on the worker', () => (cluster.aborts().some((call) => call.key === 'timed-0:a' && call.pid === worker.pid) ? true : undefined));
    const timedOut = await cluster.reached(coordinator.url, 'timed-0', 'failed');
    expect(timedOut.error?.code).toBe('E_RUN_TIMEOUT');
    cluster.open(slow);
    await cluster.stop(worker, coordinator.process);
  }, 180_000);

  it('kill -9 of the coordinator while clients stream from the standby: the standby takes over and its clients see every event, in order and once', async () => {
    const first = await cluster.coordinator();
    const standby = await cluster.standbyServer();
    const worker = await cluster.worker();
    const client = connect(standby.url);
    const gate = cluster.gate();
    const ids = ['failover-0', 'failover-1', 'failover-2', 'failover-3'];
    const seen = record(await client.subscribe({ definitionId: 'chain' }));
    for (const runId of ids) await cluster.startRun(first.url, runId, gate);
    await until('task a to run on the worker', () => (ids.every((runId) => cluster.calls().some((call) => call.key === `${runId}:a`)) ? true : undefined));
    await until('the standby client to see task a start', () => (ids.every((runId) => seen.events.get(runId)?.some((event) => event.type === 'task.started')) ? true : undefined));
    first.process.child.kill('SIGKILL');
    await first.process.exited;
    const second = await cluster.coordinator({ standby: standby.process });
    expect(second.url).toBe(standby.url);
    cluster.open(gate);
    await within(cluster, 'the standby client to see every run end', seen.ended(ids));
    for (const runId of ids) {
      const run = await cluster.completed(second.url, runId);
      // Task a was in flight when its coordinator died: run again as attempt 2 by the new one.
      expect(run.tasks['a']).toMatchObject({ status: 'completed', attempt: 2 });
      await expectWholeLog(second.url, runId, seen.events.get(runId));
    }
    // The new coordinator takes changes now.
    await cluster.startRun(second.url, 'failover-after');
    await cluster.completed(second.url, 'failover-after');
    await cluster.stop(worker, second.process);
  }, 180_000);
});
