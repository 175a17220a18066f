import type { QueryRunner } from 'typeorm';

/** `[sql, parameters]` pairs, as `npm run migration:generate` writes them. */
export type Statements = { up: [string, unknown[]][]; down: [string, unknown[]][] };

/** Runs the statement list written for this database family (SQLite, or MySQL/MariaDB). */
export async function runForDriver(
  queryRunner: QueryRunner,
  lists: { sqlite: [string, unknown[]][]; mysql: [string, unknown[]][] },
): Promise<void> {
  const type = queryRunner.connection.driver.options.type;
  const statements = type === 'better-sqlite3' || type === 'sqlite' ? lists.sqlite : lists.mysql;
  for (const [sql, parameters] of statements) await queryRunner.query(sql, parameters);
}
