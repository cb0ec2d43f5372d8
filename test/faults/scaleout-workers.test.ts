import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIdOf } from '@troupe/store-postgres';
import { ScaleoutCluster, until } from './scaleoutCluster.js';

/**
 * Distributed execution with real servers and processes: a `troupe serve
 * --store postgres://… --queue redis://…` coordinator, `troupe worker`
 * processes, and the faults of a deployment: a worker killed mid-task, the
 * same job delivered twice, a worker paused past its lease, Redis restarted.
 */
let cluster: ScaleoutCluster;
let url: string;
let runs = 0;

beforeAll(async () => {
  cluster = await ScaleoutCluster.start();
  ({ url } = await cluster.coordinator());
}, 120_000);
afterAll(async () => {
  await cluster?.destroy();
});

const nextRunId = (): string => `run-${runs++}`;
const callsOf = (runId: string, taskId: string) => cluster.calls().filter((call) => call.key === `${runId}:${taskId}`);

describe('troupe serve --queue with troupe worker processes', () => {
  it('runs every tool task on the workers, each once, and completes the runs', async () => {
    const workers = [await cluster.worker(), await cluster.worker()];
    const ids = Array.from({ length: 12 }, nextRunId);
    await Promise.all(ids.map((runId) => cluster.startRun(url, runId)));
    for (const runId of ids) await cluster.completed(url, runId);
    const pids = new Set(workers.map((worker) => worker.pid));
    for (const runId of ids) {
      for (const taskId of ['a', 'b', 'c']) {
        const calls = callsOf(runId, taskId);
        expect(calls).toHaveLength(1);
        expect(pids.has(calls[0]!.pid)).toBe(true);
      }
    }
    await cluster.stop(...workers);
  }, 120_000);

  it('kill -9 of a worker mid-task: the attempt runs again once on another worker after the lease, nothing lost', async () => {
    const first = await cluster.worker();
    const gate = cluster.gate();
    const runId = nextRunId();
    await cluster.startRun(url, runId, gate);
    await until('the first worker to start task a', () => (callsOf(runId, 'a').length === 1 ? true : undefined));
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await cluster.worker();
    await until('task a to run again', () => (callsOf(runId, 'a').length === 2 ? true : undefined));
    cluster.open(gate);
    const run = await cluster.completed(url, runId);
    const calls = callsOf(runId, 'a');
    expect(calls.map((call) => [call.attempt, call.pid])).toEqual([
      [1, first.pid],
      [1, second.pid],
    ]);
    expect(run.tasks['a']).toMatchObject({ status: 'completed', attempt: 1, output: { pid: second.pid } });
    expect(cluster.effects().filter((key) => key.startsWith(`${runId}:`)).sort()).toEqual([`${runId}:a`, `${runId}:b`, `${runId}:c`]);
    await cluster.stop(second);
  }, 120_000);

  it('the same job delivered twice: one result counts, the side effect happens once, a delivery after completion does not run', async () => {
    const worker = await cluster.worker();
    const gate = cluster.gate();
    const runId = nextRunId();
    await cluster.startRun(url, runId, gate);
    await until('task a to start', () => (callsOf(runId, 'a').length === 1 ? true : undefined));
    const connection = new Redis(cluster.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('troupe-tasks', { connection });
    const eventsConnection = new Redis(cluster.redis.url, { maxRetriesPerRequest: null });
    const events = new QueueEvents('troupe-tasks', { connection: eventsConnection });
    await events.waitUntilReady();
    try {
      const job = (await queue.getJob(jobIdOf({ runId, taskId: 'a', attempt: 1 })))!;
      // A second delivery of the attempt while the first runs (at-least-once).
      await queue.add('task', job.data, { jobId: `${job.id}-again` });
      await until('the duplicate to run', () => (callsOf(runId, 'a').length === 2 ? true : undefined));
      cluster.open(gate);
      await cluster.completed(url, runId);
      // And once more after the attempt completed: the worker sees it superseded in the store and does not run it.
      const late = await queue.add('task', job.data, { jobId: `${job.id}-late` });
      expect(await late.waitUntilFinished(events, 30_000)).toMatchObject({ stale: true });
    } finally {
      await Promise.all([queue.close(), events.close()]);
      connection.disconnect();
      eventsConnection.disconnect();
    }
    expect(callsOf(runId, 'a')).toHaveLength(2);
    expect(cluster.effects().filter((key) => key === `${runId}:a`)).toHaveLength(1);
    const completions = (await cluster.events(url, runId)).filter((event) => event.type === 'task.completed' && event.taskId === 'a');
    expect(completions).toHaveLength(1);
    await cluster.stop(worker);
  }, 120_000);

  it('a worker paused longer than its lease: the attempt runs elsewhere and the stale worker\'s late result is refused', async () => {
    const stale = await cluster.worker(1000);
    const gate = cluster.gate();
    const runId = nextRunId();
    await cluster.startRun(url, runId, gate);
    await until('the first worker to start task a', () => (callsOf(runId, 'a').length === 1 ? true : undefined));
    stale.child.kill('SIGSTOP');
    const fresh = await cluster.worker(1000);
    await until('task a to run on the other worker', () => (callsOf(runId, 'a').length === 2 ? true : undefined));
    cluster.open(gate);
    await until('task a to complete', async () => ((await cluster.run(url, runId))?.tasks['a']?.status === 'completed' ? true : undefined));
    stale.child.kill('SIGCONT');
    // The stale worker finishes its call and tries to hand the result in: BullMQ refuses it (its lock is gone).
    await stale.waitFor(/lock/i);
    const run = await cluster.completed(url, runId);
    expect(run.tasks['a']).toMatchObject({ status: 'completed', output: { pid: fresh.pid } });
    const completions = (await cluster.events(url, runId)).filter((event) => event.type === 'task.completed' && event.taskId === 'a');
    expect(completions).toHaveLength(1);
    await cluster.stop(stale, fresh);
  }, 120_000);

  it('Redis restarted with attempts queued and running: they are dispatched again from what the coordinator and store hold', async () => {
    const worker = await cluster.worker();
    const gate = cluster.gate();
    const ids = [nextRunId(), nextRunId()];
    for (const runId of ids) await cluster.startRun(url, runId, gate);
    await until('task a of both runs to start', () => (ids.every((runId) => callsOf(runId, 'a').length >= 1) ? true : undefined));
    await cluster.redis.restart();
    cluster.open(gate);
    for (const runId of ids) await cluster.completed(url, runId);
    for (const runId of ids) {
      expect(cluster.effects().filter((key) => key.startsWith(`${runId}:`)).sort()).toEqual([`${runId}:a`, `${runId}:b`, `${runId}:c`]);
    }
    await cluster.stop(worker);
  }, 120_000);
});
