import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { ApiProblem } from '../common/errors/problem.js';
import { scopeToActor } from './customer-scope.js';
import type { CustomerDto, RefDto } from './dto/customer.dto.js';
import { Customer } from './entities/customer.entity.js';

const byName = (a: RefDto, b: RefDto) => a.name.localeCompare(b.name) || a.id - b.id;

/** A customer as the API shows it; `tags` overrides the entity's (lists read them from an aggregate). */
export function toCustomerDto(customer: Customer, tags?: RefDto[]): CustomerDto {
  const { id, name, qq, qqName, phone, source, referralFrom, consultCourseId, content, status, consultantId, memo } =
    customer;
  const { latestIntention, lostToCompetitorId, lastFollowUpAt, version, createdAt, updatedAt, deletedAt } = customer;
  const ref = (r: { id: number; name: string } | null | undefined): RefDto | null =>
    r ? { id: r.id, name: r.name } : null;
  return {
    id,
    number: customer.number,
    name,
    qq,
    qqName,
    phone,
    source,
    referralFrom,
    consultCourseId,
    consultCourse: ref(customer.consultCourse),
    content,
    tags: (tags ?? (customer.tags ?? []).map((t) => ({ id: t.id, name: t.name }))).sort(byName),
    status,
    consultantId,
    consultant: ref(customer.consultant),
    memo,
    latestIntention,
    lostToCompetitorId,
    lastFollowUpAt,
    version,
    createdAt,
    updatedAt,
    deletedAt,
  };
}

/**
 * Loads a customer with what its DTO shows: after a scope check, or with `visibleTo`, in the same query (another
 * consultant's customer is then a 404 like a missing one).
 */
export async function loadCustomerDto(
  manager: EntityManager,
  id: number,
  options: { withDeleted?: boolean; visibleTo?: Actor } = {},
): Promise<CustomerDto> {
  // a query builder without take: findOne() with the tags join would first run a DISTINCT id query
  const qb = manager
    .getRepository(Customer)
    .createQueryBuilder('c')
    .leftJoin('c.consultant', 'consultant')
    .addSelect(['consultant.id', 'consultant.name'])
    .leftJoin('c.consultCourse', 'course')
    .addSelect(['course.id', 'course.name'])
    .leftJoinAndSelect('c.tags', 'tag')
    .where('c.id = :id', { id });
  if (options.withDeleted) qb.withDeleted();
  if (options.visibleTo) scopeToActor(qb, options.visibleTo, 'c');
  const customer = await qb.getOne();
  if (!customer) throw new ApiProblem(HttpStatus.NOT_FOUND, `Customer ${id} does not exist`);
  return toCustomerDto(customer);
}
