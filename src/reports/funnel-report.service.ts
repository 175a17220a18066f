import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { codeLabel } from '../common/codes/code-table.js';
import { CustomerSource, CustomerStatus, EnrollmentStatus } from '../common/codes/codes.js';
import { monthBucketSql } from '../common/time/month-buckets.js';
import { AppConfig } from '../config/app-config.js';
import { scopeToActor } from '../customers/customer-scope.js';
import { CustomerFunnelDay } from '../customers/entities/customer-funnel-day.entity.js';
import { Customer } from '../customers/entities/customer.entity.js';
import type { FunnelFiguresDto, FunnelReportDto } from './dto/funnel-report.dto.js';
import type { FunnelReportQuery } from './dto/report-query.dto.js';
import { resolvePeriod, type ReportPeriod } from './report-period.js';
import { groupRows, num, rate, sumOf } from './report-values.js';
import { splitByUtcDays, wholePeriod, type UtcDaySplit, type WholeDays } from './utc-day-split.js';

const FOLLOWED_UP = 'c.lastFollowUpAt IS NOT NULL';
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
 * happened. One query, rolled up here into the three views; its rows are at most sources × consultants × months.
 * The query adds up two parts grouped alike (source × consultant × school month): the daily counts
 * (customer_funnel_day, kept by the writers) for the whole UTC days of each school month, and the customers
 * themselves (created_at index) for the rest — the period's ends and the UTC day each school month starts in.
 * The course filter is not in the daily counts: with it, the customers of the whole period are counted.
 */
@Injectable()
export class FunnelReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async report(query: FunnelReportQuery, actor: Actor): Promise<FunnelReportDto> {
    const period = resolvePeriod(query, this.config.reportTimezone);
    // the daily counts have no course: with one, the whole period is counted from the customers
    const split = query.courseId ? wholePeriod(period) : splitByUtcDays(period);
    const parts = [
      ...(split.wholeDays.length ? [this.fromDailyCounts(split.wholeDays, query, actor)] : []),
      ...(split.rest.length ? [this.fromCustomers(split.rest, period, query, actor)] : []),
    ].map((part) => part.getQueryAndParameters());
    const rows = (
      (await this.dataSource.query(
        'SELECT u.source AS source, u.consultantId AS consultantId, s.name AS consultantName, ' +
          'u.monthBucket AS monthBucket, SUM(u.newCustomers) AS newCustomers, SUM(u.followedUp) AS followedUp, ' +
          `SUM(u.enrolled) AS enrolled FROM (${parts.map(([sql]) => sql).join(' UNION ALL ')}) u ` +
          'INNER JOIN staff s ON s.id = u.consultantId GROUP BY u.source, u.consultantId, s.name, u.monthBucket ' +
          // daily counts a write emptied (a customer moved or deleted) stay as zero rows
          'HAVING SUM(u.newCustomers) > 0',
        parts.flatMap(([, parameters]) => parameters),
      )) as Record<string, unknown>[]
    ).map((raw): Row => ({
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

  /** The daily counts of `days`, grouped by source, consultant and school month. */
  private fromDailyCounts(days: WholeDays[], query: FunnelReportQuery, actor: Actor) {
    const params: Record<string, string> = {};
    const ranges = days.map(({ from, to }, i) => {
      Object.assign(params, { [`dayFrom${i}`]: from, [`dayTo${i}`]: to });
      return `(fd.day >= :dayFrom${i} AND fd.day < :dayTo${i})`;
    });
    const whens = days.slice(0, -1).map(({ month }, i) => `WHEN fd.day < :dayTo${i} THEN '${month}'`);
    const last = `'${days[days.length - 1].month}'`;
    const qb = this.dataSource
      .getRepository(CustomerFunnelDay)
      .createQueryBuilder('fd')
      .select('fd.source', 'source')
      .addSelect('fd.consultantId', 'consultantId')
      .addSelect(whens.length ? `(CASE ${whens.join(' ')} ELSE ${last} END)` : last, 'monthBucket')
      .addSelect('SUM(fd.newCustomers)', 'newCustomers')
      .addSelect('SUM(fd.followedUp)', 'followedUp')
      .addSelect('SUM(fd.enrolled)', 'enrolled')
      .where(`(${ranges.join(' OR ')})`, params)
      .groupBy('fd.source')
      .addGroupBy('fd.consultantId')
      .addGroupBy('monthBucket');
    if (query.consultantId) qb.andWhere('fd.consultantId = :consultantId', { consultantId: query.consultantId });
    return scopeToActor(qb, actor, 'fd');
  }

  /** The live customers created in `ranges` (instants, end excluded), grouped as the daily counts. */
  private fromCustomers(ranges: UtcDaySplit['rest'], period: ReportPeriod, query: FunnelReportQuery, actor: Actor) {
    const month = monthBucketSql('c.createdAt', period.months);
    const params: Record<string, Date> = {};
    const created = ranges.map(({ start, end, endIncluded }, i) => {
      Object.assign(params, { [`createdFrom${i}`]: start, [`createdTo${i}`]: end });
      return `(c.createdAt >= :createdFrom${i} AND c.createdAt ${endIncluded ? '<=' : '<'} :createdTo${i})`;
    });
    const qb = this.dataSource
      .getRepository(Customer)
      .createQueryBuilder('c')
      .select('c.source', 'source')
      .addSelect('c.consultantId', 'consultantId')
      .addSelect(month.sql, 'monthBucket')
      .addSelect('COUNT(*)', 'newCustomers')
      .addSelect(`SUM(CASE WHEN ${FOLLOWED_UP} THEN 1 ELSE 0 END)`, 'followedUp')
      .addSelect(`SUM(CASE WHEN ${ENROLLED} THEN 1 ELSE 0 END)`, 'enrolled')
      .setParameters(month.params)
      .where(`(${created.join(' OR ')})`, params)
      .groupBy('c.source')
      .addGroupBy('c.consultantId')
      .addGroupBy('monthBucket');
    if (query.consultantId) qb.andWhere('c.consultantId = :consultantId', { consultantId: query.consultantId });
    if (query.courseId) qb.andWhere('c.consultCourseId = :courseId', { courseId: query.courseId });
    return scopeToActor(qb, actor, 'c');
  }
}
