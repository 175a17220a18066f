import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Rows read per query: memory holds one batch at a time, whatever the number of rows. */
export const EXPORT_BATCH_SIZE = 1000;

export interface KeysetOptions<E extends ObjectLiteral, R> {
  batchSize: number;
  /** Runs one batch's query (default `getMany()`); to read raw extras along with the entities. */
  read?: (qb: SelectQueryBuilder<E>) => Promise<R[]>;
  /** The id of a row `read` gave (default `row.id`). */
  idOf?: (row: R) => number;
}

/**
 * Every row of a list, by id, in batches: one query each, `WHERE <the list's filters and scope> AND <alias>.id >
 * :last ORDER BY <alias>.id LIMIT n`, so each query is an index range and no row is skipped or repeated when
 * rows before the cursor change meanwhile. `query` builds a fresh query (the list's own `filtered()`) for each
 * batch; it runs on the first `next()`, so a refused filter throws before anything is sent. The joins must be
 * to-one (LIMIT counts rows of the joined result).
 */
export async function* keysetBatches<E extends ObjectLiteral, R = E>(
  query: () => SelectQueryBuilder<E>,
  options: KeysetOptions<E, R>,
): AsyncGenerator<R[]> {
  const read = options.read ?? ((qb: SelectQueryBuilder<E>) => qb.getMany() as unknown as Promise<R[]>);
  const idOf = options.idOf ?? ((row: R) => (row as { id: number }).id);
  let last = 0;
  for (;;) {
    const qb = query();
    const rows = await read(
      qb
        .andWhere(`${qb.alias}.id > :keysetAfterId`, { keysetAfterId: last })
        .orderBy(`${qb.alias}.id`, 'ASC')
        .limit(options.batchSize),
    );
    if (rows.length) yield rows;
    if (rows.length < options.batchSize) return;
    last = idOf(rows[rows.length - 1]);
  }
}

/** The rows of `keysetBatches`, one by one. */
export async function* keysetRows<E extends ObjectLiteral, R = E>(
  query: () => SelectQueryBuilder<E>,
  options: KeysetOptions<E, R>,
): AsyncGenerator<R> {
  for await (const batch of keysetBatches(query, options)) yield* batch;
}
