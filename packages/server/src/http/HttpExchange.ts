import type { IncomingMessage, ServerResponse } from 'node:http';
import { TroupeError, isTroupeError, toErrorInfo, type ErrorInfo, describeThrown } from '@troupe/sdk';
import { checkJsonNesting } from '../validation/checkJsonNesting.js';
import { statusOfCode } from './errorStatus.js';
import { errorWithoutFilePaths } from './withoutFilePaths.js';

/** Reads and parses a JSON request body of at most `limit` bytes; an empty body is `undefined`. */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > limit) throw bodyTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw bodyTooLarge(limit);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const contentType = request.headers['content-type'] ?? '';
  // Requiring JSON also makes cross-site form posts impossible: a browser must preflight it.
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new TroupeError('E_REQUEST_INVALID', { problems: [`content-type must be application/json (got "${contentType || 'none'}")`], status: 415 });
  }
  const text = Buffer.concat(chunks, size).toString('utf8');
  checkJsonNesting(text, 'request body');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TroupeError('E_REQUEST_INVALID', { problems: [`body is not valid JSON: ${(error as Error).message}`] });
  }
}

function bodyTooLarge(limit: number): TroupeError {
  return new TroupeError('E_REQUEST_INVALID', { problems: [`body is larger than ${limit} bytes`], status: 413 });
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  });
  response.end(payload);
}

export function sendText(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  response.end(body);
}

/**
 * The wire form of an error: stable code, message, hint; internals are reduced
 * to E_INTERNAL; absolute file paths are cut to file names (a route's path is
 * what E_NOT_FOUND is about, and stays).
 */
export function errorBody(error: unknown): ErrorInfo {
  const info = wireError(error);
  return info.code === 'E_NOT_FOUND' ? info : errorWithoutFilePaths(info);
}

function wireError(error: unknown): ErrorInfo {
  if (isTroupeError(error)) {
    const info = toErrorInfo(error);
    const { status: _status, ...details } = info.details ?? {};
    return { code: info.code, message: info.message, hint: info.hint ?? '', ...(Object.keys(details).length > 0 ? { details } : {}), ...(info.cause ? { cause: info.cause } : {}) };
  }
  const info = toErrorInfo(error);
  if (info.code.startsWith('E_') && info.code !== 'E_INTERNAL') return info;
  const internal = new TroupeError('E_INTERNAL', { reason: describeThrown(error) });
  return { code: internal.code, message: internal.message, hint: internal.hint };
}

/** Status for an error: an explicit `status` detail wins (413 for bodies), else by code. */
export function statusOfError(error: unknown, info: ErrorInfo): number {
  if (isTroupeError(error) && typeof error.details.status === 'number') return error.details.status;
  return statusOfCode(info.code);
}

export function sendError(response: ServerResponse, error: unknown, headers: Readonly<Record<string, string>> = {}): number {
  const info = errorBody(error);
  const status = statusOfError(error, info);
  if (!response.headersSent) {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    sendJson(response, status, { error: info });
  } else {
    response.destroy();
  }
  return status;
}
