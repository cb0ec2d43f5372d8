import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';
import { runCommand } from './runCommand.js';

/** A throw-away PostgreSQL server on 127.0.0.1, for tests and benchmarks against the real thing. */
export interface PostgresServer {
  /** `postgres://troupe@127.0.0.1:<port>/postgres` (trust authentication, local only). */
  readonly url: string;
  readonly port: number;
  /** Stops the server: `fast` (clean) or `immediate` (as a crash: no checkpoint, recovery at next start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** `pg_ctl restart -m immediate`: a crash and recovery, same port and data. */
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  /** A URL of a new, empty database on this server. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and removes its data directory. */
  destroy(): Promise<void>;
}

export interface PostgresServerOptions {
  /**
   * `fsync=off` (default true): commits still survive the server process being
   * killed, not the machine losing power; tests run several times faster.
   */
  readonly fastUnsafe?: boolean;
}

const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found. Install them with ' +
  '`sudo apt-get install -y postgresql` (Debian/Ubuntu), or set TROUPE_PG_BIN to the folder that holds them.';

/** The folder of initdb/pg_ctl: TROUPE_PG_BIN, else the newest /usr/lib/postgresql/<n>/bin, else pg_config on PATH. */
function binDir(): string {
  const fromEnv = process.env['TROUPE_PG_BIN'];
  if (fromEnv) {
    if (!existsSync(join(fromEnv, 'pg_ctl'))) throw new Error(`TROUPE_PG_BIN=${fromEnv} has no pg_ctl. ${INSTALL_HINT}`);
    return fromEnv;
  }
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+$/.test(name) && existsSync(join('/usr/lib/postgresql', name, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join('/usr/lib/postgresql', versions[0], 'bin');
  }
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (existsSync(join(dir, 'pg_ctl'))) return dir;
  } catch {
    // not on PATH
  }
  throw new Error(INSTALL_HINT);
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user the Debian package creates. */
function asServerUser(): { wrap: (file: string, args: readonly string[]) => [string, string[]]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { wrap: (file, args) => [file, [...args]] };
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch (error) {
    throw new Error(`Running as root, but there is no "postgres" user to run the server as. ${INSTALL_HINT}`, { cause: error });
  }
  return { wrap: (file, args) => ['runuser', ['-u', 'postgres', '--', file, ...args]], uid, gid };
}

/**
 * A cluster made once per machine and user (initdb takes seconds) and copied
 * for every server; made in a temp folder and renamed into place, so
 * parallel test files never see half of one.
 */
async function template(bin: string, user: ReturnType<typeof asServerUser>): Promise<string> {
  const version = (await runCommand(join(bin, 'pg_ctl'), ['--version'])).trim().replace(/\D+/g, '-');
  const path = join(tmpdir(), `troupe-pg-template${version}${user.uid ?? process.getuid?.() ?? ''}`);
  if (existsSync(join(path, 'PG_VERSION'))) return path;
  const staging = mkdtempSync(join(tmpdir(), 'troupe-pg-initdb-'));
  const data = join(staging, 'data');
  if (user.uid !== undefined) chownSync(staging, user.uid, user.gid!);
  const [file, args] = user.wrap(join(bin, 'initdb'), ['-D', data, '-U', 'troupe', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  await runCommand(file, args);
  try {
    renameSync(data, path);
  } catch {
    // Another process put its template there first: use that one.
  }
  rmSync(staging, { recursive: true, force: true });
  return path;
}

/**
 * Starts a PostgreSQL server on a free 127.0.0.1 port in a temp folder
 * (initdb'd once, copied), owned by this process: destroy() stops it and
 * removes the folder, and a process that exits without destroy() stops it too.
 */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = binDir();
  const user = asServerUser();
  const source = await template(bin, user);
  const root = mkdtempSync(join(tmpdir(), 'troupe-pg-'));
  const data = join(root, 'data');
  cpSync(source, data, { recursive: true, preserveTimestamps: true });
  // PostgreSQL refuses a data folder others can read; Node 22's cpSync creates it with the default mode.
  chmodSync(data, 0o700);
  if (user.uid !== undefined) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, root]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${root}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    '-c shared_buffers=32MB',
    ...(options.fastUnsafe === false ? [] : ['-c fsync=off', '-c full_page_writes=off']),
  ].join(' ');
  const pgCtl = (args: readonly string[]): Promise<string> => {
    const [file, wrapped] = user.wrap(join(bin, 'pg_ctl'), ['-D', data, ...args]);
    return runCommand(file, wrapped);
  };
  let running = false;
  const start = async (): Promise<void> => {
    await pgCtl(['-o', settings, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start']);
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast'): Promise<void> => {
    if (!running) return;
    running = false;
    await pgCtl(['-m', mode, '-w', '-t', '60', 'stop']);
  };
  // A test process that dies without destroy() must not leave a server behind.
  const onExit = (): void => {
    if (!running) return;
    try {
      const [file, wrapped] = user.wrap(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      execFileSync(file, wrapped, { stdio: 'ignore' });
      rmSync(root, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  };
  process.once('exit', onExit);
  await start();
  const url = `postgres://troupe@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    start,
    stop,
    restart: async (mode = 'immediate') => {
      await stop(mode);
      await start();
    },
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name} is not a plain identifier`);
      const [file, args] = [join(bin, 'psql'), ['-X', '-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'troupe', '-d', 'postgres', '-c', `CREATE DATABASE ${name}`]];
      await runCommand(file, args);
      return `postgres://troupe@127.0.0.1:${port}/${name}`;
    },
    destroy: async () => {
      process.removeListener('exit', onExit);
      await stop('immediate').catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
