import { basename } from 'node:path';
import { describeThrown, isTroupeError, TroupeError } from '@troupe/sdk';

/**
 * SQLite result codes (better-sqlite3's `code`, extended codes included) that
 * mean the file is damaged. (SQLITE_NOTADB, a file that is not a database at
 * all, is more often a wrong path: E_STORE_UNAVAILABLE, like a path that cannot be opened.)
 */
const CORRUPT = /^SQLITE_CORRUPT/;
/** ...that mean the disk or the file system refuses writes: full, I/O error, read-only. */
const WRITE_FAILED = /^SQLITE_(FULL|IOERR|READONLY)/;

/**
 * The coded error for what SQLite threw: E_STORE_CORRUPT for a damaged file,
 * E_STORE_WRITE_FAILED when the disk refuses writes (full, I/O error,
 * read-only), E_STORE_UNAVAILABLE otherwise. The store is named by its file
 * name, not its absolute path: these errors reach API clients.
 */
export function storeErrorOf(error: unknown, path: string): TroupeError {
  if (isTroupeError(error)) return error;
  const store = storeName(path);
  const reason = describeThrown(error);
  const code = sqliteCodeOf(error);
  if (CORRUPT.test(code)) return new TroupeError('E_STORE_CORRUPT', { store, reason, sqliteCode: code }, { cause: error });
  if (WRITE_FAILED.test(code)) return new TroupeError('E_STORE_WRITE_FAILED', { store, reason, sqliteCode: code }, { cause: error });
  return new TroupeError('E_STORE_UNAVAILABLE', { store, reason, ...(code ? { sqliteCode: code } : {}) }, { cause: error });
}

/** `sqlite:troupe.db`: enough to tell stores apart, no absolute path. */
export function storeName(path: string): string {
  return path === '' || path === ':memory:' ? 'sqlite::memory:' : `sqlite:${basename(path)}`;
}

function sqliteCodeOf(error: unknown): string {
  try {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : '';
  } catch {
    return '';
  }
}
