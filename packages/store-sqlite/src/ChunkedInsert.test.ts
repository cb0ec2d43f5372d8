import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChunkedInsert } from './ChunkedInsert.js';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.exec('CREATE TABLE rows (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
});
afterEach(() => db.close());

function rows(): { k: number; v: string }[] {
  return db.prepare('SELECT k, v FROM rows ORDER BY k').all() as { k: number; v: string }[];
}

describe('ChunkedInsert', () => {
  it('writes every buffered row, whatever the count, across the statement sizes', () => {
    const insert = new ChunkedInsert(db, 'INSERT INTO rows (k, v)', 2).prepareAll();
    let next = 0;
    for (const count of [1, 7, 8, 9, 40, 128, 300, 0]) {
      for (let index = 0; index < count; index += 1) insert.values.push((next += 1), `v${next}`);
      insert.flush();
      expect(insert.values).toEqual([]);
      expect(rows()).toHaveLength(next);
    }
    expect(rows()).toEqual(Array.from({ length: next }, (_, index) => ({ k: index + 1, v: `v${index + 1}` })));
  });

  it('empties its buffer when a statement fails, so the next commit does not carry stale rows', () => {
    const insert = new ChunkedInsert(db, 'INSERT INTO rows (k, v)', 2);
    insert.values.push(1, 'a', 1, 'again');
    expect(() => insert.flush()).toThrow(/UNIQUE/);
    expect(insert.values).toEqual([]);
    insert.values.push(2, 'b');
    insert.flush();
    expect(rows().map((row) => row.k)).toContain(2);
  });

  it('appends a conflict clause after the VALUES list', () => {
    const upsert = new ChunkedInsert(db, 'INSERT INTO rows (k, v)', 2, ' ON CONFLICT (k) DO UPDATE SET v = excluded.v');
    upsert.values.push(1, 'a', 2, 'b');
    upsert.flush();
    upsert.values.push(1, 'c');
    upsert.flush();
    expect(rows()).toEqual([{ k: 1, v: 'c' }, { k: 2, v: 'b' }]);
  });
});
