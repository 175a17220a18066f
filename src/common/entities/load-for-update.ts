import { HttpStatus } from '@nestjs/common';
import type { EntityManager, EntityTarget, FindOptionsRelations, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { ApiProblem, ProblemType } from '../errors/problem.js';

/**
 * Find options that lock the rows read, for the rest of the transaction: `SELECT … FOR UPDATE` on
 * MySQL/MariaDB. SQLite needs none: its transactions run one at a time (database/sqlite-serial.ts).
 * Lock before any plain read in the transaction: on MySQL the first plain read fixes the snapshot later plain
 * reads see.
 */
export function rowLock(manager: EntityManager): { lock?: { mode: 'pessimistic_write' } } {
  return manager.connection.driver.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' } };
}

/** `withRelations` with the column values of `locked` (relations absent from `locked` are undefined there). */
function withColumnsOf<T extends ObjectLiteral>(locked: T, withRelations: T | null): T {
  if (!withRelations) return locked;
  for (const [key, value] of Object.entries(locked)) {
    if (value !== undefined) (withRelations as Record<string, unknown>)[key] = value;
  }
  return withRelations;
}

/**
 * Loads a record inside a transaction for changing it, locked (see rowLock),
 * 404 when missing, 409 when `expectedVersion` is given and the record has moved on.
 */
export async function loadForUpdate<T extends ObjectLiteral & { id: number; version?: number }>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: number,
  options: {
    expectedVersion?: number;
    relations?: FindOptionsRelations<T>;
    withDeleted?: boolean;
    label?: string;
  } = {},
): Promise<T> {
  const repository = manager.getRepository(target);
  // lock the row alone: MySQL refuses FOR UPDATE on the nullable side of the joins that relations add
  const locked = await repository.findOne({
    where: { id } as never,
    withDeleted: options.withDeleted,
    ...rowLock(manager),
  });
  // the relations come from a plain read, which on MySQL sees the transaction's snapshot: if the caller read
  // anything before this lock, that snapshot predates what the writer we waited for committed. The row's own
  // columns, its version above all, are taken from the locked (current) read.
  const record =
    locked && options.relations
      ? withColumnsOf(
          locked,
          await repository.findOne({
            where: { id } as never,
            relations: options.relations,
            withDeleted: options.withDeleted,
          }),
        )
      : locked;
  const label = options.label ?? repository.metadata.name;
  if (!record) throw new ApiProblem(HttpStatus.NOT_FOUND, `${label} ${id} does not exist`);
  if (options.expectedVersion !== undefined && record.version !== options.expectedVersion) {
    throw new ApiProblem(
      HttpStatus.CONFLICT,
      `${label} ${id} was changed by someone else (version ${record.version}, you sent ${options.expectedVersion}); reload it and try again`,
      { currentVersion: record.version },
      ProblemType.staleVersion,
    );
  }
  return record;
}

/**
 * Saves an edited record. TypeORM writes join-table changes (tags, roles, teachers) without touching the
 * row itself, so the version would not move and no audit entry would be written; setting updatedAt makes
 * every edit a row update.
 */
export function saveEdit<T extends ObjectLiteral & { updatedAt: Date }>(manager: EntityManager, record: T): Promise<T> {
  record.updatedAt = new Date();
  return manager.save(record);
}

/**
 * Writes bookkeeping columns (last sign-in, a customer's latest follow-up, …) without counting as an edit:
 * version and updatedAt stay, so nobody's open form turns stale, and no audit entry is written (the write
 * that caused it is audited).
 */
export async function updateBookkeeping<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: number,
  values: QueryDeepPartialEntity<T>,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .update(target)
    .set({ ...values, version: () => 'version', updatedAt: () => 'updated_at' } as QueryDeepPartialEntity<T>)
    .where('id = :id', { id })
    .execute();
}
