import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationProblem } from '../errors/problem.js';
import { applyKeyset, cursorRowId, encodeCursor, type OrderTerm } from './keyset.js';
import type { ListQuery } from './list-query.js';

export interface PageMeta {
  page: number;
  pageSize: number;
  /** Rows matching the filters, counted up to LIST_WINDOW. */
  total: number;
  /** More rows match than `total` (counting stopped at LIST_WINDOW). */
  totalCapped: boolean;
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
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

/** The order a query asks for (`sort`, or the spec's default), ending with the id as a unique tie-breaker. */
export function listOrder(query: Pick<ListQuery, 'sort'>, spec: ListSpec, alias: string): OrderTerm[] {
  const fields = (query.sort || spec.defaultSort).split(',');
  const order = fields.map((field): OrderTerm => {
    const name = field.replace(/^-/, '');
    const column = spec.sortable[name];
    if (!column) {
      throw new ValidationProblem([
        { field: 'sort', message: `cannot sort by ${name}; allowed: ${Object.keys(spec.sortable).join(', ')}` },
      ]);
    }
    return { field: name, column, desc: field.startsWith('-') };
  });
  // a unique tie-breaker keeps pages stable when sort values repeat
  return [...order, { field: 'id', column: `${alias}.id`, desc: order[order.length - 1].desc }];
}

/** Applies `q` and `sort` to the query builder (an unknown sort field is a 400 naming the allowed ones). */
export function applyListQuery<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: ListQuery,
  spec: ListSpec,
): SelectQueryBuilder<T> {
  applyListSearch(qb, query.q, spec);
  applySort(qb, listOrder(query, spec, qb.alias));
  return qb;
}

function applySort<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, order: readonly OrderTerm[]): void {
  order.forEach(({ column, desc }, i) => {
    if (i === 0) qb.orderBy(column, desc ? 'DESC' : 'ASC');
    else qb.addOrderBy(column, desc ? 'DESC' : 'ASC');
  });
}

/**
 * How far page numbers reach, and how far lists count: past it, a page's OFFSET would read and discard ever more
 * rows, so deeper rows are read with the keyset cursor (`meta.next`), and the total stops there (`totalCapped`).
 */
export const LIST_WINDOW = 10_000;

/** A page being read: its order (for the next cursor), its count query, whether a to-many join multiplies rows. */
export interface PageQuery<T extends ObjectLiteral = ObjectLiteral> {
  order: OrderTerm[];
  /** The list's rows before the cursor and paging: what `total` counts. */
  counted: SelectQueryBuilder<T>;
  multiplies: boolean;
}

/**
 * Sorts `qb` and limits it to one page plus one row (which tells whether another page follows): the rows after
 * `query.cursor`, or the page's offset within the first LIST_WINDOW rows (a 400 past it). `q` is applied too,
 * unless the caller's query builder did its own search (pass `{ ...query, q: undefined }`).
 */
export function applyPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: ListQuery,
  spec: ListSpec,
): PageQuery<T> {
  applyListSearch(qb, query.q, spec);
  const counted = qb.clone();
  const order = listOrder(query, spec, qb.alias);
  applySort(qb, order);
  const offset = query.cursor ? 0 : (query.page - 1) * query.pageSize;
  if (query.cursor) applyKeyset(qb, order, cursorRowId(query.cursor, order));
  else if (offset >= LIST_WINDOW) {
    throw new ValidationProblem([
      {
        field: 'page',
        message: `page ${query.page} starts after the first ${LIST_WINDOW} rows: read further with the cursor in meta.next, or narrow the list with filters`,
      },
    ]);
  }
  // skip/take makes TypeORM run an extra id query whenever there is a join; it is needed only when a
  // to-many join multiplies rows. To-one joins page correctly with a plain LIMIT/OFFSET.
  const multiplies = qb.expressionMap.joinAttributes.some(
    (join) => join.relation && !join.relation.isManyToOne && !join.relation.isOneToOneOwner,
  );
  if (multiplies) qb.skip(offset).take(query.pageSize + 1);
  else if (offset) {
    // the page's ids first, from an index where one covers them, then the rows of those ids only: an OFFSET on
    // the full select would read (and compute the select list of) every skipped row
    const ids = idsOf(qb, order);
    applySort(ids, order);
    ids.offset(offset).limit(query.pageSize + 1);
    qb.andWhere(`${qb.alias}.id IN (SELECT id FROM (${ids.getQuery()}) page_ids)`).limit(query.pageSize + 1);
  } else qb.limit(query.pageSize + 1);
  return { order, counted, multiplies };
}

/**
 * The rows `qb` matches (its paging ignored), counted up to `LIST_WINDOW` (to-many joins: counted in full, such
 * lists are small), and whether there are more.
 */
export async function countOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  multiplies = false,
): Promise<{ total: number; totalCapped: boolean }> {
  if (multiplies) return { total: await qb.getCount(), totalCapped: false };
  const n = await countUpTo(qb, LIST_WINDOW + 1);
  return { total: Math.min(n, LIST_WINDOW), totalCapped: n > LIST_WINDOW };
}

/** The page's rows out of those `applyPage` read (one more when another page follows), and the next cursor. */
export function pageRows<T extends ObjectLiteral, E extends { id: number }>(
  query: ListQuery,
  page: PageQuery<T>,
  rows: E[],
) {
  const more = rows.length > query.pageSize;
  const shown = more ? rows.slice(0, query.pageSize) : rows;
  return { rows: shown, next: more ? encodeCursor(page.order, shown[shown.length - 1].id) : null };
}

/** A page's answer from the rows `applyPage` read: the page's rows and its meta (total, next cursor). */
export async function pageOf<T extends ObjectLiteral, E extends { id: number }>(
  query: ListQuery,
  page: PageQuery<T>,
  rows: E[],
): Promise<{ rows: E[]; meta: PageMeta }> {
  const { rows: shown, next } = pageRows(query, page, rows);
  const count = await countOf(page.counted, page.multiplies);
  return { rows: shown, meta: { page: query.page, pageSize: query.pageSize, ...count, next } };
}

/** One page of a list: `{ data, meta: { page, pageSize, total, totalCapped, next } }`. */
export async function paginate<T extends ObjectLiteral & { id: number }>(
  qb: SelectQueryBuilder<T>,
  query: ListQuery,
  spec: ListSpec,
): Promise<Page<T>> {
  const page = applyPage(qb, query, spec);
  const { rows, meta } = await pageOf(query, page, await qb.getMany());
  return { data: rows, meta };
}

/**
 * A copy of `qb` that selects only the main table's ids, without order or paging, and without the LEFT JOINs to
 * one row that its conditions (and `order`) do not use: they cannot change which rows match, and without them MariaDB can
 * read the ids from an index alone (a count of 10,001 customers: 3 ms instead of 20 ms).
 */
export function idsOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  order: readonly OrderTerm[] = [],
): SelectQueryBuilder<T> {
  const ids = qb.clone().select(`${qb.alias}.id`, 'id').orderBy().skip(undefined).take(undefined);
  ids.offset(undefined).limit(undefined);
  const joins = ids.expressionMap.joinAttributes;
  const conditions = JSON.stringify(ids.expressionMap.wheres) + order.map((term) => ` ${term.column}`).join('');
  const needed = new Set(
    joins
      .filter((join) => {
        const toOne = join.relation && (join.relation.isManyToOne || join.relation.isOneToOneOwner);
        return join.direction !== 'LEFT' || !toOne || conditions.includes(`${join.alias.name}.`);
      })
      .map((join) => join.alias.name),
  );
  // a needed join needs the join it hangs from
  for (const join of [...joins].reverse()) {
    if (needed.has(join.alias.name) && join.parentAlias) needed.add(join.parentAlias);
  }
  ids.expressionMap.joinAttributes = joins.filter((join) => needed.has(join.alias.name));
  return ids;
}

/**
 * How many rows the query matches, counting no further than `limit`: `SELECT COUNT(*) FROM (… LIMIT n)`. On a
 * big table this stays fast where a full COUNT(*) reads every matching index entry.
 */
export async function countUpTo<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, limit: number): Promise<number> {
  const [sql, parameters] = idsOf(qb).limit(limit).getQueryAndParameters();
  const [row] = await qb.connection.query(`SELECT COUNT(*) AS n FROM (${sql}) counted`, parameters);
  return Number(row.n);
}
