import { spawn, type ChildProcess } from 'node:child_process';

/** mulberry32: a seeded generator, so a failing sequence of kill points can be replayed with TROUPE_FAULT_SEED. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run's kill points: TROUPE_FAULT_SEED, else the clock. */
export const faultSeed = Number(process.env.TROUPE_FAULT_SEED ?? Date.now() % 1_000_000);

/** When to kill -9 the host: after a number of tool calls (lines `effect` on its stdout), or once it printed a marker line. */
export type KillPoint = { readonly afterEffects: number } | { readonly afterMarker: string };

export interface Launch {
  readonly killed: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/** Starts a host script with node and kill -9s it at `kill`, or lets it finish (killed anyway after a minute). */
export function launchKillableHost(script: string, args: readonly string[], kill: KillPoint | undefined): Promise<Launch> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let effects = 0;
    let killed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (killed || !kill) return;
      effects += chunk.split('\n').filter((line) => line === 'effect').length;
      const due = 'afterMarker' in kill ? stdout.includes(`${kill.afterMarker}\n`) : effects >= kill.afterEffects;
      if (due) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: killed && signal === 'SIGKILL', stdout, stderr, code });
    });
  });
}
