import { HttpStatus } from '@nestjs/common';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { rowLock } from '../common/entities/load-for-update.js';
import { ApiProblem } from '../common/errors/problem.js';
import { Customer } from './entities/customer.entity.js';

/** Whether the actor sees every consultant's customers, or only their own. */
export const seesAllCustomers = (actor: Actor) => actor.can('customers.read_all');

/**
 * Limits a query to the customers the actor may see: `customerAlias` is the alias of the customer table in the
 * query (join it first). Soft-deleted customers are excluded by TypeORM unless the query asks for them.
 */
export function scopeToActor<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  actor: Actor,
  customerAlias: string,
): SelectQueryBuilder<T> {
  return seesAllCustomers(actor)
    ? qb
    : qb.andWhere(`${customerAlias}.consultantId = :scopeActorId`, { scopeActorId: actor.id });
}

/**
 * The customer, if the actor may see it. Another consultant's customer answers 404 like a missing one, so
 * record scope does not reveal which ids exist.
 */
export async function findVisibleCustomer(
  manager: EntityManager,
  actor: Actor,
  customerId: number,
  options: { withDeleted?: boolean } = {},
): Promise<Customer> {
  const customer = await manager
    .getRepository(Customer)
    .findOne({ where: { id: customerId }, withDeleted: options.withDeleted });
  if (!customer || (!seesAllCustomers(actor) && customer.consultantId !== actor.id)) {
    throw new ApiProblem(HttpStatus.NOT_FOUND, `Customer ${customerId} does not exist`);
  }
  return customer;
}

/**
 * Locks the customer row before a write to its follow-ups or payments, so that such writes for one customer
 * run one after another (see rowLock). Returns null when the
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
  const customer = await manager
    .getRepository(Customer)
    .findOne({ where: { id: customerId }, withDeleted: true, ...rowLock(manager) });
  if (!customer || (customer.deletedAt && !options.withDeleted)) return null;
  if (!seesAllCustomers(actor) && customer.consultantId !== actor.id) return null;
  return customer;
}
