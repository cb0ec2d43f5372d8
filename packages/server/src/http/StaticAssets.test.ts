import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticAssets } from './StaticAssets.js';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

let dir: string;
let server: Server;
let port: number;

/** A raw request: node's client sends the path exactly as given (no `..` normalisation, unlike fetch). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'troupe-static-'));
  dir = join(base, 'app');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>inspector</title>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("app")');
  writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(dir, '.secret'), 'dotfile');
  writeFileSync(join(base, 'outside.txt'), 'outside the root');
  symlinkSync(join(base, 'outside.txt'), join(dir, 'escape.txt'));
  const assets = new StaticAssets(dir);
  server = createServer((req, res) => {
    if (assets.handles(req)) assets.serve(req, res);
    else res.writeHead(418).end('api');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe('StaticAssets', () => {
  it('serves the page at / with its content type, revalidation and a same-origin content security policy', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>inspector</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const again = await get('/', { 'if-none-match': String(page.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('caches hashed assets for good and types them; gzips when asked', async () => {
    const script = await get('/assets/index-abc123.js');
    expect([script.status, script.body, script.headers['content-type']]).toEqual([200, 'console.log("app")', 'text/javascript; charset=utf-8']);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const style = await get('/assets/index-abc123.css', { 'accept-encoding': 'gzip, br' });
    expect([style.status, style.body, style.headers['content-type'], style.headers['content-encoding']]).toEqual([200, 'body{}', 'text/css; charset=utf-8', 'gzip']);
    const head = await get('/assets/index-abc123.js', {}, 'HEAD');
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', '18']);
  });

  it('answers routes of the app (no extension) with index.html, a missing file with 404', async () => {
    const route = await get('/runs/run-42?tab=events');
    expect([route.status, route.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    const missing = await get('/assets/nothing-here.js');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 'E_NOT_FOUND' } });
  });

  it('never serves a file outside its folder: dot segments, encoded separators, symlinks out, dotfiles', async () => {
    for (const path of ['/../outside.txt', '/assets/../../outside.txt', '/%2e%2e/outside.txt', '/assets%2f..%2f..%2foutside.txt', '/..%5coutside.txt', '/escape.txt', '/.secret', '/%00.js', '/%E0%A4%A.js']) {
      const reply = await get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toContain('outside the root');
      expect(reply.body, path).not.toContain('dotfile');
    }
  });

  it('leaves the API paths and other methods to the API', async () => {
    for (const [method, path] of [['GET', '/v1/runs'], ['GET', '/v1'], ['GET', '/healthz'], ['GET', '/metrics'], ['POST', '/'], ['DELETE', '/index.html']] as const) {
      const reply = await get(path, {}, method);
      expect([method, path, reply.status, reply.body]).toEqual([method, path, 418, 'api']);
    }
  });

  it('leaves everything to the API while the inspector is not built', async () => {
    const assets = new StaticAssets(join(dir, 'no-such-folder'));
    expect(assets.handles({ method: 'GET', url: '/' } as Parameters<StaticAssets['handles']>[0])).toBe(false);
  });
});
