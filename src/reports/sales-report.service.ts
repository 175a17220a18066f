import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { PaymentType } from '../common/codes/codes.js';
import { monthBucketSql } from '../common/time/month-buckets.js';
import { AppConfig } from '../config/app-config.js';
import { scopeToActor } from '../customers/customer-scope.js';
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
 * range on the paid_at index; totals are a query of their own because an enrollment paid in two months counts
 * once.
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
    const [totals, months, consultants, courses, campuses] = await Promise.all([
      this.payments(query, period, actor).getRawOne<Record<string, unknown>>(),
      this.payments(query, period, actor)
        .addSelect(month.sql, 'monthBucket')
        .setParameters(month.params)
        .groupBy('monthBucket')
        .getRawMany<Record<string, unknown>>(),
      this.payments(query, period, actor)
        .innerJoin('p.consultant', 's')
        .addSelect('p.consultantId', 'id')
        .addSelect('s.name', 'name')
        .groupBy('p.consultantId')
        .addGroupBy('s.name')
        .orderBy('p.consultantId')
        .getRawMany<Record<string, unknown>>(),
      this.payments(query, period, actor)
        .innerJoin('p.course', 'co')
        .addSelect('p.courseId', 'id')
        .addSelect('co.name', 'name')
        .groupBy('p.courseId')
        .addGroupBy('co.name')
        .orderBy('p.courseId')
        .getRawMany<Record<string, unknown>>(),
      this.payments(query, period, actor)
        .leftJoin('sc.branch', 'b')
        .addSelect('b.id', 'id')
        .addSelect('b.name', 'name')
        .groupBy('b.id')
        .addGroupBy('b.name')
        .getRawMany<Record<string, unknown>>(),
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

  /** Payments (`p`) in the period with the filters and record scope; `sc` is the enrollment's class, if any. */
  private payments(query: SalesReportQuery, period: ReportPeriod, actor: Actor): SelectQueryBuilder<Payment> {
    const qb = this.dataSource
      .getRepository(Payment)
      .createQueryBuilder('p')
      .withDeleted()
      .innerJoin('p.customer', 'c')
      .leftJoin('p.enrollment', 'e')
      .leftJoin('e.schoolClass', 'sc')
      .select(FIGURES[0][0], FIGURES[0][1]);
    for (const [expression, alias] of FIGURES.slice(1)) qb.addSelect(expression, alias);
    inPeriod(qb, 'p.paidAt', period);
    if (query.campusId) qb.andWhere('sc.branchId = :campusId', { campusId: query.campusId });
    if (query.consultantId) qb.andWhere('p.consultantId = :consultantId', { consultantId: query.consultantId });
    if (query.courseId) qb.andWhere('p.courseId = :courseId', { courseId: query.courseId });
    return scopeToActor(qb, actor, 'c');
  }
}
