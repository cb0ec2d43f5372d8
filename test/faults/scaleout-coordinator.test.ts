import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaleoutCluster, until } from './scaleoutCluster.js';

/**
 * The coordinator side of a scale-out deployment under faults: PostgreSQL
 * restarted (`pg_ctl restart -m immediate`) under load, and the coordinator
 * killed with -9 and replaced by another one.
 */
let cluster: ScaleoutCluster;

beforeAll(async () => {
  cluster = await ScaleoutCluster.start();
}, 120_000);
afterAll(async () => {
  if (cluster && process.env["TROUPE_SCALEOUT_DEBUG"]) console.log(cluster.output());
  await cluster?.destroy();
});

describe('scale-out coordinator faults', () => {
  it('PostgreSQL restarted under load: no acknowledged transition lost, the engine goes on by itself', async () => {
    const { process: coordinator, url } = await cluster.coordinator();
    const worker = await cluster.worker();
    const gate = cluster.gate();
    const ids = Array.from({ length: 16 }, (_, index) => `pg-${index}`);
    await Promise.all(ids.map((runId) => cluster.startRun(url, runId, gate)));
    await until('every run to start task a', () => (ids.every((runId) => cluster.calls().some((call) => call.key === `${runId}:a`)) ? true : undefined));
    // Acknowledged so far: every run's log up to task a started.
    const before = new Map<string, number>();
    for (const runId of ids) before.set(runId, (await cluster.run(url, runId))!.seq);
    cluster.open(gate);
    await cluster.postgres.restart('immediate');
    for (const runId of ids) {
      const run = await cluster.completed(url, runId);
      expect(run.seq).toBeGreaterThan(before.get(runId)!);
      const events = await cluster.events(url, runId);
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: events.length }, (_, index) => index + 1));
      expect(events.filter((event) => event.type === 'task.completed')).toHaveLength(3);
    }
    expect(coordinator.child.exitCode).toBe(null);
    await cluster.stop(worker, coordinator);
  }, 180_000);

  it('kill -9 of the coordinator: the one on standby takes the store\'s lease over, and the runs resume and complete', async () => {
    const first = await cluster.coordinator();
    const worker = await cluster.worker();
    const gate = cluster.gate();
    const ids = Array.from({ length: 6 }, (_, index) => `takeover-${index}`);
    await Promise.all(ids.map((runId) => cluster.startRun(first.url, runId, gate)));
    await until('every run to start task a', () => (ids.every((runId) => cluster.calls().some((call) => call.key === `${runId}:a`)) ? true : undefined));
    // A second coordinator on standby: refused the lease while the first holds it, it waits.
    const standby = cluster.startCoordinator(true);
    await standby.waitFor(/standby: .*troupe serve/);
    first.process.child.kill('SIGKILL');
    await first.process.exited;
    // The lease of a holder whose pid is gone on this machine is taken over at the next try (elsewhere: once it goes stale).
    const second = await cluster.coordinator({ standby });
    cluster.open(gate);
    for (const runId of ids) {
      const run = await cluster.completed(second.url, runId);
      // Task a was in flight when its coordinator died: the new one ran it again as attempt 2, with the same idempotency key.
      expect(run.tasks['a']).toMatchObject({ status: 'completed', attempt: 2 });
      expect(cluster.effects().filter((key) => key === `${runId}:a`)).toHaveLength(1);
    }
    await cluster.stop(worker, second.process);
  }, 180_000);
});
