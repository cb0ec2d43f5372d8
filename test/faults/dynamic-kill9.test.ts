import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { foldRunEvents } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';
import type { RunEvent, RunState } from '@troupe/sdk';
import { faultSeed, launchKillableHost, seededRandom, type Launch } from './killableHost.js';

/**
 * Durability of forEach and loop tasks: a real host process (dynamicHost.mjs)
 * on a SQLite file runs forEach runs (12 elements, 3 at a time) and loop runs
 * (6 rounds, each a child run of a two-task sub-workflow); the test kill -9s it
 * at random points, checks what the store holds, restarts it, and in the end
 * checks that every run completed as an uninterrupted one would and that no
 * element or round the store had recorded as completed ran again.
 */
const HOST = fileURLToPath(new URL('./dynamicHost.mjs', import.meta.url));
const RUNS = 12;
const ITEMS = 12;
const ROUNDS = 6;
/** Tool calls an uninterrupted pass makes. */
const TOTAL_EFFECTS = (RUNS / 2) * ITEMS + (RUNS / 2) * ROUNDS * 2;
/**
 * Tool calls a (re)started host makes before any of them can have ended: three elements of each forEach
 * run and the first task of each loop run. A kill among these finds nothing new completed in the store.
 */
const FIRST_WAVE = (RUNS / 2) * 3 + RUNS / 2;

const seed = faultSeed;
const random = seededRandom(seed);

const dir = mkdtempSync(join(tmpdir(), 'troupe-dynamic-kill9-'));
const database = join(dir, 'troupe.db');
const sideEffects = join(dir, 'side-effects.log');
writeFileSync(sideEffects, '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the host and kill -9s it after `afterEffects` tool calls, or lets it finish. */
function launch(afterEffects: number | undefined): Promise<Launch> {
  return launchKillableHost(HOST, [database, sideEffects, String(RUNS)], afterEffects === undefined ? undefined : { afterEffects });
}

async function readRuns(): Promise<{ runs: Map<string, RunState>; events: Map<string, readonly RunEvent[]> }> {
  const store = createSqliteStore({ path: database });
  await store.open();
  try {
    const runs = new Map<string, RunState>();
    const events = new Map<string, readonly RunEvent[]>();
    for (let index = 0; index < RUNS; index++) {
      const runId = `${index % 2 === 0 ? 'fan' : 'chat'}-${index}`;
      const state = await store.getRun(runId);
      if (!state) continue;
      runs.set(runId, state);
      events.set(runId, await store.readEvents(runId));
    }
    return { runs, events };
  } finally {
    await store.close();
  }
}

/** Side-effect lines that belong to a completed instance: `fan-0 e3`, or any line of a loop round's child run. */
function completedKeys(runs: ReadonlyMap<string, RunState>): Set<string> {
  const keys = new Set<string>();
  for (const run of runs.values()) {
    const task = run.tasks.each ?? run.tasks.talk;
    for (const instance of task?.instances ?? []) {
      if (instance.status !== 'completed') continue;
      keys.add(run.tasks.each ? `${run.runId} e${instance.index}` : `${run.runId}/talk/round-${instance.index}.`);
    }
  }
  return keys;
}

const lines = (): string[] => readFileSync(sideEffects, 'utf8').split('\n').filter(Boolean);
const belongsTo = (line: string, key: string): boolean => (key.endsWith('.') ? line.startsWith(key) : line === key);

describe(`kill -9 of a host running forEach and loop runs on SQLite (seed ${seed})`, () => {
  it('resumes mid fan-out and mid-loop without re-running completed elements or rounds', async () => {
    const snapshots: { lines: number; completed: Set<string> }[] = [];
    for (let kill = 0; kill < 3; kill++) {
      // After the first wave: a kill there (the seed decided it alone before) left the check below nothing to see.
      const result = await launch(FIRST_WAVE + Math.ceil((TOTAL_EFFECTS - FIRST_WAVE) * (0.1 + 0.2 * random())));
      expect(result.stderr, result.stderr).not.toMatch(/"level":(50|60)/);
      if (!result.killed) break;
      const { runs } = await readRuns();
      snapshots.push({ lines: lines().length, completed: completedKeys(runs) });
    }
    expect(snapshots.some((snapshot) => snapshot.completed.size > 0)).toBe(true);

    const last = await launch(undefined);
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toContain(`done ${RUNS}\n`);

    const { runs, events } = await readRuns();
    for (const run of runs.values()) {
      expect(run.status, run.runId).toBe('completed');
      const log = events.get(run.runId)!;
      expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index + 1));
      expect(foldRunEvents(log)).toEqual(run);
      if (run.runId.startsWith('fan')) {
        // What an uninterrupted run gives: every element, in order.
        expect(run.tasks.each!.output).toEqual(Array.from({ length: ITEMS }, (_, index) => ({ tag: `e${index}`, item: `item-${index}` })));
      } else {
        expect(run.tasks.talk!.output).toMatchObject({ rounds: ROUNDS, stoppedBy: 'until' });
        expect(run.tasks.talk!.instances!.map((instance) => instance.index)).toEqual([0, 1, 2, 3, 4, 5]);
      }
    }
    const all = lines();
    for (const [index, snapshot] of snapshots.entries()) {
      const later = all.slice(snapshot.lines);
      const rerun = later.filter((line) => [...snapshot.completed].some((key) => belongsTo(line, key)));
      expect(rerun, `instances completed before kill ${index + 1} ran again`).toEqual([]);
    }
  }, 240_000);
});
