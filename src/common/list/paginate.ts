import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationProblem } from '../errors/problem.js';
import type { ListQuery } from './list-query.js';

export interface PageMeta {
  page: number;
  pageSize: number;
  total: number;
}

export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

export interface ListSpec {
  /** Sortable fields (API name → SQL column, e.g. `{ createdAt: 's.createdAt' }`); only indexed columns. */
  sortable: Record<string, string>;
  /** Used when the query has no `sort`, e.g. `-createdAt`. */
  defaultSort: string;
  /** SQL columns that `q` prefix-matches (index-friendly `LIKE 'q%'`). */
  search?: string[];
}

// '!' escapes LIKE wildcards the same way on SQLite and MySQL (a backslash literal differs between them)
export const escapeLike = (value: string) => value.replace(/[!%_]/g, (c) => `!${c}`);

/** Applies `q` (prefix match on the spec's search columns) to the query builder: the WHERE part of a list. */
export function applyListSearch<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  search: string | undefined,
  spec: ListSpec,
): SelectQueryBuilder<T> {
  const q = search?.trim();
  if (q && spec.search?.length) {
    const clauses = spec.search.map((column) => `${column} LIKE :listQ ESCAPE '!'`);
    qb.andWhere(`(${clauses.join(' OR ')})`, { listQ: `${escapeLike(q)}%` });
  }
  return qb;
}

/** Applies `q` and `sort` to the query builder (an unknown sort field is a 400 naming the allowed ones). */
export function applyListQuery<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: ListQuery,
  spec: ListSpec,
): SelectQueryBuilder<T> {
  applyListSearch(qb, query.q, spec);
  const fields = (query.sort || spec.defaultSort).split(',');
  fields.forEach((field, i) => {
    const name = field.replace(/^-/, '');
    const column = spec.sortable[name];
    if (!column) {
      throw new ValidationProblem([
        { field: 'sort', message: `cannot sort by ${name}; allowed: ${Object.keys(spec.sortable).join(', ')}` },
      ]);
    }
    const order = field.startsWith('-') ? 'DESC' : 'ASC';
    if (i === 0) qb.orderBy(column, order);
    else qb.addOrderBy(column, order);
  });
  // a unique tie-breaker keeps pages stable when sort values repeat
  return qb.addOrderBy(`${qb.alias}.id`, fields[fields.length - 1].startsWith('-') ? 'DESC' : 'ASC');
}

/** How a list counts: the back office counts no further than `countLimit` (no full COUNT(*) on big tables). */
export interface ListOptions {
  countLimit?: number;
}

/** The rows `qb` matches (its paging ignored), counted up to `options.countLimit` when there is one. */
export const countOf = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, options: ListOptions = {}) =>
  options.countLimit ? countUpTo(qb, options.countLimit) : qb.getCount();

/** One page of a list: `{ data, meta: { page, pageSize, total } }`. */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: ListQuery,
  spec: ListSpec,
  options: ListOptions = {},
): Promise<Page<T>> {
  applyListQuery(qb, query, spec);
  const offset = (query.page - 1) * query.pageSize;
  // skip/take makes TypeORM run an extra id query whenever there is a join; it is needed only when a
  // to-many join multiplies rows. To-one joins page correctly with a plain LIMIT/OFFSET.
  const multiplies = qb.expressionMap.joinAttributes.some(
    (join) => join.relation && !join.relation.isManyToOne && !join.relation.isOneToOneOwner,
  );
  if (multiplies) qb.skip(offset).take(query.pageSize);
  else qb.offset(offset).limit(query.pageSize);
  const [data, total] = options.countLimit
    ? [await qb.getMany(), await countUpTo(qb, options.countLimit)]
    : await qb.getManyAndCount();
  return { data, meta: { page: query.page, pageSize: query.pageSize, total } };
}

/**
 * How many rows the query matches, counting no further than `limit`: `SELECT COUNT(*) FROM (… LIMIT n)`. On a
 * big table this stays fast where a full COUNT(*) reads every matching index entry.
 */
export async function countUpTo<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, limit: number): Promise<number> {
  const [sql, parameters] = qb
    .clone()
    .select(`${qb.alias}.id`, 'id')
    .orderBy()
    .skip(undefined)
    .take(undefined)
    .offset(undefined)
    .limit(limit)
    .getQueryAndParameters();
  const [row] = await qb.connection.query(`SELECT COUNT(*) AS n FROM (${sql}) counted`, parameters);
  return Number(row.n);
}
