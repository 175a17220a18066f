import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type QueryRunner, type SelectQueryBuilder } from 'typeorm';
import { onOneConnection } from '../common/database/one-connection.js';
import type { Actor } from '../common/auth/actor.js';
import { PaymentType } from '../common/codes/codes.js';
import { AppConfig } from '../config/app-config.js';
import { scopeToActor, seesAllCustomers } from '../customers/customer-scope.js';
import { Payment } from '../sales/entities/payment.entity.js';
import type { SalesReportQuery } from './dto/report-query.dto.js';
import type { SalesFiguresDto, SalesReportDto } from './dto/sales-report.dto.js';
import { inPeriod, resolvePeriod, type ReportPeriod } from './report-period.js';
import { average, groupRows, num } from './report-values.js';

const PAYMENT = Number(PaymentType.code.payment);
const REFUND = Number(PaymentType.code.refund);

/** The figures every grouping selects. */
const FIGURES: readonly [string, string][] = [
  [`SUM(CASE WHEN p.type = ${PAYMENT} THEN p.amount ELSE 0 END)`, 'paid'],
  [`SUM(CASE WHEN p.type = ${REFUND} THEN p.amount ELSE 0 END)`, 'refunded'],
  [`SUM(CASE WHEN p.type = ${PAYMENT} THEN 1 ELSE 0 END)`, 'payments'],
  [`SUM(CASE WHEN p.type = ${REFUND} THEN 1 ELSE 0 END)`, 'refunds'],
  ['COUNT(DISTINCT p.enrollmentId)', 'enrollments'],
  [
    `SUM(CASE WHEN p.enrollmentId IS NULL THEN 0 WHEN p.type = ${REFUND} THEN -p.amount ELSE p.amount END)`,
    'enrollmentNet',
  ],
];

function figures(raw: Record<string, unknown> | undefined): SalesFiguresDto {
  const paid = num(raw?.paid);
  const refunded = num(raw?.refunded);
  const enrollments = num(raw?.enrollments);
  return {
    paid,
    refunded,
    net: paid - refunded,
    payments: num(raw?.payments),
    refunds: num(raw?.refunds),
    enrollments,
    averagePerEnrollment: average(num(raw?.enrollmentNet), enrollments, 0),
  };
}

const ref = (id: unknown, name: unknown) => ({ id: num(id), name: String(name) });

/** The figures of FIGURES added up over `rows` (each of them additive, the enrollments too: see byClass). */
function summed(rows: readonly Record<string, unknown>[]): Record<string, number> {
  return Object.fromEntries(FIGURES.map(([, alias]) => [alias, rows.reduce((sum, row) => sum + num(row[alias]), 0)]));
}

/**
 * Payments and refunds whose money changed hands (paidAt) in the period, by month, consultant credited, course
 * and campus (of the enrollment's class). Payments of soft-deleted customers stay counted, as in the payment
 * list: money records stay traceable. Three GROUP BY queries, each one range of the covering index
 * IDX_payment_report (months are one aggregate each; other groups are made first and names joined to them; the customer is joined
 * only for a reader who sees their own customers alone): by month, by consultant, and by course and class —
 * which also gives the totals, the courses and the campuses, because an enrollment is in one class of one course,
 * so distinct enrollments per class add up. Distinct enrollments per month or consultant do not (an enrollment
 * paid in two months, or credited to two consultants, counts once in the totals), hence their own queries.
 */
@Injectable()
export class SalesReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async report(query: SalesReportQuery, actor: Actor): Promise<SalesReportDto> {
    const period = resolvePeriod(query, this.config.reportTimezone);
    const payments = () => this.payments(query, period, actor);
    const [classes, months, consultants] = await onOneConnection(this.dataSource, (runner) =>
      Promise.all([
        this.byClass(runner, payments().addSelect('p.courseId', 'courseId').addSelect('p.classId', 'classId')),
        this.byMonth(runner, period, payments),
        this.dataSource
          .createQueryBuilder(runner)
          .select('g.*')
          .addSelect('s.name', 'name')
          .from(`(${payments().addSelect('p.consultantId', 'id').groupBy('p.consultantId').getQuery()})`, 'g')
          .setParameters(payments().getParameters())
          .innerJoin('staff', 's', 's.id = g.id')
          .orderBy('g.id')
          .getRawMany<Record<string, unknown>>(),
      ]),
    );
    const byMonth = new Map(months.map((raw) => [String(raw.monthBucket), raw]));
    const courses = groupRows(classes, (row) => num(row.courseId));
    const campuses = groupRows(classes, (row) => (row.campusId === null ? null : num(row.campusId)));
    return {
      period: { from: period.from, to: period.to, timeZone: period.timeZone },
      totals: figures(summed(classes)),
      byMonth: period.months.map(({ month }) => ({ month, ...figures(byMonth.get(month)) })),
      byConsultant: consultants.map((raw) => ({ consultant: ref(raw.id, raw.name), ...figures(raw) })),
      byCourse: [...courses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([id, rows]) => ({ course: ref(id, rows[0].courseName), ...figures(summed(rows)) })),
      byCampus: [...campuses.entries()]
        .sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity))
        .map(([id, rows]) => ({
          campus: id === null ? null : ref(id, rows[0].campusName),
          ...figures(summed(rows)),
        })),
    };
  }

  /** Payments (`p`) in the period with the filters and record scope, selecting FIGURES. */
  private payments(query: SalesReportQuery, period: ReportPeriod, actor: Actor): SelectQueryBuilder<Payment> {
    const qb = this.dataSource.getRepository(Payment).createQueryBuilder('p').select(FIGURES[0][0], FIGURES[0][1]);
    for (const [expression, alias] of FIGURES.slice(1)) qb.addSelect(expression, alias);
    inPeriod(qb, 'p.paidAt', period);
    if (query.campusId) {
      qb.andWhere('p.classId IN (SELECT rsc.id FROM school_class rsc WHERE rsc.branch_id = :campusId)', {
        campusId: query.campusId,
      });
    }
    if (query.consultantId) qb.andWhere('p.consultantId = :consultantId', { consultantId: query.consultantId });
    if (query.courseId) qb.andWhere('p.courseId = :courseId', { courseId: query.courseId });
    if (seesAllCustomers(actor)) return qb;
    // payments of soft-deleted customers count too
    return scopeToActor(qb.withDeleted().innerJoin('p.customer', 'c'), actor, 'c');
  }

  /**
   * The figures of each school month: one aggregate per month over its range of the index, added together with
   * UNION ALL (cheaper than grouping every payment by a CASE over the month starts); a month without payments
   * answers NULLs.
   */
  private async byMonth(
    runner: QueryRunner,
    period: ReportPeriod,
    payments: () => SelectQueryBuilder<Payment>,
  ): Promise<Record<string, unknown>[]> {
    const parts = period.months.map(({ month, start }, i) => {
      const qb = payments().addSelect(`'${month}'`, 'monthBucket');
      if (i > 0) qb.andWhere('p.paidAt >= :monthStart', { monthStart: start });
      const next = period.months[i + 1];
      if (next) qb.andWhere('p.paidAt < :monthEnd', { monthEnd: next.start });
      return qb.getQueryAndParameters();
    });
    return this.dataSource.query(
      parts.map(([sql]) => sql).join(' UNION ALL '),
      parts.flatMap(([, parameters]) => parameters),
      runner,
    );
  }

  /**
   * The payments of `selected` (selecting `courseId` and `classId`) grouped by course and class (null without
   * an enrollment), with the course's name and the class's campus (`campusId`, `campusName`).
   */
  private byClass(runner: QueryRunner, selected: SelectQueryBuilder<Payment>): Promise<Record<string, unknown>[]> {
    const grouped = selected.groupBy('p.courseId').addGroupBy('p.classId');
    return this.dataSource
      .createQueryBuilder(runner)
      .select('g.*')
      .addSelect('co.name', 'courseName')
      .addSelect('b.id', 'campusId')
      .addSelect('b.name', 'campusName')
      .from(`(${grouped.getQuery()})`, 'g')
      .setParameters(grouped.getParameters())
      .innerJoin('course', 'co', 'co.id = g.courseId')
      .leftJoin('school_class', 'sc', 'sc.id = g.classId')
      .leftJoin('branch', 'b', 'b.id = sc.branch_id')
      .getRawMany<Record<string, unknown>>();
  }
}
