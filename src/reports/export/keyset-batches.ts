import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { selectFields, type RawFields } from './raw-rows.js';

/**
 * Rows read per query. Memory holds two batches at most (the one being written and the one being read), so it
 * stays flat whatever the number of rows. Small on purpose: a batch lives until it is written, and bigger ones
 * outlived the young generation's collections and were copied to the old generation, which then grew until a
 * full collection (measured with --trace-gc on MariaDB: 5,000 rows grew it ~100 MB during a 100,000-customer
 * export; at a million customers the XLSX export took 50-60 s with 2,000 rows and 30 s with 1,000, the CSV 24 s
 * with either). A query of 1,000 rows by primary key costs MariaDB ~10-25 ms, read while the last is written.
 */
export const EXPORT_BATCH_SIZE = 1000;

/**
 * Every row of a list, by id, in batches of plain rows (`fields`: the query selects just those columns, and its
 * raw result is read without building entities): one query each, `WHERE <the list's filters and scope> AND
 * <alias>.id > :last ORDER BY <alias>.id LIMIT n`, so each query is an index range and no row is skipped or
 * repeated when rows before the cursor change meanwhile. `query` builds a fresh query (the list's own
 * `filtered()`) for each batch. The first query runs on the first `next()`, so a refused filter throws before
 * anything is sent; from then on the next batch is read while the caller writes the current one (one query in
 * flight). The joins must be to-one (LIMIT counts rows of the joined result).
 */
export async function* keysetBatches<E extends ObjectLiteral, R extends { id: number }>(
  query: () => SelectQueryBuilder<E>,
  fields: RawFields<R>,
  batchSize: number,
): AsyncGenerator<R[]> {
  const read = async (afterId: number): Promise<R[]> => {
    const qb = query();
    const toRow = selectFields(qb, fields);
    const raw = await qb
      .andWhere(`${qb.alias}.id > :keysetAfterId`, { keysetAfterId: afterId })
      .orderBy(`${qb.alias}.id`, 'ASC')
      .limit(batchSize)
      .getRawMany<Record<string, unknown>>();
    return raw.map(toRow);
  };
  let next: Promise<R[]> | undefined = read(0);
  try {
    while (next) {
      const rows: R[] = await next;
      // a short batch is the last one; otherwise the next is read while this one is written
      next = rows.length < batchSize ? undefined : handled(read(rows[rows.length - 1].id));
      if (rows.length) yield rows;
    }
  } finally {
    // the caller stopped early (the client went away): let the query in flight finish, its error unseen
    await next?.catch(() => undefined);
  }
}

/** `promise`, marked as handled: it may fail while nobody awaits it yet, and is awaited (and throws) later. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
