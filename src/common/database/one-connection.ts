import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Runs `work` on one pooled connection. A request that reads several things in parallel (`Promise.all` over
 * query builders given this runner with `setQueryRunner`) then holds one connection whatever its fan-out:
 * on the pool, 64 such requests at a time would queue 4 × 64 queries and overflow the pool's queue (503s).
 */
export async function onOneConnection<T>(
  dataSource: DataSource,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    return await work(runner);
  } finally {
    await runner.release();
  }
}
