import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiProblem } from '../common/errors/problem.js';

/** A table whose rows may point at the record being deleted: `noun` names its rows in the answer. */
export interface Reference {
  table: string;
  column: string;
  noun: string;
}

/**
 * Refuses (409) to delete a record that other rows refer to, naming how many of each (all rows count,
 * soft-deleted customers included: they keep their references). One query; checked before the delete so the
 * answer is a clear conflict rather than a foreign-key error.
 */
export async function assertUnreferenced(
  manager: EntityManager,
  label: string,
  id: number,
  references: Reference[],
): Promise<void> {
  const counts = references.map((r, i) => `(SELECT COUNT(*) FROM ${r.table} WHERE ${r.column} = ?) AS n${i}`);
  const [row] = await manager.query(
    `SELECT ${counts.join(', ')}`,
    references.map(() => id),
  );
  const used = references.map((r, i) => ({ noun: r.noun, count: Number(row[`n${i}`]) })).filter((r) => r.count > 0);
  if (!used.length) return;
  throw new ApiProblem(
    HttpStatus.CONFLICT,
    `${label} ${id} is used by ${used.map((u) => `${u.noun} (${u.count})`).join(', ')}; it cannot be deleted`,
    { references: Object.fromEntries(used.map((u) => [u.noun, u.count])) },
  );
}
