import type { DataSource } from 'typeorm';

/**
 * The few SQL expressions that differ between the databases we run on (SQLite, MySQL/MariaDB), chosen by
 * `dataSource.options.type`. Use these rather than writing dialect checks in modules.
 */

type Dialect = 'sqlite' | 'mysql';

function dialectOf(dataSource: DataSource): Dialect {
  const type = dataSource.options.type;
  if (type === 'better-sqlite3' || type === 'sqlite') return 'sqlite';
  if (type === 'mysql' || type === 'mariadb') return 'mysql';
  throw new Error(`No SQL dialect for database type ${type}`);
}

/**
 * The end of an `INSERT … VALUES …` that updates the existing row when the key `keyColumns` is taken instead:
 * `set` gets a function naming a column's value in the refused row and returns the assignments. MySQL applies
 * the assignments left to right, each seeing the ones before it: read a column before assigning it.
 */
export function onConflictUpdate(
  dataSource: DataSource,
  keyColumns: string[],
  set: (incoming: (column: string) => string) => string,
): string {
  return dialectOf(dataSource) === 'sqlite'
    ? ` ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET ${set((column) => `excluded.${column}`)}`
    : ` ON DUPLICATE KEY UPDATE ${set((column) => `VALUES(${column})`)}`;
}

/**
 * An aggregate building one JSON array of objects from the rows of a (sub)query, e.g.
 * `jsonArrayAgg(ds, { id: 't.id', name: 't.name' })` → `[{"id":1,"name":"VIP"}]`. Over no rows SQLite
 * answers `[]` and MySQL/MariaDB NULL: read the value with `parseJsonArray`. The order of elements is not
 * guaranteed (MySQL 8 has no ORDER BY inside JSON_ARRAYAGG): sort after parsing.
 */
export function jsonArrayAgg(dataSource: DataSource, fields: Record<string, string>): string {
  const pairs = Object.entries(fields)
    .map(([key, expression]) => `'${key.replace(/'/g, "''")}', ${expression}`)
    .join(', ');
  return dialectOf(dataSource) === 'sqlite'
    ? `json_group_array(json_object(${pairs}))`
    : `JSON_ARRAYAGG(JSON_OBJECT(${pairs}))`;
}

/** Reads what `jsonArrayAgg` produced: a JSON string (SQLite, MariaDB), an already parsed array (MySQL 8 JSON) or NULL. */
export function parseJsonArray<T>(value: unknown): T[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value as T[];
  const parsed: unknown = JSON.parse(Buffer.isBuffer(value) ? value.toString('utf8') : String(value));
  return Array.isArray(parsed) ? (parsed as T[]) : [];
}

/**
 * Hours from the timestamp `from` to the timestamp `to` (both SQL expressions), as a fractional number; NULL when
 * either is NULL. SQLite: julianday difference (millisecond precision); MySQL/MariaDB: TIMESTAMPDIFF in
 * microseconds.
 */
export function hoursBetweenSql(dataSource: DataSource, from: string, to: string): string {
  return dialectOf(dataSource) === 'sqlite'
    ? `((julianday(${to}) - julianday(${from})) * 24.0)`
    : `(TIMESTAMPDIFF(MICROSECOND, ${from}, ${to}) / 3600000000.0)`;
}

/** 'YYYY-MM' of a DATE column (a calendar day, stored without time zone), e.g. a lesson's date. */
export function dateMonthSql(dataSource: DataSource, column: string): string {
  return dialectOf(dataSource) === 'sqlite' ? `substr(${column}, 1, 7)` : `DATE_FORMAT(${column}, '%Y-%m')`;
}
