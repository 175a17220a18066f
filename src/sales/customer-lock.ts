import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { seesAllCustomers } from '../customers/customer-scope.js';
import { Customer } from '../customers/entities/customer.entity.js';

/**
 * Locks the customer row before a write to its follow-ups or payments, so that such writes for one customer
 * run one after another (MySQL/MariaDB: `FOR UPDATE`; SQLite serialises writers anyway). Returns null when the
 * customer is missing, soft-deleted (unless `withDeleted`) or another consultant's (record scope, as in
 * `findVisibleCustomer`); the caller answers with its own 404 or 422.
 *
 * Call it before any plain read in the transaction: on MySQL the snapshot that plain reads see starts at the
 * first one, so reads after the lock see every write committed by the transactions it waited for.
 */
export async function lockVisibleCustomer(
  manager: EntityManager,
  actor: Actor,
  customerId: number,
  options: { withDeleted?: boolean } = {},
): Promise<Customer | null> {
  const mysql = manager.connection.driver.options.type !== 'better-sqlite3';
  const customer = await manager.getRepository(Customer).findOne({
    where: { id: customerId },
    withDeleted: true,
    ...(mysql ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!customer || (customer.deletedAt && !options.withDeleted)) return null;
  if (!seesAllCustomers(actor) && customer.consultantId !== actor.id) return null;
  return customer;
}
