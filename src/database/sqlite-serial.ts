import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { EntityPersistExecutor } from 'typeorm/persistence/EntityPersistExecutor.js';

/** A FIFO async lock. */
class Lock {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

const holder = new AsyncLocalStorage<Lock>();
const locks = new WeakMap<object, Lock>();

/** Runs `work` holding the driver's lock, unless this async context already holds it (nested work). */
function exclusive<T>(driver: object, work: () => Promise<T>): Promise<T> {
  const lock = locks.get(driver);
  if (!lock || holder.getStore() === lock) return work();
  return lock.run(() => holder.run(lock, work));
}

let patched = false;

/**
 * TypeORM's better-sqlite3 driver sends everything through ONE connection: a transaction started by one
 * request while another request's transaction is open becomes a savepoint inside it, and the other's
 * rollback would undo it. This gives each transaction (explicit, or the one save/remove opens) the
 * connection to itself: other requests' queries wait until it ends. MySQL/MariaDB are untouched (pooled
 * connections, real isolation).
 */
export function serialiseSqliteAccess(dataSource: DataSource): void {
  if (dataSource.driver.options.type !== 'better-sqlite3') return;
  const driver = dataSource.driver;
  locks.set(driver, new Lock());
  const runner = driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = ((...args: unknown[]) => exclusive(driver, () => query(...args))) as typeof runner.query;
  if (patched) return;
  patched = true;
  const transaction = EntityManager.prototype.transaction;
  EntityManager.prototype.transaction = function (this: EntityManager, ...args: unknown[]) {
    return exclusive(this.connection.driver, () =>
      (transaction as (...a: unknown[]) => Promise<unknown>).apply(this, args),
    );
  } as typeof transaction;
  const execute = EntityPersistExecutor.prototype.execute;
  EntityPersistExecutor.prototype.execute = function (this: EntityPersistExecutor) {
    const connection = (this as unknown as { connection: DataSource }).connection;
    return exclusive(connection.driver, () => execute.apply(this));
  };
}
