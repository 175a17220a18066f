import { classDisplayNames } from '../teaching/class-name.js';
import { applyDateRange } from '../common/time/school-time.js';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, type ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { EnrollmentStatus as S } from '../common/codes/codes.js';
import { readableNumber } from '../common/entities/base.entity.js';
import { loadForUpdate } from '../common/entities/load-for-update.js';
import { ApiProblem } from '../common/errors/problem.js';
import { applyListSearch, applyPage, pageOf, type Page } from '../common/list/paginate.js';
import { AppConfig } from '../config/app-config.js';
import { findVisibleCustomer, seesAllCustomers } from '../customers/customer-scope.js';
import { Customer, CUSTOMER_NUMBER_PREFIX } from '../customers/entities/customer.entity.js';
import { tallyApproval } from '../customers/funnel/funnel-days.js';
import { SchoolClass } from '../teaching/entities/school-class.entity.js';
import type {
  CancelEnrollmentDto,
  CreateEnrollmentDto,
  CustomerEnrollmentListQuery,
  EnrollmentDetailDto,
  EnrollmentDto,
  EnrollmentListQuery,
  EnrollmentStepDto,
  RejectEnrollmentDto,
} from './dto/enrollment.dto.js';
import { Enrollment } from './entities/enrollment.entity.js';
import { settleEnrollment } from './enrollment-settlement.js';
import { ENROLLMENT_WORKFLOW, usedLessonsSql } from './enrollment-states.js';

/** Lessons used: study records whose attendance uses a lesson (a correlated count on the study record index). */
const USED_LESSONS = usedLessonsSql('e');

/** Enrollment columns a list row shows (the contract text only in the detail). */
const ROW_COLUMNS = [
  'id',
  'customerId',
  'classId',
  'consultantId',
  'status',
  'price',
  'purchasedLessons',
  'contractAgreedAt',
  'contractApprovedAt',
  'approvedById',
  'rejectReason',
  'cancelReason',
  'version',
  'createdAt',
  'updatedAt',
].map((column) => `e.${column}`);

export const ENROLLMENT_LIST = {
  sortable: { createdAt: 'e.createdAt', status: 'e.status' },
  defaultSort: '-createdAt',
  search: ['cu.name'],
};

function toEnrollmentDto(e: Enrollment, used: number): EnrollmentDto {
  const { id, status, price, purchasedLessons, contractAgreedAt, contractApprovedAt, approvedById } = e;
  const { schoolClass: k, customer, consultant } = e;
  return {
    id,
    number: e.number,
    status,
    customer: { id: customer.id, number: readableNumber(CUSTOMER_NUMBER_PREFIX, customer.id), name: customer.name },
    class: {
      id: k.id,
      ...classDisplayNames(k.branch.name, k.course.name, k.semester),
      courseId: k.courseId,
      courseName: k.course.name,
      campusId: k.branchId,
      campusName: k.branch.name,
      semester: k.semester,
      startDate: k.startDate,
    },
    consultant: { id: consultant.id, name: consultant.name },
    price,
    lessons: { purchased: purchasedLessons, used, remaining: purchasedLessons - used },
    contractAgreedAt,
    contractApprovedAt,
    approvedById,
    rejectReason: e.rejectReason,
    cancelReason: e.cancelReason,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

/**
 * Enrollments the actor sees: those of their own customers (all with customers.read_all), and — for
 * teachers — those in the classes they teach. `e` is the enrollment and `cu` its customer in the query.
 */
function scopeEnrollments<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, actor: Actor): SelectQueryBuilder<T> {
  if (seesAllCustomers(actor)) return qb;
  return qb.andWhere(
    new Brackets((visible) =>
      visible
        .where('cu.consultantId = :scopeActorId')
        .orWhere(
          'EXISTS (SELECT 1 FROM class_teachers et WHERE et.class_id = e.classId AND et.staff_id = :scopeActorId)',
        ),
    ),
    { scopeActorId: actor.id },
  );
}

@Injectable()
export class EnrollmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** One rows query (with the balance as a correlated count) and one count query. */
  async list(query: EnrollmentListQuery, actor: Actor): Promise<Page<EnrollmentDto>> {
    const qb = this.filtered(query, actor);
    const page = applyPage(qb, { ...query, q: undefined }, ENROLLMENT_LIST);
    const { entities, raw } = await qb.getRawAndEntities<{ e_id: number | string; used: number | string }>();
    const used = new Map(raw.map((row) => [Number(row.e_id), Number(row.used)]));
    const { rows, meta } = await pageOf(query, page, entities);
    return { data: rows.map((e) => toEnrollmentDto(e, used.get(e.id) ?? 0)), meta };
  }

  /**
   * The enrollments `query` selects for `actor` (filters, `q` and record scope; no order, no paging), with the
   * refs a row shows and the lessons used as the raw column `used`. The list and the export both start here.
   */
  filtered(query: EnrollmentListQuery, actor: Actor): SelectQueryBuilder<Enrollment> {
    const qb = this.rows(this.dataSource.manager, actor);
    const equal: [keyof EnrollmentListQuery, string][] = [
      ['customerId', 'e.customerId'],
      ['classId', 'e.classId'],
      ['consultantId', 'e.consultantId'],
      ['status', 'e.status'],
      ['courseId', 'k.courseId'],
      ['campusId', 'k.branchId'],
    ];
    for (const [field, column] of equal) {
      if (query[field] !== undefined) qb.andWhere(`${column} = :${field}`, { [field]: query[field] });
    }
    applyDateRange(
      qb,
      'e.createdAt',
      { from: query.createdFrom, to: query.createdTo, fromField: 'createdFrom', toField: 'createdTo' },
      this.config.reportTimezone,
    );
    if (query.remainingAtMost !== undefined) {
      qb.andWhere(`e.purchasedLessons - ${USED_LESSONS} <= :remainingAtMost`, {
        remainingAtMost: query.remainingAtMost,
      });
    }
    return applyListSearch(qb, query.q, ENROLLMENT_LIST);
  }

  /** A customer's enrollments; 404 when the customer is not one the actor may see. */
  async listForCustomer(
    customerId: number,
    query: CustomerEnrollmentListQuery,
    actor: Actor,
  ): Promise<Page<EnrollmentDto>> {
    await findVisibleCustomer(this.dataSource.manager, actor, customerId);
    return this.list(Object.assign(query, { customerId }), actor);
  }

  async get(id: number, actor: Actor): Promise<EnrollmentDetailDto> {
    const { entities, raw } = await this.rows(this.dataSource.manager, actor)
      .addSelect('e.contractText')
      .andWhere('e.id = :id', { id })
      .getRawAndEntities<{ used: number | string }>();
    if (!entities.length) throw new ApiProblem(HttpStatus.NOT_FOUND, `Enrollment ${id} does not exist`);
    return { ...toEnrollmentDto(entities[0], Number(raw[0].used)), contractText: entities[0].contractText };
  }

  /** Enrolls a customer in a class; the course's contract text, price and lesson count are copied in. */
  async create(dto: CreateEnrollmentDto, actor: Actor): Promise<EnrollmentDetailDto> {
    const id = await this.dataSource.transaction(async (manager) => {
      const customer = await findVisibleCustomer(manager, actor, dto.customerId);
      const schoolClass = await manager
        .getRepository(SchoolClass)
        .findOne({ where: { id: dto.classId }, relations: { course: true } });
      if (!schoolClass) throw new ApiProblem(HttpStatus.NOT_FOUND, `Class ${dto.classId} does not exist`);
      const repo = manager.getRepository(Enrollment);
      const existing = await repo.findOneBy({ customerId: customer.id, classId: schoolClass.id });
      if (existing) {
        throw new ApiProblem(
          HttpStatus.CONFLICT,
          `Customer ${customer.number} already has enrollment ${existing.number} in this class ` +
            `(${S.label(existing.status)})`,
          { errors: [{ field: 'classId', message: 'the customer is already enrolled in this class' }] },
        );
      }
      const { course } = schoolClass;
      const enrollment = repo.create({
        customerId: customer.id,
        classId: schoolClass.id,
        consultantId: actor.id,
        status: S.code.pending,
        contractText: course.contractTemplate,
        price: course.price,
        purchasedLessons: dto.purchasedLessons ?? course.lessonCount,
      });
      return (await repo.save(enrollment)).id;
    });
    return this.get(id, actor);
  }

  /** The consultant records that the customer agreed to the contract (on paper or in person). */
  agree(id: number, dto: EnrollmentStepDto, actor: Actor): Promise<EnrollmentDetailDto> {
    return this.move(id, dto.version, S.code.agreed, actor, (e) => {
      e.contractAgreedAt = new Date();
    });
  }

  /** Approves the contract; the customer becomes enrolled when the enrollment is also paid. */
  approve(id: number, dto: EnrollmentStepDto, actor: Actor): Promise<EnrollmentDetailDto> {
    return this.move(
      id,
      dto.version,
      S.code.approved,
      actor,
      (e) => {
        e.contractApprovedAt = new Date();
        e.approvedById = actor.id;
      },
      async (manager, customerId) => {
        await tallyApproval(manager, customerId, id); // the funnel counts the customer as enrolled from now on
        await settleEnrollment(manager, id, this.config.enrollment);
      },
    );
  }

  reject(id: number, dto: RejectEnrollmentDto, actor: Actor): Promise<EnrollmentDetailDto> {
    return this.move(id, dto.version, S.code.rejected, actor, (e) => {
      e.rejectReason = dto.reason;
    });
  }

  cancel(id: number, dto: CancelEnrollmentDto, actor: Actor): Promise<EnrollmentDetailDto> {
    return this.move(id, dto.version, S.code.cancelled, actor, (e) => {
      e.cancelReason = dto.reason ?? null;
    });
  }

  /**
   * One workflow step in one transaction: 404 unless the actor may see the enrollment, then the row is
   * locked and checked against `version` (stale → 409) and the workflow (illegal → 409 naming the allowed
   * states). Of two concurrent steps with the same version exactly one succeeds.
   */
  private async move(
    id: number,
    version: number,
    to: number,
    actor: Actor,
    change: (enrollment: Enrollment) => void,
    afterwards?: (manager: EntityManager, customerId: number) => Promise<unknown>,
  ): Promise<EnrollmentDetailDto> {
    await this.dataSource.transaction(async (manager) => {
      // lock order for every enrollment write: customer, then enrollment (as payments and settlement do)
      const customerId = await this.visibleCustomerId(manager, actor, id);
      await loadForUpdate(manager, Customer, customerId, { withDeleted: true });
      const enrollment = await loadForUpdate(manager, Enrollment, id, {
        expectedVersion: version,
        label: 'Enrollment',
      });
      ENROLLMENT_WORKFLOW.assertMove(enrollment.status, to);
      enrollment.status = to;
      change(enrollment);
      await manager.save(enrollment);
      await afterwards?.(manager, customerId);
    });
    return this.get(id, actor);
  }

  /** The enrollment's customer id; 404 when the enrollment does not exist or the actor may not see it. */
  async visibleCustomerId(manager: EntityManager, actor: Actor, id: number): Promise<number> {
    const qb = manager
      .getRepository(Enrollment)
      .createQueryBuilder('e')
      .select(['e.id', 'e.customerId'])
      .innerJoin('e.customer', 'cu')
      .where('e.id = :id', { id });
    const enrollment = await scopeEnrollments(qb, actor).getOne();
    if (!enrollment) throw new ApiProblem(HttpStatus.NOT_FOUND, `Enrollment ${id} does not exist`);
    return enrollment.customerId;
  }

  /** Enrollments the actor may see, with what a row shows; `used` is the lessons used. */
  private rows(manager: EntityManager, actor: Actor): SelectQueryBuilder<Enrollment> {
    const qb = manager
      .getRepository(Enrollment)
      .createQueryBuilder('e')
      .select(ROW_COLUMNS)
      .innerJoin('e.customer', 'cu')
      .addSelect(['cu.id', 'cu.name'])
      .innerJoin('e.schoolClass', 'k')
      .addSelect(['k.id', 'k.courseId', 'k.branchId', 'k.semester', 'k.startDate'])
      .innerJoin('k.course', 'cr')
      .addSelect(['cr.id', 'cr.name'])
      .innerJoin('k.branch', 'b')
      .addSelect(['b.id', 'b.name'])
      .innerJoin('e.consultant', 'co')
      .addSelect(['co.id', 'co.name'])
      .addSelect(USED_LESSONS, 'used');
    return scopeEnrollments(qb, actor);
  }
}
