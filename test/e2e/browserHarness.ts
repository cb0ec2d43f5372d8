import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CLI_BIN } from './cliProcess.js';

/** Debian's Chromium (installed by .ci/run with apt); browsers cannot be downloaded here. */
export const CHROMIUM_PATH = process.env.TROUPE_CHROMIUM ?? '/usr/bin/chromium';

/** Where browser tests write screenshots (git-ignored). */
export const E2E_OUTPUT = fileURLToPath(new URL('./.output/', import.meta.url));

/** Launches headless Chromium; without the networking flags it tries to reach Google and the closed network refuses it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run .ci/run (it installs it with apt) or set TROUPE_CHROMIUM`);
  mkdirSync(E2E_OUTPUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A running `troupe serve`: its URL, its output so far, and a way to stop it. */
export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns the built CLI's `troupe serve --port 0` in `cwd` and waits for its address. */
export function startServe(cwd: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI_BIN, 'serve', '--port', '0'], { cwd, env: { ...process.env, TROUPE_DEBUG: undefined }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (chunk: string): void => {
      out += chunk;
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+) /m.exec(out);
      if (match) {
        resolve({
          url: match[1]!,
          child,
          output: () => out,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGINT');
            await exited;
          },
        });
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    void exited.then(() => reject(new Error(`troupe serve exited before listening:\n${out}`)));
  });
}

/**
 * A TCP proxy between the browser and the server, to cut the network under a
 * live page: `cut()` kills every connection and refuses new ones until
 * `restore()`. The page sees what a real network failure looks like.
 */
export interface CuttableProxy {
  readonly url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<CuttableProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut: () => {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore: () => {
      down = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
