import { TroupeError } from '@troupe/sdk';

/** The URL with its password replaced, safe for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/** SQLSTATE of a unique violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * Maps a driver error to the store's codes: a duplicate event seq is a
 * conflict with another writer (E_STORE_CONFLICT); anything else (refused
 * connection, restart, authentication) means the store is unavailable, with
 * the driver's error as the cause.
 */
export function toStoreError(error: unknown, url: string): TroupeError {
  const { code, constraint, message, detail } = (error ?? {}) as { code?: string; constraint?: string; message?: string; detail?: string };
  if (code === UNIQUE_VIOLATION && constraint === 'events_pkey') {
    // detail: Key (run_id, seq)=(run-1, 4) already exists.
    const key = /\(run_id, seq\)=\((.*), (\d+)\)/.exec(detail ?? '');
    return new TroupeError('E_STORE_CONFLICT', { runId: key?.[1] ?? '<unknown>', seq: key ? Number(key[2]) : '<unknown>' }, { cause: error });
  }
  return new TroupeError('E_STORE_UNAVAILABLE', { store: redactUrl(url), reason: message ?? String(error) }, { cause: error });
}

/**
 * A failure that waiting can heal: the connection broke or the server is
 * restarting (no SQLSTATE: a socket error; class 08: connection exception;
 * 57P: shutdown, crash, "cannot connect now" while it recovers).
 */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof TroupeError) || error.code !== 'E_STORE_UNAVAILABLE' || error.cause === undefined) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code !== 'string' || /^(08|57P)/.test(code) || /^E[A-Z]+$/.test(code);
}
