import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationProblem } from '../errors/problem.js';

/** One term of a list's order: the API's field name, its `alias.property` in the query, and its direction. */
export interface OrderTerm {
  /** `createdAt`, or `id` for the tie-breaker. */
  field: string;
  /** `c.createdAt`: the main alias or a to-one join's alias, and the entity property. */
  column: string;
  desc: boolean;
}

const invalid = (message: string) => new ValidationProblem([{ field: 'cursor', message }]);

const sortKey = (order: readonly OrderTerm[]) => order.map((t) => (t.desc ? '-' : '') + t.field).join(',');

/**
 * The cursor of the row that ends a page: the list's order and the row's id, opaque to clients. It names the row
 * instead of carrying its sort values, so the database compares with its own exact values (a JavaScript Date
 * drops the microseconds MariaDB stores).
 */
export const encodeCursor = (order: readonly OrderTerm[], id: number) =>
  Buffer.from(`${sortKey(order)}|${id}`).toString('base64url');

/** The row id a cursor names; a cursor made for another order, or not made by us, is a 400. */
export function cursorRowId(cursor: string, order: readonly OrderTerm[]): number {
  const [key, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (id === undefined || !/^[1-9]\d{0,14}$/.test(id)) throw invalid('cursor is not one this list gave (meta.next)');
  if (key !== sortKey(order)) throw invalid('cursor belongs to another sort order: keep the sort it was given with');
  return Number(id);
}

/**
 * SQL for values of the cursor's row, read by primary key: the row of the main alias is `:keysetId`; the row of
 * a to-one join is found through its parent's foreign key, one subquery per hop.
 */
class CursorRow<T extends ObjectLiteral> {
  private aliases = 0;

  constructor(private readonly qb: SelectQueryBuilder<T>) {}

  /** The id of `alias`'s row that belongs to the cursor's row. */
  private idOf(alias: string): string {
    if (alias === this.qb.alias) return ':keysetId';
    const join = this.qb.expressionMap.joinAttributes.find((j) => j.alias.name === alias);
    const relation = join?.relation;
    if (!join || !relation || !(relation.isManyToOne || relation.isOneToOneOwner)) {
      throw invalid(`cursor paging is not available for this sort`);
    }
    const parent = this.qb.expressionMap.findAliasByName(join.parentAlias!).metadata;
    const k = `k${this.aliases++}`;
    const fk = relation.joinColumns[0].databaseName;
    return `(SELECT ${k}.${fk} FROM ${parent.tablePath} ${k} WHERE ${k}.id = ${this.idOf(join.parentAlias!)})`;
  }

  /** The SQL column of `alias.property`, whether it may be NULL, and the cursor row's value of it. */
  term(column: string) {
    const [alias, property] = column.split('.');
    const metadata = this.qb.expressionMap.findAliasByName(alias).metadata;
    const meta = metadata.findColumnWithPropertyPath(property)!;
    const sql = `${alias}.${meta.databaseName}`;
    const id = this.idOf(alias);
    if (property === 'id') return { sql, nullable: false, value: id };
    const k = `k${this.aliases++}`;
    const value = `(SELECT ${k}.${meta.databaseName} FROM ${metadata.tablePath} ${k} WHERE ${k}.id = ${id})`;
    // a LEFT JOIN's column is NULL where there is no joined row
    return { sql, nullable: meta.isNullable || alias !== this.qb.alias, value };
  }
}

/**
 * Restricts `qb` to the rows after the cursor's row in `order` (whose last term is the unique id): for
 * `-createdAt,id` that is `created_at <= k AND (created_at < k OR (created_at = k AND id < :id))`, where `k` is
 * the cursor row's own value read by a primary-key subquery — an index range, whatever the depth. A column that
 * may be NULL is compared NULL-aware (NULLs sort first ascending and last descending, on SQLite and MySQL alike).
 */
export function applyKeyset<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  order: readonly OrderTerm[],
  cursorId: number,
): void {
  const row = new CursorRow(qb);
  const terms = order.map(({ column, desc }) => {
    const { sql: f, nullable, value: k } = row.term(column);
    const op = desc ? '<' : '>';
    if (!nullable) return { equal: `${f} = ${k}`, beyond: `${f} ${op} ${k}`, lead: `${f} ${op}= ${k}` };
    const nullBeyond = desc ? `${f} IS NULL AND ${k} IS NOT NULL` : `${f} IS NOT NULL AND ${k} IS NULL`;
    return {
      equal: `(${f} = ${k} OR (${f} IS NULL AND ${k} IS NULL))`,
      beyond: `(${f} ${op} ${k} OR (${nullBeyond}))`,
      lead: undefined,
    };
  });
  const branches = terms.map((term, i) => [...terms.slice(0, i).map((t) => t.equal), term.beyond].join(' AND '));
  // the leading bound alone is what the optimizer turns into an index range
  const lead = terms.length > 1 && terms[0].lead ? `${terms[0].lead} AND ` : '';
  qb.andWhere(`${lead}(${branches.map((b) => `(${b})`).join(' OR ')})`, { keysetId: cursorId });
}
