import { describe, expect, it } from 'vitest';
import type { RunEvent, RunFilter, RunPage, RunState, RunStatus, WorkflowProgress } from '@troupe/sdk';
import type { RunUpdate } from '@troupe/runtime';
import { RunFeed, type RunFeedReader } from './RunFeed.js';

/** A store of event logs: what the coordinator committed before announcing. */
class FakeStore implements RunFeedReader {
  readonly logs = new Map<string, RunEvent[]>();
  readonly statuses = new Map<string, RunStatus>();
  failures = 0;
  reads = 0;

  append(runId: string, count: number, last?: RunEvent['type']): RunEvent[] {
    const log = this.logs.get(runId) ?? [];
    this.logs.set(runId, log);
    this.statuses.set(runId, 'running');
    const added: RunEvent[] = [];
    for (let i = 0; i < count; i++) {
      const type: RunEvent['type'] = i === count - 1 && last ? last : 'task.started';
      const event = { runId, seq: log.length + 1, type, at: 0 } as RunEvent;
      log.push(event);
      added.push(event);
    }
    if (last === 'run.completed') this.statuses.set(runId, 'completed');
    return added;
  }

  async getRun(runId: string): Promise<RunState | undefined> {
    const log = this.logs.get(runId);
    if (!log) return undefined;
    return { runId, status: this.statuses.get(runId)!, seq: log.length, seats: {}, tasks: {}, pin: { definitionId: 'wf' } } as unknown as RunState;
  }

  async readEvents(runId: string, afterSeq = 0, limit = 1000): Promise<readonly RunEvent[]> {
    this.reads += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('connection lost');
    }
    return (this.logs.get(runId) ?? []).filter((event) => event.seq > afterSeq).slice(0, limit);
  }

  async listRuns(filter?: RunFilter): Promise<RunPage> {
    const wanted = new Set([filter?.status ?? []].flat());
    const runs = [...this.logs].filter(([runId]) => wanted.has(this.statuses.get(runId)!)).map(([runId, log]) => ({ runId, seq: log.length }));
    return { runs: runs as unknown as RunPage['runs'] };
  }
}

const update = (event: RunEvent): RunUpdate => ({ event, progress: { seq: event.seq } as WorkflowProgress });

function setup(): { store: FakeStore; feed: RunFeed; seen: string[]; settled: () => Promise<void> } {
  const store = new FakeStore();
  const feed = new RunFeed(store, { pageSize: 2 });
  const seen: string[] = [];
  feed.subscribe((u) => seen.push(`${u.event.runId}:${u.event.seq}`));
  // Catch-ups are a few store round trips on promises: let them all finish.
  const settled = async (): Promise<void> => {
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { store, feed, seen, settled };
}

describe('RunFeed', () => {
  it('passes updates on in seq order, each once: duplicates dropped, a gap filled from the store before what revealed it', async () => {
    const { store, feed, seen, settled } = setup();
    await feed.start();
    const events = store.append('r', 6);
    feed.push(update(events[0]!));
    feed.push(update(events[0]!));
    feed.push(update(events[3]!)); // 2 and 3 were lost on the way
    feed.push(update(events[4]!)); // arrives while the gap is filled
    feed.push(update(events[2]!)); // late and already filled
    await settled();
    feed.push(update(events[5]!));
    expect(seen).toEqual(['r:1', 'r:2', 'r:3', 'r:4', 'r:5', 'r:6']);
  });

  it('starts from the seq unfinished runs have reached; a run it did not know is passed on from its first event', async () => {
    const { store, feed, seen, settled } = setup();
    store.append('old', 5);
    await feed.start();
    feed.push(update(store.append('old', 1)[0]!));
    const fresh = store.append('new', 3);
    feed.push(update(fresh[2]!));
    await settled();
    expect(seen).toEqual(['old:6', 'new:1', 'new:2', 'new:3']);
  });

  it('resync catches a followed run up after lost updates, including its end; later duplicates of an ended run are dropped', async () => {
    const { store, feed, seen, settled } = setup();
    await feed.start();
    const first = store.append('r', 2);
    for (const event of first) feed.push(update(event));
    const lost = store.append('r', 3, 'run.completed');
    await feed.resync();
    await settled();
    expect(seen).toEqual(['r:1', 'r:2', 'r:3', 'r:4', 'r:5']);
    expect(feed.tracked).toBe(0);
    for (const event of [...first, ...lost]) feed.push(update(event));
    await settled();
    expect(seen).toHaveLength(5);
  });

  it('keeps trying a store that fails while a gap is filled, holding later updates in order', async () => {
    const { store, feed, seen } = setup();
    await feed.start();
    const events = store.append('r', 4);
    store.failures = 1;
    const fourth = new Promise<void>((resolve) => feed.subscribe((u) => u.event.seq === 4 && resolve()));
    feed.push(update(events[2]!));
    feed.push(update(events[3]!));
    await fourth;
    expect(store.reads).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual(['r:1', 'r:2', 'r:3', 'r:4']);
  });
});
