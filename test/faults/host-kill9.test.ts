import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { foldRunEvents } from '@troupe/runtime';
import { createSqliteStore } from '@troupe/store-sqlite';
import type { RunEvent, RunState } from '@troupe/sdk';
import { faultSeed, launchKillableHost, seededRandom, type KillPoint, type Launch } from './killableHost.js';

/**
 * Durability of the embedded default: a real host process (durableHost.mjs,
 * the built packages) on a SQLite file runs 50 concurrent runs of an 8-task
 * workflow whose tool appends `<idempotencyKey> <attempt>` to a side-effect
 * file; the test kill -9s it at random points (after a random number of tool
 * calls, or right after recovery), checks what the store holds, restarts it,
 * and in the end checks every run against everything seen in between.
 */
const HOST = fileURLToPath(new URL('./durableHost.mjs', import.meta.url));
const RUNS = 50;
const TASKS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

const seed = faultSeed;

/**
 * With durability "batched" dependants start before the commit of what they
 * depend on, so a kill loses the steps of the last event-loop turn: they run
 * again. What the store had recorded still never runs again and keeps its output.
 */
for (const durability of ['strict', 'batched'] as const) {
  const random = seededRandom(seed);
  const dir = mkdtempSync(join(tmpdir(), `troupe-kill9-${durability}-`));
  const database = join(dir, 'troupe.db');
  const sideEffects = join(dir, 'side-effects.log');
  writeFileSync(sideEffects, '');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts the host process and kill -9s it at `kill` (a count of tool calls, or a marker), or lets it finish. */
  function launch(kill: KillPoint | undefined): Promise<Launch> {
    return launchKillableHost(HOST, [database, sideEffects, String(RUNS), durability], kill);
  }

  /** Every run the store holds, with its event log, read from the file after the process died. */
  async function readStore(): Promise<{ runs: Map<string, RunState>; events: Map<string, readonly RunEvent[]> }> {
    const store = createSqliteStore({ path: database });
    await store.open();
    try {
      const runs = new Map<string, RunState>();
      const events = new Map<string, readonly RunEvent[]>();
      const page = await store.listRuns({ limit: 500 });
      for (const summary of page.runs) {
        runs.set(summary.runId, (await store.getRun(summary.runId))!);
        events.set(summary.runId, await store.readEvents(summary.runId));
      }
      return { runs, events };
    } finally {
      await store.close();
    }
  }

  function sideEffectLines(): string[] {
    return readFileSync(sideEffects, 'utf8').split('\n').filter(Boolean);
  }

  interface Snapshot {
    /** Side-effect lines written before the snapshot. */
    readonly lines: number;
    /** idempotencyKey → the JSON of the output the store had recorded for each completed task. */
    readonly completed: ReadonlyMap<string, string>;
  }

  describe(`kill -9 of a host running ${RUNS} concurrent runs on SQLite, durability ${durability} (seed ${seed})`, () => {
    it('recovers every run to completion without re-running completed tasks or changing their outputs', async () => {
      // Each kill lands after a random share (30–80 %) of the tool calls the store still needs, or right
      // after recovery, so every one interrupts work in progress wherever it happens to be.
      const snapshots: Snapshot[] = [];
      let remaining = RUNS * TASKS.length;
      const KILLS = durability === 'strict' ? 5 : 3;
      let kills = 0;
      for (let index = 0; index < KILLS; index++) {
        const point: KillPoint = index === 2 ? { afterMarker: 'recovered' } : { afterEffects: Math.ceil(remaining * (0.3 + 0.5 * random())) };
        const result = await launch(point);
        expect(result.stderr, result.stderr).not.toMatch(/"level":(50|60)/);
        if (!result.killed) break;
        kills++;
        const { runs } = await readStore();
        const completed = new Map<string, string>();
        for (const run of runs.values()) {
          for (const task of Object.values(run.tasks)) if (task.status === 'completed') completed.set(`${run.runId}:${task.id}`, JSON.stringify(task.output));
        }
        snapshots.push({ lines: sideEffectLines().length, completed });
        remaining = RUNS * TASKS.length - completed.size;
      }
      // Every kill landed before the work was done, and the store had recorded completed tasks at some of them.
      expect(kills).toBe(KILLS);
      expect(snapshots.some((snapshot) => snapshot.completed.size > 0)).toBe(true);

      const last = await launch(undefined);
      expect(last.code, last.stderr).toBe(0);
      expect(last.stdout).toContain(`done ${RUNS}\n`);

      const { runs, events } = await readStore();
      const lines = sideEffectLines();
      expect(runs.size).toBe(RUNS);
      for (const run of runs.values()) {
        // Every run reached its terminal state, every task completed.
        expect(run.status, run.runId).toBe('completed');
        expect(Object.keys(run.tasks).sort()).toEqual(TASKS);
        expect(Object.values(run.tasks).every((task) => task.status === 'completed')).toBe(true);
        // Gap-free seq from 1, and the stored state is the fold of the stored log.
        const log = events.get(run.runId)!;
        expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index + 1));
        expect(run.seq).toBe(log.length);
        expect(foldRunEvents(log)).toEqual(run);
      }

      for (const [index, snapshot] of snapshots.entries()) {
        // No task the store had recorded as completed ran again after that point…
        const later = lines.slice(snapshot.lines).map((line) => line.split(' ')[0]!);
        const rerun = later.filter((key) => snapshot.completed.has(key));
        expect(rerun, `tasks completed before kill ${index + 1} ran again`).toEqual([]);
        // …and its recorded output is byte-identical at the end.
        for (const [key, output] of snapshot.completed) {
          const [runId, taskId] = key.split(':') as [string, string];
          expect(JSON.stringify(runs.get(runId)!.tasks[taskId]!.output), key).toBe(output);
        }
      }

      // Each task's side effects are its attempts in order under one idempotency key, the last one the recorded attempt.
      // An attempt number can repeat: a kill after the tool ran but before its start was committed re-runs that attempt.
      const attempts = new Map<string, number[]>();
      for (const line of lines) {
        const [key, attempt] = line.split(' ') as [string, string];
        attempts.set(key, [...(attempts.get(key) ?? []), Number(attempt)]);
      }
      expect(attempts.size).toBe(RUNS * TASKS.length);
      for (const [key, seen] of attempts) {
        expect(seen[0], key).toBe(1);
        expect(seen.every((attempt, index) => index === 0 || attempt === seen[index - 1]! || attempt === seen[index - 1]! + 1), `${key}: ${seen.join(',')}`).toBe(true);
        const [runId, taskId] = key.split(':') as [string, string];
        expect(runs.get(runId)!.tasks[taskId]!.attempt, key).toBe(seen.at(-1));
      }
      // Tasks in flight at a kill ran again as a new attempt: more attempts than first-attempt failures alone explain.
      expect(lines.length).toBeGreaterThan(RUNS * TASKS.length);
    }, 240_000);
  });
}
