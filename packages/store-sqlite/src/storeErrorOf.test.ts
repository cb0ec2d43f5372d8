import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TroupeError } from '@troupe/sdk';
import { storeErrorOf, storeName } from './storeErrorOf.js';

const sqliteError = (code: string, message: string) => new Database.SqliteError(message, code);

describe('storeErrorOf', () => {
  it('says what SQLite means: damaged file, disk refusing writes, anything else', () => {
    expect(storeErrorOf(sqliteError('SQLITE_CORRUPT', 'database disk image is malformed'), '/srv/data/troupe.db')).toMatchObject({
      code: 'E_STORE_CORRUPT',
      details: { store: 'sqlite:troupe.db', sqliteCode: 'SQLITE_CORRUPT' },
    });
    expect(storeErrorOf(sqliteError('SQLITE_CORRUPT_INDEX', 'database disk image is malformed'), 'x.db').code).toBe('E_STORE_CORRUPT');
    expect(storeErrorOf(sqliteError('SQLITE_NOTADB', 'file is not a database'), 'x.db').code).toBe('E_STORE_UNAVAILABLE');
    expect(storeErrorOf(sqliteError('SQLITE_CANTOPEN', 'unable to open database file'), 'x.db').code).toBe('E_STORE_UNAVAILABLE');
    expect(storeErrorOf(sqliteError('SQLITE_FULL', 'database or disk is full'), 'x.db').code).toBe('E_STORE_WRITE_FAILED');
    expect(storeErrorOf(sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error'), 'x.db').code).toBe('E_STORE_WRITE_FAILED');
    expect(storeErrorOf(sqliteError('SQLITE_READONLY', 'attempt to write a readonly database'), 'x.db').code).toBe('E_STORE_WRITE_FAILED');
    expect(storeErrorOf(sqliteError('SQLITE_BUSY', 'database is locked'), 'x.db').code).toBe('E_STORE_UNAVAILABLE');
    const coded = new TroupeError('E_STORE_CONFLICT', { runId: 'r', seq: 2 });
    expect(storeErrorOf(coded, 'x.db')).toBe(coded);
  });

  it('never names the absolute path of the file', () => {
    const error = storeErrorOf(sqliteError('SQLITE_FULL', 'database or disk is full'), '/home/ada/secret-project/.troupe/troupe.db');
    expect(`${error.message} ${error.hint}`).not.toContain('/home/ada');
    expect(storeName(':memory:')).toBe('sqlite::memory:');
  });
});
