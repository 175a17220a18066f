import { HttpStatus } from '@nestjs/common';
import { Brackets, In, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { CustomerStatus } from '../common/codes/codes.js';
import { readableNumber } from '../common/entities/base.entity.js';
import { rowLock } from '../common/entities/load-for-update.js';
import { ApiProblem, ProblemType, ValidationProblem, type FieldError } from '../common/errors/problem.js';
import { Staff } from '../auth/entities/staff.entity.js';
import { Course } from '../teaching/entities/course.entity.js';
import { CUSTOMER_NUMBER_PREFIX, Customer } from './entities/customer.entity.js';
import type { CreateCustomerDto } from './dto/customer.dto.js';
import { Tag } from './entities/tag.entity.js';

/**
 * The checks a customer write makes inside its transaction: duplicates (409), the consultant (403/400) and the
 * records it refers to (400). Values are already normalised by the DTOs.
 */

const customerNumber = (id: number) => readableNumber(CUSTOMER_NUMBER_PREFIX, id);

/**
 * The customers holding any of these qqs (any customer, deleted ones too: the unique index covers them) or
 * phones (live customers only): the uniqueness rule of qq and phone, for one customer or a batch (import).
 * `lock` locks the rows found (MySQL/MariaDB; see rowLock), for a writer that changes them next.
 */
export async function findIdentifierHolders(
  manager: EntityManager,
  values: { qqs: string[]; phones: string[] },
  options: { excludeId?: number; lock?: boolean } = {},
): Promise<Customer[]> {
  const qqs = [...new Set(values.qqs)];
  const phones = [...new Set(values.phones)];
  if (!qqs.length && !phones.length) return [];
  // one query: qq of any customer (withDeleted), or phone of a live one
  const qb = manager
    .getRepository(Customer)
    .createQueryBuilder('c')
    .withDeleted()
    .select(['c.id', 'c.qq', 'c.phone', 'c.consultantId', 'c.deletedAt'])
    .where(
      new Brackets((holders) => {
        if (qqs.length) holders.orWhere('c.qq IN (:...qqs)', { qqs });
        if (phones.length) holders.orWhere('(c.phone IN (:...phones) AND c.deletedAt IS NULL)', { phones });
      }),
    )
    .orderBy('c.id');
  if (options.excludeId !== undefined) qb.andWhere('c.id <> :excludeId', { excludeId: options.excludeId });
  const lock = options.lock ? rowLock(manager).lock : undefined;
  if (lock) qb.setLock(lock.mode);
  return qb.getMany();
}

/**
 * 409 when another customer has this qq (any customer, deleted ones too: the unique index covers them) or this
 * phone (live customers only), naming the existing customer's number.
 */
export async function assertNoDuplicates(
  manager: EntityManager,
  values: { qq?: string | null; phone?: string | null },
  selfId?: number,
): Promise<void> {
  const holders = await findIdentifierHolders(
    manager,
    { qqs: values.qq ? [values.qq] : [], phones: values.phone ? [values.phone] : [] },
    { excludeId: selfId },
  );
  const found: { field: 'qq' | 'phone'; number: string; deleted: boolean }[] = [];
  const qqHolder = values.qq ? holders.find((h) => h.qq === values.qq) : undefined;
  if (qqHolder) found.push({ field: 'qq', number: customerNumber(qqHolder.id), deleted: qqHolder.deletedAt !== null });
  const phoneHolder = values.phone ? holders.find((h) => h.phone === values.phone && !h.deletedAt) : undefined;
  if (phoneHolder) found.push({ field: 'phone', number: customerNumber(phoneHolder.id), deleted: false });
  if (!found.length) return;
  const [first] = found;
  const detail = first.deleted
    ? `A deleted customer has this ${first.field}: ${first.number}; restore it instead`
    : `A customer with this ${first.field} already exists: ${first.number}`;
  const errors = found.map((f) => ({
    field: f.field,
    message: `is already used by ${f.deleted ? 'deleted customer ' : ''}${f.number}`,
  }));
  throw new ApiProblem(HttpStatus.CONFLICT, detail, { errors, existing: first.number }, ProblemType.duplicate);
}

/** A restored customer must not take a phone a live customer now has. */
export async function assertPhoneFreeForRestore(manager: EntityManager, customer: Customer): Promise<void> {
  if (!customer.phone) return;
  await assertNoDuplicates(manager, { phone: customer.phone }, customer.id);
}

/** Giving a customer to someone other than yourself (or changing its consultant) needs customers.assign. */
export function assertMayAssign(actor: Actor, consultantId: number, currentConsultantId: number): void {
  if (consultantId !== currentConsultantId && !actor.can('customers.assign')) {
    throw new ApiProblem(
      HttpStatus.FORBIDDEN,
      "Requires permission customers.assign to set another staff member as a customer's consultant",
    );
  }
}

/** The consultant must be an active staff account. */
export async function assertActiveConsultant(manager: EntityManager, consultantId: number): Promise<void> {
  const active = await manager.getRepository(Staff).existsBy({ id: consultantId, isActive: true });
  if (!active) {
    throw new ValidationProblem([
      { field: 'consultantId', message: `no active staff account with id ${consultantId}` },
    ]);
  }
}

export async function assertCourseExists(manager: EntityManager, courseId: number | null | undefined): Promise<void> {
  if (courseId === null || courseId === undefined) return;
  if (!(await manager.getRepository(Course).existsBy({ id: courseId }))) {
    throw new ValidationProblem([{ field: 'consultCourseId', message: `no course with id ${courseId}` }]);
  }
}

/** The tags with these ids; 400 naming the missing ones. */
export async function findTags(manager: EntityManager, ids: number[]): Promise<Tag[]> {
  const unique = [...new Set(ids)];
  const tags = unique.length ? await manager.getRepository(Tag).findBy({ id: In(unique) }) : [];
  const missing = unique.filter((id) => !tags.some((t) => t.id === id));
  if (missing.length)
    throw new ValidationProblem([{ field: 'tagIds', message: `no tag with id ${missing.join(', ')}` }]);
  return tags;
}

/** A customer needs a way to reach them: a qq or a phone. */
export function assertReachable(customer: { qq: string | null; phone: string | null }): void {
  if (customer.qq || customer.phone) return;
  const errors: FieldError[] = ['qq', 'phone'].map((field) => ({ field, message: 'a qq or a phone is required' }));
  throw new ValidationProblem(errors);
}

/**
 * The columns of a new customer from a validated create DTO: the defaults (status, the creator as consultant),
 * the assignment permission and reachability. Its references (consultant, course, tags) are checked by the caller.
 */
export function newCustomerValues(dto: CreateCustomerDto, actor: Actor) {
  const consultantId = dto.consultantId ?? actor.id;
  assertMayAssign(actor, consultantId, actor.id);
  const values = {
    name: dto.name ?? null,
    qq: dto.qq ?? null,
    qqName: dto.qqName ?? null,
    phone: dto.phone ?? null,
    source: dto.source,
    referralFrom: dto.referralFrom ?? null,
    consultCourseId: dto.consultCourseId ?? null,
    content: dto.content ?? null,
    status: dto.status ?? CustomerStatus.code.notEnrolled,
    consultantId,
    memo: dto.memo ?? null,
  };
  assertReachable(values);
  return values;
}
