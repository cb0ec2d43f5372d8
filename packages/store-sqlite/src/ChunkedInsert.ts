import type Database from 'better-sqlite3';

type Statement = Database.Statement<unknown[], unknown>;

/**
 * Rows per statement, largest first: a batch of n rows is written as
 * `INSERT ... VALUES (...), (...), ...` statements of these sizes, then one
 * statement of exactly the remaining (fewer than 8) rows. Each call into
 * SQLite costs about as much as writing a row, so a thousand events cost
 * about twenty calls instead of a thousand; 128 rows of 7 columns stay far
 * below SQLite's limit on bound parameters.
 */
const CHUNK_ROWS = [128, 32, 8] as const;

/**
 * Buffers the rows of one table during a commit and writes them with a few
 * multi-row statements, each prepared once.
 */
export class ChunkedInsert {
  /** The flat parameters of the buffered rows, `width` per row; callers push into it. */
  readonly values: unknown[] = [];
  readonly #db: Database.Database;
  readonly #head: string;
  readonly #tail: string;
  readonly #width: number;
  readonly #row: string;
  readonly #statements = new Map<number, Statement>();

  /**
   * @param head `INSERT INTO t (a, b, c)` (or `INSERT OR REPLACE INTO ...`)
   * @param width the number of columns, one `?` each
   * @param tail what follows the VALUES list, e.g. an `ON CONFLICT` clause
   */
  constructor(db: Database.Database, head: string, width: number, tail = '') {
    this.#db = db;
    this.#head = head;
    this.#tail = tail;
    this.#width = width;
    this.#row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  }

  /** Prepares every statement size up front (at open), so no commit pays for compiling SQL. */
  prepareAll(): this {
    for (let rows = 1; rows <= CHUNK_ROWS[CHUNK_ROWS.length - 1]!; rows += 1) this.#statement(rows);
    for (const rows of CHUNK_ROWS) this.#statement(rows);
    return this;
  }

  /** Writes every buffered row, in order, and empties the buffer (also when a statement fails). */
  flush(): void {
    const values = this.values;
    const width = this.#width;
    try {
      let offset = 0;
      let left = values.length / width;
      for (const size of CHUNK_ROWS) {
        while (left >= size) {
          this.#statement(size).run(...values.slice(offset, (offset += size * width)));
          left -= size;
        }
      }
      if (left > 0) this.#statement(left).run(...(offset === 0 ? values : values.slice(offset)));
    } finally {
      values.length = 0;
    }
  }

  /** Forgets the buffered rows (after a failed commit). */
  clear(): void {
    this.values.length = 0;
  }

  #statement(rows: number): Statement {
    let statement = this.#statements.get(rows);
    if (!statement) {
      statement = this.#db.prepare(`${this.#head} VALUES ${Array.from({ length: rows }, () => this.#row).join(', ')}${this.#tail}`);
      this.#statements.set(rows, statement);
    }
    return statement;
  }
}
