import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { PaymentType } from '../common/codes/codes.js';
import { monthBucketSql } from '../common/time/month-buckets.js';
import { AppConfig } from '../config/app-config.js';
import { scopeToActor, seesAllCustomers } from '../customers/customer-scope.js';
import { Payment } from '../sales/entities/payment.entity.js';
import type { SalesReportQuery } from './dto/report-query.dto.js';
import type { SalesFiguresDto, SalesReportDto } from './dto/sales-report.dto.js';
import { inPeriod, resolvePeriod, type ReportPeriod } from './report-period.js';
import { average, num } from './report-values.js';

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

/**
 * Payments and refunds whose money changed hands (paidAt) in the period, by month, consultant credited, course
 * and campus (of the enrollment's class). Payments of soft-deleted customers stay counted, as in the payment
 * list: money records stay traceable. Five GROUP BY queries (totals, month, consultant, course, campus), each one
 * range of the covering index IDX_payment_report: the payments are grouped first and the names joined to the
 * groups, and the customer is joined only for a reader who sees their own customers alone. Totals are a query of
 * their own because an enrollment paid in two months counts once; by campus, the enrollments of its classes add
 * up (an enrollment is in one class).
 */
@Injectable()
export class SalesReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async report(query: SalesReportQuery, actor: Actor): Promise<SalesReportDto> {
    const period = resolvePeriod(query, this.config.reportTimezone);
    const month = monthBucketSql('p.paidAt', period.months);
    const payments = () => this.payments(query, period, actor);
    const [totals, months, consultants, courses, campuses] = await Promise.all([
      payments().getRawOne<Record<string, unknown>>(),
      payments()
        .addSelect(month.sql, 'monthBucket')
        .setParameters(month.params)
        .groupBy('monthBucket')
        .getRawMany<Record<string, unknown>>(),
      this.named(payments().addSelect('p.consultantId', 'id').groupBy('p.consultantId'), 'staff')
        .orderBy('g.id')
        .getRawMany<Record<string, unknown>>(),
      this.named(payments().addSelect('p.courseId', 'id').groupBy('p.courseId'), 'course')
        .orderBy('g.id')
        .getRawMany<Record<string, unknown>>(),
      this.byCampus(payments().addSelect('p.classId', 'classId').groupBy('p.classId')),
    ]);
    const byMonth = new Map(months.map((raw) => [String(raw.monthBucket), raw]));
    return {
      period: { from: period.from, to: period.to, timeZone: period.timeZone },
      totals: figures(totals),
      byMonth: period.months.map(({ month }) => ({ month, ...figures(byMonth.get(month)) })),
      byConsultant: consultants.map((raw) => ({ consultant: ref(raw.id, raw.name), ...figures(raw) })),
      byCourse: courses.map((raw) => ({ course: ref(raw.id, raw.name), ...figures(raw) })),
      byCampus: campuses
        .map((raw) => ({ campus: raw.id === null ? null : ref(raw.id, raw.name), ...figures(raw) }))
        .sort((a, b) => (a.campus?.id ?? Infinity) - (b.campus?.id ?? Infinity)),
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

  /** The groups of `grouped` (raw column `id`: a row of `table`) as `g`, with that row's name. */
  private named(grouped: SelectQueryBuilder<Payment>, table: 'staff' | 'course'): SelectQueryBuilder<ObjectLiteral> {
    return this.dataSource
      .createQueryBuilder()
      .select('g.*')
      .addSelect('n.name', 'name')
      .from(`(${grouped.getQuery()})`, 'g')
      .setParameters(grouped.getParameters())
      .innerJoin(table, 'n', 'n.id = g.id');
  }

  /** The class groups of `grouped` (raw column `classId`) added up by campus; payments without a class: null. */
  private byCampus(grouped: SelectQueryBuilder<Payment>): Promise<Record<string, unknown>[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .select('b.id', 'id')
      .addSelect('b.name', 'name')
      .from(`(${grouped.getQuery()})`, 'g')
      .setParameters(grouped.getParameters())
      .leftJoin('school_class', 'sc', 'sc.id = g.classId')
      .leftJoin('branch', 'b', 'b.id = sc.branch_id')
      .groupBy('b.id')
      .addGroupBy('b.name');
    for (const [, alias] of FIGURES) qb.addSelect(`SUM(g.${alias})`, alias);
    return qb.getRawMany<Record<string, unknown>>();
  }
}
