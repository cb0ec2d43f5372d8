import { createReadStream, existsSync, realpathSync, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import { TroupeError } from '@troupe/sdk';
import { sendError } from './HttpExchange.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.map', '.svg', '.txt']);

/** Paths that belong to the API: never answered with the inspector page. */
const API_PREFIXES = ['/v1/', '/healthz', '/metrics'];

/** The page may talk to its own origin only (REST and the websocket), and may not be framed. */
const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * Serves the web inspector's built files at `/` (GET and HEAD only, outside the
 * API's paths). Hashed files under `/assets/` are cached for good; index.html
 * is revalidated every time. A path without a file extension that matches no
 * file is a page of the single-page app and gets index.html. A path that
 * leaves the folder (`..`, encoded separators, symlinks out) is a 404.
 */
export class StaticAssets {
  private readonly root: string;

  constructor(root: string) {
    this.root = existsSync(root) ? realpathSync(root) : root;
  }

  /** True when this request is for the inspector (and the inspector is built). */
  handles(request: IncomingMessage): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const pathname = (request.url ?? '/').split('?', 1)[0]!;
    if (pathname === '/v1' || API_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return false;
    return existsSync(join(this.root, 'index.html'));
  }

  serve(request: IncomingMessage, response: ServerResponse): void {
    try {
      const pathname = (request.url ?? '/').split('?', 1)[0]!;
      const file = this.fileOf(pathname);
      if (file) {
        this.send(request, response, file.path, file.stats, pathname.startsWith('/assets/'));
        return;
      }
      // A missing file (it has an extension) is a 404; anything else is a route of the app.
      if (extname(pathname) !== '') throw new TroupeError('E_NOT_FOUND', { method: request.method ?? 'GET', path: pathname });
      const index = join(this.root, 'index.html');
      this.send(request, response, index, statSync(index), false);
    } catch (error) {
      sendError(response, error);
    }
  }

  /** The regular file a URL path names inside the root, or undefined. */
  private fileOf(pathname: string): { path: string; stats: Stats } | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      throw new TroupeError('E_NOT_FOUND', { method: 'GET', path: pathname });
    }
    const segments = decoded.split('/').filter((segment) => segment.length > 0);
    if (segments.some((segment) => segment === '..' || segment === '.' || segment.includes('\\') || segment.includes('\0') || segment.startsWith('.'))) {
      throw new TroupeError('E_NOT_FOUND', { method: 'GET', path: pathname });
    }
    if (segments.length === 0) return undefined;
    const candidate = join(this.root, ...segments);
    if (!existsSync(candidate)) return undefined;
    // Symlinks are followed only while they stay inside the root.
    const real = realpathSync(candidate);
    if (!real.startsWith(this.root + sep)) throw new TroupeError('E_NOT_FOUND', { method: 'GET', path: pathname });
    const stats = statSync(real);
    return stats.isFile() ? { path: real, stats } : undefined;
  }

  private send(request: IncomingMessage, response: ServerResponse, path: string, stats: Stats, immutable: boolean): void {
    const extension = extname(path);
    const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
    const headers: Record<string, string | number> = {
      'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      etag,
      ...(extension === '.html' ? PAGE_SECURITY_HEADERS : {}),
    };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    const gzip = COMPRESSIBLE.has(extension) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (gzip) {
      headers['content-encoding'] = 'gzip';
      headers.vary = 'accept-encoding';
    } else {
      headers['content-length'] = stats.size;
    }
    response.writeHead(200, headers);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const source = createReadStream(path);
    const done = (error: Error | null | undefined): void => {
      if (error) response.destroy();
    };
    if (gzip) pipeline(source, createGzip(), response, done);
    else pipeline(source, response, done);
  }
}
