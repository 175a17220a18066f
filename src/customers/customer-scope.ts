import { HttpStatus } from '@nestjs/common';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
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
