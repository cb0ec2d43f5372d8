import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';

/** A throw-away Redis server on 127.0.0.1 with no persistence, for tests and benchmarks. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL: everything in it is lost) and starts an empty one on the same port. */
  restart(): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

const INSTALL_HINT = 'redis-server was not found. Install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu), or set TROUPE_REDIS_SERVER to its path.';

function serverBinary(): string {
  const candidates = [process.env['TROUPE_REDIS_SERVER'], '/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'];
  const found = candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

/** Starts redis-server on a free 127.0.0.1 port in a temp folder; resolves once it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = serverBinary();
  const dir = mkdtempSync(join(tmpdir(), 'troupe-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = (): Promise<void> =>
    new Promise((resolveStart, reject) => {
      const spawned = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'notice'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = spawned;
      let output = '';
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        if (output.includes('Ready to accept connections')) {
          spawned.stdout!.removeListener('data', onData);
          spawned.stdout!.resume();
          resolveStart();
        }
      };
      spawned.stdout!.on('data', onData);
      spawned.stderr!.resume();
      spawned.once('error', reject);
      spawned.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
    });
  const kill = (signal: NodeJS.Signals): Promise<void> =>
    new Promise((resolveKill) => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return resolveKill();
      running.once('exit', () => resolveKill());
      running.kill(signal);
    });
  const onExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', onExit);
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restart: async () => {
      await kill('SIGKILL');
      await start();
    },
    destroy: async () => {
      process.removeListener('exit', onExit);
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
