import { EntityMetadata, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { BroadcasterResult } from 'typeorm/subscriber/BroadcasterResult.js';

/** Bound parameters per statement: under SQLite's limit of 32,766. */
const MAX_PARAMETERS = 30_000;
/** Text per statement, well under MySQL/MariaDB's default max_allowed_packet (16 MiB; 4 MiB before 8.0). */
const MAX_STATEMENT_CHARS = 2_000_000;

/**
 * The columns an INSERT writes: every column the entities may carry, without the generated id and the
 * creation/update times (their database defaults fill them, as TypeORM's own inserts do), nor a column with a
 * default that no entity sets.
 */
function insertedColumns(metadata: EntityMetadata, rows: ObjectLiteral[]): ColumnMetadata[] {
  return metadata.columns.filter(
    (column) =>
      column.isInsert &&
      !column.isVirtualProperty &&
      !(column.isGenerated && column.generationStrategy === 'increment') &&
      !column.isCreateDate &&
      !column.isUpdateDate &&
      !(column.default !== undefined && rows.every((row) => column.getEntityValue(row) === undefined)),
  );
}

/** Rows in chunks that keep each statement under the parameter and size limits. */
function* chunks(rows: unknown[][], perRow: number): Generator<unknown[][]> {
  let chunk: unknown[][] = [];
  let chars = 0;
  for (const values of rows) {
    const size = values.reduce<number>((sum, v) => sum + (typeof v === 'string' ? v.length : 8), 0);
    if (chunk.length && ((chunk.length + 1) * perRow > MAX_PARAMETERS || chars + size > MAX_STATEMENT_CHARS)) {
      yield chunk;
      chunk = [];
      chars = 0;
    }
    chunk.push(values);
    chars += size;
  }
  if (chunk.length) yield chunk;
}

/**
 * Inserts records (of an entity, or of a join table given by its metadata) with multi-row INSERTs (as few as the database's limits allow) and sets their generated ids.
 * Unlike `save` or a query-builder insert, it reads nothing back: creation/update times come from the
 * database defaults and stay unset on the objects; a version column is written as 1.
 *
 * With `listeners` (the default), subscribers hear each record's beforeInsert and afterInsert as for `save`,
 * so the audit records them, and the insert runs in the manager's transaction or in one of its own (all rows or
 * none); `false` for bookkeeping rows (the audit's own), written as they are, in the manager's transaction if any.
 *
 * Ids: a multi-row INSERT takes consecutive auto-increment values (SQLite; MySQL/MariaDB with
 * innodb_autoinc_lock_mode 0 or 1, their default before MySQL 8) — the same assumption TypeORM's bulk save makes.
 */
export async function bulkInsert<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T> | EntityMetadata,
  records: T[],
  options: { listeners?: boolean } = {},
): Promise<T[]> {
  if (!records.length) return records;
  const listeners = options.listeners !== false;
  const queryRunner = manager.queryRunner;
  if (listeners && !queryRunner?.isTransactionActive) {
    return manager.transaction((inTransaction) => bulkInsert(inTransaction, target, records, options));
  }
  const { driver } = manager.connection;
  const metadata = target instanceof EntityMetadata ? target : manager.connection.getMetadata(target);
  if (listeners) {
    // as save does: every record's event at once, then wait for the listeners
    const before = new BroadcasterResult();
    for (const record of records) queryRunner!.broadcaster.broadcastBeforeInsertEvent(before, metadata, record);
    await before.wait();
  }

  const columns = insertedColumns(metadata, records);
  const values = records.map((record) =>
    columns.map((column) => {
      const value = column.getEntityValue(record);
      if (column.isVersion && value === undefined) return 1;
      return driver.preparePersistentValue(value, column) ?? null;
    }),
  );
  const table = driver.escape(metadata.tableName);
  const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
  const placeholder = `(${columns.map(() => '?').join(', ')})`;
  let done = 0;
  for (const chunk of chunks(values, columns.length)) {
    const sql = `INSERT INTO ${table} (${names}) VALUES ${Array(chunk.length).fill(placeholder).join(', ')}`;
    const raw: unknown = await manager.query(sql, chunk.flat());
    chunk.forEach((_, index) => {
      const record = records[done + index];
      Object.assign(record, driver.createGeneratedMap(metadata, raw, index, chunk.length));
      if (metadata.versionColumn && metadata.versionColumn.getEntityValue(record) === undefined)
        Object.assign(record, metadata.versionColumn.createValueMap(1));
    });
    done += chunk.length;
  }

  if (listeners) {
    const after = new BroadcasterResult();
    for (const record of records) {
      queryRunner!.broadcaster.broadcastAfterInsertEvent(after, metadata, record, metadata.getEntityIdMap(record));
    }
    await after.wait();
  }
  return records;
}
