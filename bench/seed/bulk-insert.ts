import { createRequire } from 'node:module';
import mysql from 'mysql2/promise';

export type Value = string | number | boolean | Date | null | undefined;

/** Where the rows go: a MySQL/MariaDB connection or an SQLite file, both fed plain SQL text. */
export interface SqlSink {
  /** Runs one statement; MySQL statements may still be in flight when it returns (see BulkInsert). */
  run(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** 'YYYY-MM-DD HH:MM:SS.mmm' in UTC: what TypeORM writes for a datetime on both databases. */
export const sqlDateTime = (d: Date) => d.toISOString().slice(0, 23).replace('T', ' ');

/** A SQL literal. The generated text never holds a quote or a backslash (escaping differs between the two). */
export function literal(value: Value): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return `'${sqlDateTime(value)}'`;
  if (/['\\]/.test(value)) throw new Error(`unexpected quote or backslash in ${value}`);
  return `'${value}'`;
}

/** Collects rows of one table and writes them as multi-row INSERTs of `batchRows` rows. */
export class BulkInsert {
  private rows: string[] = [];
  private readonly head: string;
  count = 0;

  constructor(
    private readonly sink: SqlSink,
    table: string,
    columns: readonly string[],
    private readonly batchRows = 2000,
  ) {
    this.head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  }

  async add(values: readonly Value[]): Promise<void> {
    this.rows.push(`(${values.map(literal).join(',')})`);
    this.count++;
    if (this.rows.length >= this.batchRows) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.rows.length) return;
    const sql = this.head + this.rows.join(',');
    this.rows = [];
    await this.sink.run(sql);
  }
}

/**
 * A MySQL/MariaDB sink that keeps up to two statements in flight on one connection, so that generating the
 * next batch overlaps with the server inserting the previous one. Checks are off for the session: the
 * generator keeps keys unique and references valid by construction.
 */
export async function mysqlSink(url: string): Promise<SqlSink> {
  const connection = await mysql.createConnection({ uri: url, charset: 'utf8mb4_unicode_ci' });
  await connection.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
  let inFlight: Promise<unknown>[] = [];
  return {
    async run(sql) {
      inFlight.push(connection.query(sql));
      if (inFlight.length >= 2) await inFlight.shift();
    },
    async close() {
      await Promise.all(inFlight);
      inFlight = [];
      await connection.end();
    },
  };
}

// better-sqlite3 ships no types (the app reaches it through TypeORM): just what the seed uses
type SqliteDatabase = { exec(sql: string): void; pragma(sql: string): unknown; close(): void };
const Sqlite = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => SqliteDatabase;

/** An SQLite sink: one transaction every `statementsPerCommit` statements, no fsync while seeding. */
export function sqliteSink(path: string, statementsPerCommit = 25): SqlSink {
  const db = new Sqlite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  let statements = 0;
  db.exec('BEGIN');
  return {
    async run(sql) {
      db.exec(sql);
      if (++statements % statementsPerCommit === 0) db.exec('COMMIT; BEGIN');
    },
    async close() {
      db.exec('COMMIT');
      db.close();
    },
  };
}
