import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { codeLabel } from '../common/codes/code-table.js';
import { CustomerSource, CustomerStatus, EnrollmentStatus } from '../common/codes/codes.js';
import { monthBucketSql } from '../common/time/month-buckets.js';
import { AppConfig } from '../config/app-config.js';
import { scopeToActor } from '../customers/customer-scope.js';
import { Customer } from '../customers/entities/customer.entity.js';
import type { FunnelFiguresDto, FunnelReportDto } from './dto/funnel-report.dto.js';
import type { FunnelReportQuery } from './dto/report-query.dto.js';
import { inPeriod, resolvePeriod } from './report-period.js';
import { groupRows, num, rate, sumOf } from './report-values.js';

const FOLLOWED_UP = 'EXISTS (SELECT 1 FROM customer_follow_up rfu WHERE rfu.customer_id = c.id)';
const ENROLLED =
  `(c.status = ${Number(CustomerStatus.code.enrolled)} OR EXISTS (SELECT 1 FROM enrollment ren ` +
  `WHERE ren.customer_id = c.id AND ren.status = ${Number(EnrollmentStatus.code.approved)}))`;

interface Row {
  source: number;
  consultantId: number;
  consultantName: string;
  month: string;
  newCustomers: number;
  followedUp: number;
  enrolled: number;
}

const COUNTS = ['newCustomers', 'followedUp', 'enrolled'] as const;

function figures(rows: readonly Row[]): FunnelFiguresDto {
  const { newCustomers, followedUp, enrolled } = sumOf(rows, COUNTS);
  return {
    newCustomers,
    followedUp,
    enrolled,
    followUpRate: rate(followedUp, newCustomers),
    conversionRate: rate(enrolled, newCustomers),
  };
}

/**
 * The acquisition funnel: customers created in the period (a cohort) → followed up → enrolled, whenever those
 * happened. One GROUP BY query (source × consultant × month, on the customer created_at index, with an EXISTS per
 * customer on the follow-up and enrollment customer indexes), rolled up here into the three views; its rows are
 * at most sources × consultants × months.
 */
@Injectable()
export class FunnelReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async report(query: FunnelReportQuery, actor: Actor): Promise<FunnelReportDto> {
    const period = resolvePeriod(query, this.config.reportTimezone);
    const month = monthBucketSql('c.createdAt', period.months);
    const qb = this.dataSource
      .getRepository(Customer)
      .createQueryBuilder('c')
      .innerJoin('c.consultant', 's')
      .select('c.source', 'source')
      .addSelect('c.consultantId', 'consultantId')
      .addSelect('s.name', 'consultantName')
      .addSelect(month.sql, 'monthBucket')
      .addSelect('COUNT(*)', 'newCustomers')
      .addSelect(`SUM(CASE WHEN ${FOLLOWED_UP} THEN 1 ELSE 0 END)`, 'followedUp')
      .addSelect(`SUM(CASE WHEN ${ENROLLED} THEN 1 ELSE 0 END)`, 'enrolled')
      .setParameters(month.params)
      .groupBy('c.source')
      .addGroupBy('c.consultantId')
      .addGroupBy('s.name')
      .addGroupBy('monthBucket');
    inPeriod(qb, 'c.createdAt', period);
    if (query.consultantId) qb.andWhere('c.consultantId = :consultantId', { consultantId: query.consultantId });
    if (query.courseId) qb.andWhere('c.consultCourseId = :courseId', { courseId: query.courseId });
    scopeToActor(qb, actor, 'c');
    const rows = (await qb.getRawMany<Record<string, unknown>>()).map((raw): Row => ({
      source: num(raw.source),
      consultantId: num(raw.consultantId),
      consultantName: String(raw.consultantName),
      month: String(raw.monthBucket),
      newCustomers: num(raw.newCustomers),
      followedUp: num(raw.followedUp),
      enrolled: num(raw.enrolled),
    }));
    const bySource = groupRows(rows, (row) => row.source);
    const byConsultant = groupRows(rows, (row) => row.consultantId);
    const byMonth = groupRows(rows, (row) => row.month);
    return {
      period: { from: period.from, to: period.to, timeZone: period.timeZone },
      totals: figures(rows),
      bySource: CustomerSource.values.map((code) => ({
        source: codeLabel(CustomerSource, code),
        ...figures(bySource.get(code) ?? []),
      })),
      byConsultant: [...byConsultant.entries()]
        .sort(([a], [b]) => a - b)
        .map(([id, group]) => ({ consultant: { id, name: group[0].consultantName }, ...figures(group) })),
      byMonth: period.months.map(({ month }) => ({ month, ...figures(byMonth.get(month) ?? []) })),
    };
  }
}
