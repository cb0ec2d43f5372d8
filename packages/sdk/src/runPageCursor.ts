import { TroupeError } from './errors/TroupeError.js';

/** For store implementations: a position in the run list: the last run of a page, by (createdAt, runId). */
export interface RunPosition {
  readonly createdAt: number;
  readonly runId: string;
}

/** Opaque to callers; base64url so it travels in query strings unescaped. */
export function encodeRunCursor(position: RunPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.runId])).toString('base64url');
}

export function decodeRunCursor(cursor: string): RunPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string') {
    throw new TroupeError('E_STORE_CURSOR_INVALID', { cursor });
  }
  return { createdAt: parsed[0], runId: parsed[1] };
}

/** Page size: default 50, clamped to 1..500. */
export function clampRunPageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 50;
  return Math.min(500, Math.max(1, Math.floor(limit)));
}
