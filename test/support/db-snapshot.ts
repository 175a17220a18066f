import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Per table: its row count and a hash of all its rows. */
export type DatabaseSnapshot = Record<string, { rows: number; hash: string }>;

/** Every table of the database (SQLite or MySQL/MariaDB), counted and hashed, to prove that nothing changed. */
export async function snapshotDatabase(dataSource: DataSource, exclude: string[] = []): Promise<DatabaseSnapshot> {
  const sqlite = dataSource.options.type === 'better-sqlite3' || dataSource.options.type === 'sqlite';
  const tables: { name: string }[] = sqlite
    ? await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    : await dataSource.query(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`,
      );
  const snapshot: DatabaseSnapshot = {};
  for (const { name } of tables.sort((a, b) => a.name.localeCompare(b.name))) {
    if (exclude.includes(name)) continue;
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM ${dataSource.driver.escape(name)}`);
    // rows sorted by their text: the same contents hash the same whatever order the engine returns them in
    const lines = rows.map((row) => JSON.stringify(row));
    snapshot[name] = { rows: rows.length, hash: createHash('sha256').update(lines.sort().join('\n')).digest('hex') };
  }
  return snapshot;
}
