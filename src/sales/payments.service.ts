import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Staff } from '../auth/entities/staff.entity.js';
import type { Actor } from '../common/auth/actor.js';
import { PaymentType } from '../common/codes/codes.js';
import { loadForUpdate, rowLock } from '../common/entities/load-for-update.js';
import { ApiProblem, ValidationProblem, type FieldError } from '../common/errors/problem.js';
import { applyListQuery, applyListSearch, paginate } from '../common/list/paginate.js';
import { AppConfig } from '../config/app-config.js';
import { findVisibleCustomer, lockVisibleCustomer, scopeToActor } from '../customers/customer-scope.js';
import type { Customer } from '../customers/entities/customer.entity.js';
import { settleEnrollment } from '../enrollment/enrollment-settlement.js';
import { Enrollment } from '../enrollment/entities/enrollment.entity.js';
import { Course } from '../teaching/entities/course.entity.js';
import { SchoolClass } from '../teaching/entities/school-class.entity.js';
import type {
  CreatePaymentDto,
  CustomerPaymentListQuery,
  PaymentDto,
  PaymentListQuery,
  PaymentPageDto,
  PaymentTotalsDto,
  UpdatePaymentDto,
} from './dto/payment.dto.js';
import { Payment } from './entities/payment.entity.js';
import { yuan } from '../common/money.js';
import { applyDateRange, DAY_MS } from '../common/time/school-time.js';

/** memo and method can be corrected this long after a payment is recorded; after that, only by a refund. */
export const EDIT_WINDOW_MS = DAY_MS;
/** paidAt may be this far ahead of the server clock (a client clock running slightly fast). */
const CLOCK_SKEW_MS = 60_000;
const { payment: PAYMENT, refund: REFUND } = PaymentType.code;

export function toPaymentDto(p: Payment): PaymentDto {
  const { id, number, customer, course, enrollment, consultant } = p;
  return {
    id,
    number,
    customer: { id: customer.id, number: customer.number, name: customer.name },
    course: { id: course.id, name: course.name },
    enrollment: enrollment ? { id: enrollment.id, number: enrollment.number } : null,
    type: p.type,
    method: p.method,
    amount: p.amount,
    consultant: { id: consultant.id, name: consultant.name },
    paidAt: p.paidAt,
    memo: p.memo,
    editableUntil: new Date(p.createdAt.getTime() + EDIT_WINDOW_MS),
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export const PAYMENT_LIST = { sortable: { paidAt: 'p.paidAt' }, defaultSort: '-paidAt', search: ['c.name'] };

const unprocessable = (errors: FieldError[]) =>
  new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    errors,
  });

/**
 * Payments and refunds. Record scope follows the customer; payments of a soft-deleted customer stay listed
 * (money records stay traceable). Never deleted; memo and method editable for 24 hours.
 */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** One rows query, one count and one totals query over every matching row. */
  async list(query: PaymentListQuery, actor: Actor): Promise<PaymentPageDto> {
    const sorted = { ...query, q: undefined };
    const page = await paginate(this.filtered(query, actor), sorted, PAYMENT_LIST);
    const totalsQuery = applyListQuery(this.filtered(query, actor, false), sorted, PAYMENT_LIST);
    const totals = await this.totals(totalsQuery.orderBy());
    return { data: page.data.map(toPaymentDto), meta: { ...page.meta, totals } };
  }

  /**
   * The payments `query` selects for `actor` (filters, `q` and record scope; no order, no paging), with the
   * refs a row shows unless `withRefs` is false. The list, its totals and the export all start here.
   */
  filtered(query: PaymentListQuery, actor: Actor, withRefs = true): SelectQueryBuilder<Payment> {
    const qb = this.visible(this.dataSource.manager, actor, withRefs);
    const equal = ['customerId', 'courseId', 'consultantId', 'method', 'type'] as const;
    for (const field of equal) {
      if (query[field] !== undefined) qb.andWhere(`p.${field} = :${field}`, { [field]: query[field] });
    }
    const range = { from: query.paidFrom, to: query.paidTo, fromField: 'paidFrom', toField: 'paidTo' };
    applyDateRange(qb, 'p.paidAt', range, this.config.reportTimezone);
    return applyListSearch(qb, query.q, PAYMENT_LIST);
  }

  async listForCustomer(customerId: number, query: CustomerPaymentListQuery, actor: Actor): Promise<PaymentPageDto> {
    await findVisibleCustomer(this.dataSource.manager, actor, customerId, { withDeleted: true });
    return this.list(Object.assign(query, { customerId }), actor);
  }

  async get(id: number, actor: Actor): Promise<PaymentDto> {
    return toPaymentDto(await this.findVisible(this.dataSource.manager, actor, id));
  }

  async create(dto: CreatePaymentDto, actor: Actor): Promise<PaymentDto> {
    const type = dto.type ?? PAYMENT;
    if (type === REFUND && !actor.can('payments.refund')) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, 'Recording a refund requires permission payments.refund');
    }
    const consultantId = dto.consultantId ?? actor.id;
    if (consultantId !== actor.id && !actor.can('customers.assign')) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, 'Crediting another consultant requires permission customers.assign');
    }
    const paidAt = dto.paidAt ? new Date(dto.paidAt) : new Date();
    if (paidAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
      throw new ValidationProblem([{ field: 'paidAt', message: 'must not be in the future' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      // locks before plain reads (see lockVisibleCustomer), customer then enrollment as every enrollment write
      // does; the customer lock serialises payments per customer, so two refunds cannot both pass the limit
      const customer = await lockVisibleCustomer(manager, actor, dto.customerId);
      const enrollment = dto.enrollmentId ? await this.lockEnrollment(manager, dto.enrollmentId) : null;
      const course = await manager.getRepository(Course).findOneBy({ id: dto.courseId });
      const consultant =
        consultantId === actor.id
          ? ({ id: actor.id, name: actor.name } as Staff)
          : await manager
              .getRepository(Staff)
              .findOne({ where: { id: consultantId }, select: { id: true, name: true } });
      const missing: FieldError[] = [];
      if (!customer) missing.push({ field: 'customerId', message: `customer ${dto.customerId} does not exist` });
      if (!course) missing.push({ field: 'courseId', message: `course ${dto.courseId} does not exist` });
      if (dto.enrollmentId && !enrollment) {
        missing.push({ field: 'enrollmentId', message: `enrollment ${dto.enrollmentId} does not exist` });
      }
      if (!consultant) missing.push({ field: 'consultantId', message: `staff ${consultantId} does not exist` });
      if (!customer || !course || !consultant || missing.length) throw unprocessable(missing);
      if (enrollment) await this.checkEnrollment(manager, enrollment, customer, course);
      if (type === REFUND) await this.checkRefund(manager, customer, course, dto.amount);
      const payment = manager.create(Payment, {
        customerId: customer.id,
        courseId: course.id,
        enrollmentId: enrollment?.id ?? null,
        classId: enrollment?.classId ?? null,
        type,
        method: dto.method,
        amount: dto.amount,
        consultantId,
        paidAt,
        memo: dto.memo || null,
      });
      await manager.save(payment);
      // an approved enrollment that is now paid makes the customer enrolled (the enrollment module's rule)
      if (enrollment) await settleEnrollment(manager, enrollment.id, this.config.enrollment);
      return toPaymentDto(Object.assign(payment, { customer, course, enrollment, consultant }));
    });
  }

  async update(id: number, dto: UpdatePaymentDto, actor: Actor): Promise<PaymentDto> {
    if (dto.method === null) throw new ValidationProblem([{ field: 'method', message: 'must not be null' }]);
    return this.dataSource.transaction(async (manager) => {
      await this.findVisible(manager, actor, id);
      const payment = await loadForUpdate(manager, Payment, id, { expectedVersion: dto.version, label: 'Payment' });
      if (payment.type === REFUND && !actor.can('payments.refund')) {
        throw new ApiProblem(HttpStatus.FORBIDDEN, 'Changing a refund requires permission payments.refund');
      }
      const editableUntil = new Date(payment.createdAt.getTime() + EDIT_WINDOW_MS);
      if (Date.now() > editableUntil.getTime()) {
        throw new ApiProblem(
          HttpStatus.CONFLICT,
          `Payment ${payment.number} was recorded more than 24 hours ago (${payment.createdAt.toISOString()}) and ` +
            'can no longer be changed; record a refund or a new payment to correct it',
          { editableUntil },
        );
      }
      if (dto.method !== undefined) payment.method = dto.method;
      if (dto.memo !== undefined) payment.memo = dto.memo || null;
      await manager.save(payment);
      return toPaymentDto(await this.findVisible(manager, actor, id));
    });
  }

  /** Payments whose customer the actor may see (soft-deleted customers included); refs for the answer. */
  private visible(manager: EntityManager, actor: Actor, withRefs: boolean): SelectQueryBuilder<Payment> {
    const qb = manager.getRepository(Payment).createQueryBuilder('p').withDeleted().innerJoin('p.customer', 'c');
    if (withRefs) {
      qb.addSelect(['c.id', 'c.name'])
        .innerJoin('p.course', 'co')
        .addSelect(['co.id', 'co.name'])
        .innerJoin('p.consultant', 's')
        .addSelect(['s.id', 's.name'])
        .leftJoin('p.enrollment', 'e')
        .addSelect(['e.id']);
    }
    return scopeToActor(qb, actor, 'c');
  }

  private async totals(qb: SelectQueryBuilder<Payment>): Promise<PaymentTotalsDto> {
    const raw = await qb
      .select(`COALESCE(SUM(CASE WHEN p.type = ${PAYMENT} THEN p.amount ELSE 0 END), 0)`, 'paid')
      .addSelect(`COALESCE(SUM(CASE WHEN p.type = ${REFUND} THEN p.amount ELSE 0 END), 0)`, 'refunded')
      .getRawOne<{ paid: string | number; refunded: string | number }>();
    const paid = Number(raw?.paid ?? 0);
    const refunded = Number(raw?.refunded ?? 0);
    return { paid, refunded, net: paid - refunded };
  }

  private async findVisible(manager: EntityManager, actor: Actor, id: number): Promise<Payment> {
    const payment = await this.visible(manager, actor, true).andWhere('p.id = :id', { id }).getOne();
    if (!payment) throw new ApiProblem(HttpStatus.NOT_FOUND, `Payment ${id} does not exist`);
    return payment;
  }

  private async lockEnrollment(manager: EntityManager, id: number): Promise<Enrollment | null> {
    return manager.getRepository(Enrollment).findOne({
      where: { id },
      select: { id: true, customerId: true, classId: true },
      ...rowLock(manager),
    });
  }

  /** The enrollment must be this customer's, in a class of this course (422). */
  private async checkEnrollment(manager: EntityManager, enrollment: Enrollment, customer: Customer, course: Course) {
    const schoolClass = await manager
      .getRepository(SchoolClass)
      .findOne({ where: { id: enrollment.classId }, select: { id: true, courseId: true } });
    if (enrollment.customerId !== customer.id || schoolClass?.courseId !== course.id) {
      throw unprocessable([
        {
          field: 'enrollmentId',
          message: `enrollment ${enrollment.number} is not customer ${customer.number}'s enrollment in ${course.name}`,
        },
      ]);
    }
  }

  /** A refund may not exceed what the customer has paid for the course, net of earlier refunds (409). */
  private async checkRefund(manager: EntityManager, customer: Customer, course: Course, amount: number) {
    const { paid, refunded, net } = await this.totals(
      manager
        .getRepository(Payment)
        .createQueryBuilder('p')
        .where('p.customerId = :customerId', { customerId: customer.id })
        .andWhere('p.courseId = :courseId', { courseId: course.id }),
    );
    if (amount > net) {
      throw new ApiProblem(
        HttpStatus.CONFLICT,
        `A refund of ${yuan(amount)} exceeds what customer ${customer.number} has paid for ${course.name}: ` +
          `paid ${yuan(paid)}, refunded ${yuan(refunded)}, net ${yuan(net)}`,
        { requested: amount, paid, refunded, net },
      );
    }
  }
}
