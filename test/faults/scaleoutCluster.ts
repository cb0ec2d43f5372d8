import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunEvent, RunState } from '@troupe/sdk';
import { startPostgresServer, startRedisServer, type PostgresServer, type RedisServer } from '@troupe/testing';

/**
 * A scale-out deployment on this machine for the fault tests: real
 * PostgreSQL and Redis servers, `troupe serve --store --queue` coordinators
 * and `troupe worker` processes of the built CLI, all with the
 * scaleout-pack, whose `step` tool leaves a line per execution in `calls`
 * and one per idempotency key in `effects`.
 */
const CLI_BIN = fileURLToPath(new URL('../../packages/cli/bin/troupe.js', import.meta.url));
const PACK = fileURLToPath(new URL('./scaleout-pack', import.meta.url));

export interface LiveProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout or stderr, as soon as it appears. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  readonly exited: Promise<number | null>;
}

function startCli(args: readonly string[], cwd: string): LiveProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env: { ...process.env, TROUPE_DEBUG: undefined }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  const check = (): void => {
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(out) ?? waiter.pattern.exec(err);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    check();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    check();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern) => {
      const match = pattern.exec(out) ?? pattern.exec(err);
      if (match) return Promise.resolve(match);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then(() => reject(new Error(`exited before printing ${pattern}:\nstdout: ${out}\nstderr: ${err}`)));
      });
    },
  };
}

/** Resolves once `probe` returns a value other than undefined; checks every 20 ms (a file or a REST answer has no event to wait on). */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `promise`, or an error naming `what` (with the processes' output) once `timeoutMs` passed. */
export async function within<T>(cluster: ScaleoutCluster, what: string, promise: Promise<T>, timeoutMs = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\n${cluster.output()}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Call {
  readonly key: string;
  readonly attempt: number;
  readonly pid: number;
}

export class ScaleoutCluster {
  readonly dir: string;
  readonly processes: LiveProcess[] = [];
  #gates = 0;

  private constructor(
    readonly postgres: PostgresServer,
    readonly redis: RedisServer,
    readonly storeUrl: string,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'troupe-scaleout-'));
    writeFileSync(join(this.dir, 'troupe.config.json'), JSON.stringify({ packs: [{ use: PACK, options: { dir: this.dir } }], log: { level: 'warn' }, engine: { maxConcurrentRuns: 256 } }));
  }

  static async start(): Promise<ScaleoutCluster> {
    const [postgres, redis] = await Promise.all([startPostgresServer(), startRedisServer()]);
    return new ScaleoutCluster(postgres, redis, `${postgres.url}?schema=scaleout`);
  }

  /**
   * `troupe serve --store … --queue …` on a free port; resolves with its base URL once it listens. Given a
   * standby, resolves once that one took the lease over and coordinates.
   */
  async coordinator(options: { readonly standby?: LiveProcess } = {}): Promise<{ process: LiveProcess; url: string }> {
    const process = options.standby ?? this.startCoordinator();
    const [, url] = await process.waitFor(options.standby ? /coordinating on (http:\/\/[^\s:]+:\d+)/ : /listening on (http:\/\/[^\s]+)/);
    return { process, url: url!.replace(/\/$/, '') };
  }

  /** `troupe serve --standby …` while another coordinates: resolves once it serves reads and live streams. */
  async standbyServer(): Promise<{ process: LiveProcess; url: string }> {
    const process = this.startCoordinator(true);
    const [, url] = await process.waitFor(/listening on (http:\/\/[^\s]+) \(websocket [^)]+\) on standby/);
    return { process, url: url! };
  }

  /** `troupe serve --standby …`: started, not yet waited for (pass it to coordinator() to wait until it listens). */
  startCoordinator(standby = false): LiveProcess {
    const process = startCli(['serve', '--port', '0', '--store', this.storeUrl, '--queue', this.redis.url, ...(standby ? ['--standby'] : [])], this.dir);
    this.processes.push(process);
    return process;
  }

  /** `troupe worker --store … --queue …`; resolves once it takes jobs. */
  async worker(leaseMs = 2000): Promise<LiveProcess> {
    const process = startCli(['worker', '--store', this.storeUrl, '--queue', this.redis.url, '--lease-ms', String(leaseMs)], this.dir);
    this.processes.push(process);
    await process.waitFor(/worker ready/);
    return process;
  }

  /** A new gate name: runs started with it wait in `step` until open(gate). */
  gate(): string {
    return `gate-${this.#gates++}`;
  }

  open(gate: string): void {
    writeFileSync(join(this.dir, gate), '');
  }

  calls(): Call[] {
    return this.#callLines('calls');
  }

  effects(): string[] {
    const file = join(this.dir, 'effects');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  }

  /** Lines `<idempotencyKey> <attempt> <pid>` of every abort handler of `step` that ran. */
  aborts(): Call[] {
    return this.#callLines('aborts');
  }

  /** Lines `<idempotencyKey> <attempt> <pid>` of one of the pack's files. */
  #callLines(name: string): Call[] {
    const file = join(this.dir, name);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [key, attempt, pid] = line.split(' ');
        return { key: key!, attempt: Number(attempt), pid: Number(pid) };
      });
  }

  async startRun(url: string, runId: string, gate = '', options: { readonly definitionId?: string; readonly late?: boolean } = {}): Promise<void> {
    const input = { gate, ...(options.late ? { late: true } : {}) };
    const response = await fetch(`${url}/v1/workflows/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ definitionId: options.definitionId ?? 'chain', runId, input }) });
    if (!response.ok) throw new Error(`start ${runId}: ${response.status} ${await response.text()}`);
  }

  /** Resolves with the run once its status is `status`. */
  async reached(url: string, runId: string, status: RunState['status'], timeoutMs = 60_000): Promise<RunState> {
    return until(`run ${runId} to be ${status}`, async () => {
      const run = await this.run(url, runId).catch(() => undefined);
      return run?.status === status ? run : undefined;
    }, timeoutMs);
  }

  async run(url: string, runId: string): Promise<RunState | undefined> {
    const response = await fetch(`${url}/v1/runs/${runId}`);
    return response.ok ? ((await response.json()) as { run: RunState }).run : undefined;
  }

  async events(url: string, runId: string): Promise<RunEvent[]> {
    const response = await fetch(`${url}/v1/runs/${runId}/events`);
    return ((await response.json()) as { events: RunEvent[] }).events;
  }

  /** Resolves with the run once it completed (fails the wait on failed or cancelled). */
  async completed(url: string, runId: string, timeoutMs = 90_000): Promise<RunState> {
    return until(
      `run ${runId} to complete`,
      async () => {
        const run = await this.run(url, runId).catch(() => undefined);
        if (run && (run.status === 'failed' || run.status === 'cancelled')) throw new Error(`run ${runId} ${run.status}: ${JSON.stringify(run.error)}`);
        return run?.status === 'completed' ? run : undefined;
      },
      timeoutMs,
    );
  }

  /** Everything the processes printed, for a failing test's message. */
  output(): string {
    return this.processes.map((process) => `--- pid ${process.pid}\n${process.stdout()}\n${process.stderr()}`).join('\n');
  }

  /**
   * Stops processes as an operator would (SIGTERM), one after the other, each once it has exited; one that
   * is still running 30 s after its SIGTERM fails the test naming it, with what it printed.
   */
  async stop(...processes: readonly LiveProcess[]): Promise<void> {
    for (const process of processes) {
      process.child.kill('SIGTERM');
      await within(this, `pid ${process.pid} (troupe ${process.child.spawnargs.slice(2).join(' ')}) to exit after SIGTERM`, process.exited, 30_000);
    }
  }

  /** Kills every process still running (after a failed test, so the next one does not meet its lease). */
  async stopProcesses(): Promise<void> {
    for (const process of this.processes) {
      if (process.child.exitCode === null && process.child.signalCode === null) {
        process.child.kill('SIGCONT');
        process.child.kill('SIGKILL');
      }
    }
    await Promise.all(this.processes.map((process) => process.exited));
  }

  async destroy(): Promise<void> {
    await this.stopProcesses();
    await Promise.all([this.postgres.destroy(), this.redis.destroy()]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
