import { HttpStatus } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { ApiProblem, ValidationProblem } from '../common/errors/problem.js';
import { findVisibleCustomer, seesAllCustomers } from '../customers/customer-scope.js';
import { Customer } from '../customers/entities/customer.entity.js';
import type { Feedback } from './entities/feedback.entity.js';

/**
 * Who sees which ticket: feedback.read_all (the service role) — or seeing every customer — sees all; anyone
 * else sees the tickets of the customers they consult (customer.consultantId) plus the tickets assigned to them.
 * Tickets of soft-deleted customers are hidden with their customer.
 */
export const seesAllFeedback = (actor: Actor) => actor.can('feedback.read_all') || seesAllCustomers(actor);

/** Limits a ticket query (`f`, joined to its customer as `c`) to what the actor may see. */
export function scopeFeedback(qb: SelectQueryBuilder<Feedback>, actor: Actor): SelectQueryBuilder<Feedback> {
  return seesAllFeedback(actor)
    ? qb
    : qb.andWhere('(c.consultantId = :fbScopeActor OR f.assigneeId = :fbScopeActor)', { fbScopeActor: actor.id });
}

/** The customer whose tickets the actor may list or record: 404 when missing, soft-deleted or not theirs. */
export async function findFeedbackCustomer(
  manager: EntityManager,
  actor: Actor,
  customerId: number,
): Promise<Customer> {
  if (!actor.can('feedback.read_all')) return findVisibleCustomer(manager, actor, customerId);
  const customer = await manager.getRepository(Customer).findOneBy({ id: customerId });
  if (!customer) throw new ApiProblem(HttpStatus.NOT_FOUND, `Customer ${customerId} does not exist`);
  return customer;
}

/** The customer a new ticket names in its body: a 400 on the field, the same for missing and not visible. */
export async function customerForNewFeedback(
  manager: EntityManager,
  actor: Actor,
  customerId: number,
): Promise<Customer> {
  try {
    return await findFeedbackCustomer(manager, actor, customerId);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.getStatus() !== HttpStatus.NOT_FOUND) throw error;
    throw new ValidationProblem([{ field: 'customerId', message: `no customer with id ${customerId}` }]);
  }
}
