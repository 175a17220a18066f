import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { onOneConnection } from '../common/database/one-connection.js';
import type { Actor } from '../common/auth/actor.js';
import { codeLabel } from '../common/codes/code-table.js';
import { EnrollmentStatus } from '../common/codes/codes.js';
import { readableNumber } from '../common/entities/base.entity.js';
import { AppConfig } from '../config/app-config.js';
import { CUSTOMER_NUMBER_PREFIX } from '../customers/entities/customer.entity.js';
import { ACTIVE_ENROLLMENT_STATUSES, usedLessonsSql } from '../enrollment/enrollment-states.js';
import { Enrollment, ENROLLMENT_NUMBER_PREFIX } from '../enrollment/entities/enrollment.entity.js';
import type { EnrollmentHeadDto, EnrollmentReportDto, EnrollmentStatesDto } from './dto/enrollment-report.dto.js';
import type { EnrollmentReportQuery } from './dto/report-query.dto.js';
import { inPeriod, resolvePeriod } from './report-period.js';
import { scopeEnrollments } from './report-scope.js';
import { CLASS_COLUMNS, classRef, groupRows, num, rawDate } from './report-values.js';

/** Enrollments with at most this many lessons left are listed as running low. */
export const LOW_BALANCE_LESSONS = 3;
const AWAITING_HEAD = 10;
const LOW_HEAD = 100;
const AGREED = Number(EnrollmentStatus.code.agreed);
const USED = usedLessonsSql('e');
const REMAINING = `(e.purchasedLessons - ${USED})`;

function states(rows: readonly Record<string, unknown>[]): EnrollmentStatesDto {
  const counts = new Map<number, number>();
  for (const raw of rows) counts.set(num(raw.status), (counts.get(num(raw.status)) ?? 0) + num(raw.enrollments));
  return {
    enrollments: [...counts.values()].reduce((a, b) => a + b, 0),
    states: EnrollmentStatus.values.map((code) => ({
      status: codeLabel(EnrollmentStatus, code),
      enrollments: counts.get(code) ?? 0,
    })),
  };
}

function head(raw: Record<string, unknown>): EnrollmentHeadDto {
  return {
    id: num(raw.id),
    number: readableNumber(ENROLLMENT_NUMBER_PREFIX, num(raw.id)),
    customer: {
      id: num(raw.customerId),
      number: readableNumber(CUSTOMER_NUMBER_PREFIX, num(raw.customerId)),
      name: (raw.customerName as string | null) ?? null,
    },
    class: classRef(raw),
    consultant: { id: num(raw.consultantId), name: String(raw.consultantName) },
  };
}

/**
 * Enrollments created in the period by class, course and state; and, as of now, the contracts awaiting
 * approval and the lesson-hour balances of the students in class. Filters and record scope apply to all.
 * At most five queries: states by class (created_at index; course totals are rolled up from it); one over the
 * enrollments in class (status index) counting those awaiting approval and summing lesson balances with a
 * correlated count of used lessons per enrollment (study record index); the ids of the two lists' heads; and
 * what the listed enrollments show, by primary key.
 *
 * The lists are ordered over the enrollment (and its customer) alone and joined to their class, campus, course
 * and consultant afterwards, by id: besides being cheaper, MariaDB 10.11 was seen to fail the one-query form
 * ("Can't find record in 'enrollment'", a rowid-filter plan with "Range checked for each record" under
 * ORDER BY … LIMIT) once InnoDB's statistics were recalculated.
 */
@Injectable()
export class EnrollmentReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async report(query: EnrollmentReportQuery, actor: Actor, now = new Date()): Promise<EnrollmentReportDto> {
    const period = resolvePeriod(query, this.config.reportTimezone, now);
    const byStateQuery = this.enrollments(query, actor, true)
      .select('e.status', 'status')
      .addSelect('COUNT(*)', 'enrollments')
      .groupBy('e.status');
    for (const [column, alias] of CLASS_COLUMNS) byStateQuery.addSelect(column, alias).addGroupBy(column);
    inPeriod(byStateQuery, 'e.createdAt', period);

    const active = () =>
      this.enrollments(query, actor, false).andWhere('e.status IN (:...active)', {
        active: ACTIVE_ENROLLMENT_STATUSES,
      });
    const [stateRows, balance, awaitingRows, lowRows] = await onOneConnection(this.dataSource, (runner) =>
      Promise.all([
        byStateQuery.setQueryRunner(runner).getRawMany<Record<string, unknown>>(),
        active()
          .select('COUNT(*)', 'enrollments')
          .addSelect(`SUM(CASE WHEN e.status = ${AGREED} THEN 1 ELSE 0 END)`, 'awaiting')
          .addSelect('SUM(e.purchasedLessons)', 'purchased')
          .addSelect(`SUM(${USED})`, 'used')
          .addSelect(`SUM(CASE WHEN ${REMAINING} <= ${LOW_BALANCE_LESSONS} THEN 1 ELSE 0 END)`, 'low')
          .setQueryRunner(runner)
          .getRawOne<Record<string, unknown>>(),
        this.enrollments(query, actor, false)
          .select('e.id', 'id')
          .addSelect('e.contractAgreedAt', 'contractAgreedAt')
          .andWhere(`e.status = ${AGREED}`)
          .orderBy('e.contractAgreedAt', 'ASC')
          .addOrderBy('e.id', 'ASC')
          .limit(AWAITING_HEAD)
          .setQueryRunner(runner)
          .getRawMany<Record<string, unknown>>(),
        active()
          .select('e.id', 'id')
          .addSelect('e.purchasedLessons', 'purchased')
          .addSelect(USED, 'used')
          .andWhere(`${REMAINING} <= ${LOW_BALANCE_LESSONS}`)
          .orderBy(REMAINING, 'ASC')
          .addOrderBy('e.id', 'ASC')
          .limit(LOW_HEAD)
          .setQueryRunner(runner)
          .getRawMany<Record<string, unknown>>(),
      ]),
    );
    const heads = await this.heads([...awaitingRows, ...lowRows].map((raw) => num(raw.id)));

    const byClass = groupRows(stateRows, (raw) => num(raw.classId));
    const byCourse = groupRows(stateRows, (raw) => num(raw.courseId));
    const purchased = num(balance?.purchased);
    const used = num(balance?.used);
    return {
      period: { from: period.from, to: period.to, timeZone: period.timeZone },
      asOf: now,
      totals: states(stateRows),
      byClass: [...byClass.entries()]
        .sort(([a], [b]) => a - b)
        .map(([, rows]) => ({ class: classRef(rows[0]), ...states(rows) })),
      byCourse: [...byCourse.entries()]
        .sort(([a], [b]) => a - b)
        .map(([id, rows]) => ({ course: { id, name: String(rows[0].courseName) }, ...states(rows) })),
      awaitingApproval: {
        count: num(balance?.awaiting),
        head: awaitingRows.map((raw) => ({
          ...heads.get(num(raw.id))!,
          contractAgreedAt: rawDate(raw.contractAgreedAt),
        })),
      },
      lessonBalances: {
        enrollments: num(balance?.enrollments),
        purchased,
        used,
        remaining: purchased - used,
        lowThreshold: LOW_BALANCE_LESSONS,
        lowCount: num(balance?.low),
        low: lowRows.map((raw) => ({
          ...heads.get(num(raw.id))!,
          purchased: num(raw.purchased),
          used: num(raw.used),
          remaining: num(raw.purchased) - num(raw.used),
        })),
      },
    };
  }

  /**
   * Enrollments (`e`) with their customer (`cu`), filters and scope applied. `withClass` joins the class (`sc`),
   * its campus (`b`) and course (`co`); without it the class filters are EXISTS on the class's primary key, so
   * the enrollment drives the query (see the class comment).
   */
  private enrollments(query: EnrollmentReportQuery, actor: Actor, withClass: boolean): SelectQueryBuilder<Enrollment> {
    const qb = this.dataSource.getRepository(Enrollment).createQueryBuilder('e').innerJoin('e.customer', 'cu');
    if (withClass) {
      qb.innerJoin('e.schoolClass', 'sc').innerJoin('sc.branch', 'b').innerJoin('sc.course', 'co');
      if (query.campusId) qb.andWhere('sc.branchId = :campusId', { campusId: query.campusId });
      if (query.courseId) qb.andWhere('sc.courseId = :courseId', { courseId: query.courseId });
    } else {
      const inClasses = (column: string, param: string) =>
        `EXISTS (SELECT 1 FROM school_class rsc WHERE rsc.id = e.classId AND rsc.${column} = :${param})`;
      if (query.campusId) qb.andWhere(inClasses('branch_id', 'campusId'), { campusId: query.campusId });
      if (query.courseId) qb.andWhere(inClasses('course_id', 'courseId'), { courseId: query.courseId });
    }
    if (query.consultantId) qb.andWhere('e.consultantId = :consultantId', { consultantId: query.consultantId });
    return scopeEnrollments(qb, actor);
  }

  /** What the listed enrollments show, by id: one query by primary key (none when nothing is listed). */
  private async heads(ids: number[]): Promise<Map<number, EnrollmentHeadDto>> {
    if (ids.length === 0) return new Map();
    const qb = this.dataSource
      .getRepository(Enrollment)
      .createQueryBuilder('e')
      .withDeleted()
      .innerJoin('e.customer', 'cu')
      .innerJoin('e.schoolClass', 'sc')
      .innerJoin('sc.branch', 'b')
      .innerJoin('sc.course', 'co')
      .innerJoin('e.consultant', 's')
      .select('e.id', 'id')
      .addSelect('cu.id', 'customerId')
      .addSelect('cu.name', 'customerName')
      .addSelect('e.consultantId', 'consultantId')
      .addSelect('s.name', 'consultantName')
      .where('e.id IN (:...headIds)', { headIds: [...new Set(ids)] });
    for (const [column, alias] of CLASS_COLUMNS) qb.addSelect(column, alias);
    const rows = await qb.getRawMany<Record<string, unknown>>();
    return new Map(rows.map((raw) => [num(raw.id), head(raw)]));
  }
}
