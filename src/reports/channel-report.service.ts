import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { codeLabel } from '../common/codes/code-table.js';
import { CustomerSource, EnrollmentStatus, PaymentType } from '../common/codes/codes.js';
import { monthBucketSql } from '../common/time/month-buckets.js';
import { AppConfig } from '../config/app-config.js';
import { scopeToActor } from '../customers/customer-scope.js';
import { Customer } from '../customers/entities/customer.entity.js';
import { Enrollment } from '../enrollment/entities/enrollment.entity.js';
import { ChannelSpend } from '../market/entities/channel-spend.entity.js';
import { Payment } from '../sales/entities/payment.entity.js';
import type { ChannelFiguresDto, ChannelReportDto } from './dto/channel-report.dto.js';
import type { ChannelReportQuery } from './dto/report-query.dto.js';
import { inPeriod, resolvePeriod, type ReportPeriod } from './report-period.js';
import { num } from './report-values.js';

const REFUND = Number(PaymentType.code.refund);
const APPROVED = Number(EnrollmentStatus.code.approved);
const ADDITIVE = ['spend', 'newLeads', 'enrolled', 'revenue'] as const;
type Counts = Record<(typeof ADDITIVE)[number], number>;

const zero = (): Counts => ({ spend: 0, newLeads: 0, enrolled: 0, revenue: 0 });

const perUnit = (money: number, count: number) => (count > 0 ? Math.round(money / count) : null);

function figures(counts: Counts): ChannelFiguresDto {
  const { spend, newLeads, enrolled, revenue } = counts;
  return {
    spend,
    newLeads,
    enrolled,
    revenue,
    net: revenue - spend,
    costPerLead: perUnit(spend, newLeads),
    costPerEnrolled: perUnit(spend, enrolled),
    returnOnSpend: spend > 0 ? Math.round((revenue / spend) * 10_000) / 10_000 : null,
  };
}

/** Adds `value` to the counts of `key` in `map`. */
function add(map: Map<string, Counts>, key: string, field: keyof Counts, value: number): void {
  const counts = map.get(key) ?? zero();
  counts[field] += value;
  map.set(key, counts);
}

/**
 * Channels: what each customer source cost (channel spend) set against what it brought — new leads, enrolled
 * customers and revenue — per source and school month (see ChannelFiguresDto for the period attribution).
 * Four GROUP BY queries (spend, leads, enrollments, payments), each by source and month, plus one for the
 * enrolled customers per source over the whole period (a customer enrolled in two months counts once there).
 * Leads, enrollments and revenue follow the reader's record scope; spend is the school's, unscoped.
 */
@Injectable()
export class ChannelReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async report(query: ChannelReportQuery, actor: Actor): Promise<ChannelReportDto> {
    const period = resolvePeriod(query, this.config.reportTimezone);
    const [spend, leads, enrolled, revenue, enrolledPerSource] = await Promise.all([
      this.spend(query, period),
      this.leads(query, period, actor),
      this.enrolled(query, period, actor, true),
      this.revenue(query, period, actor),
      this.enrolled(query, period, actor, false),
    ]);
    const cells = new Map<string, Counts>(); // `${month} ${source}`
    for (const [field, rows] of [
      ['spend', spend],
      ['newLeads', leads],
      ['enrolled', enrolled],
      ['revenue', revenue],
    ] as const) {
      for (const row of rows) add(cells, `${String(row.monthBucket)} ${num(row.source)}`, field, num(row.value));
    }
    const bySource = new Map<number, Counts>();
    const byMonth = new Map<string, Counts>();
    for (const [key, counts] of cells) {
      const [month, source] = key.split(' ');
      for (const field of ADDITIVE) {
        if (field === 'enrolled') continue; // distinct per source over the period: see enrolledPerSource
        add(byMonth, month, field, counts[field]);
        const own = bySource.get(Number(source)) ?? zero();
        own[field] += counts[field];
        bySource.set(Number(source), own);
      }
      add(byMonth, month, 'enrolled', counts.enrolled);
    }
    for (const row of enrolledPerSource) {
      const own = bySource.get(num(row.source)) ?? zero();
      own.enrolled = num(row.value);
      bySource.set(num(row.source), own);
    }
    const sources = query.source === undefined ? CustomerSource.values : [query.source];
    const totals = zero();
    for (const counts of bySource.values()) for (const field of ADDITIVE) totals[field] += counts[field];
    const months = period.months.map(({ month }) => month);
    return {
      period: { from: period.from, to: period.to, timeZone: period.timeZone },
      totals: figures(totals),
      bySource: sources.map((code) => ({
        source: codeLabel(CustomerSource, code),
        ...figures(bySource.get(code) ?? zero()),
      })),
      byMonth: months.map((month) => ({ month, ...figures(byMonth.get(month) ?? zero()) })),
      bySourceMonth: months.flatMap((month) =>
        CustomerSource.values
          .filter((code) => cells.has(`${month} ${code}`))
          .map((code) => ({
            source: codeLabel(CustomerSource, code),
            month,
            ...figures(cells.get(`${month} ${code}`)!),
          })),
      ),
    };
  }

  /** Spend per source and month of the period (its months as 'YYYY-MM' text: a touched month counts whole). */
  private spend(query: ChannelReportQuery, period: ReportPeriod): Promise<Record<string, unknown>[]> {
    const qb = this.dataSource
      .getRepository(ChannelSpend)
      .createQueryBuilder('cs')
      .select('cs.source', 'source')
      .addSelect('cs.month', 'monthBucket')
      .addSelect('SUM(cs.amount)', 'value')
      .where('cs.month >= :firstMonth AND cs.month <= :lastMonth', {
        firstMonth: period.months[0].month,
        lastMonth: period.months[period.months.length - 1].month,
      })
      .groupBy('cs.source')
      .addGroupBy('cs.month');
    if (query.source !== undefined) qb.andWhere('cs.source = :source', { source: query.source });
    return qb.getRawMany();
  }

  /** Live customers created in the period, per source and month. */
  private leads(query: ChannelReportQuery, period: ReportPeriod, actor: Actor): Promise<Record<string, unknown>[]> {
    const qb = this.dataSource
      .getRepository(Customer)
      .createQueryBuilder('c')
      .select('c.source', 'source')
      .addSelect('COUNT(*)', 'value');
    this.byMonth(qb, 'c.createdAt', period).groupBy('c.source').addGroupBy('monthBucket');
    return this.scoped(qb, query, actor).getRawMany();
  }

  /**
   * Distinct live customers with an enrollment approved in the period and still approved, per source and month
   * (`perMonth`) or per source over the whole period.
   */
  private enrolled(
    query: ChannelReportQuery,
    period: ReportPeriod,
    actor: Actor,
    perMonth: boolean,
  ): Promise<Record<string, unknown>[]> {
    const qb = this.dataSource
      .getRepository(Enrollment)
      .createQueryBuilder('e')
      .innerJoin(Customer, 'c', 'c.id = e.customerId AND c.deletedAt IS NULL')
      .select('c.source', 'source')
      .addSelect('COUNT(DISTINCT e.customerId)', 'value')
      .where('e.status = :approved', { approved: APPROVED })
      .groupBy('c.source');
    if (perMonth) this.byMonth(qb, 'e.contractApprovedAt', period).addGroupBy('monthBucket');
    else inPeriod(qb, 'e.contractApprovedAt', period);
    return this.scoped(qb, query, actor).getRawMany();
  }

  /** Payments minus refunds paid in the period, per source of the paying customer and month. */
  private revenue(query: ChannelReportQuery, period: ReportPeriod, actor: Actor): Promise<Record<string, unknown>[]> {
    const qb = this.dataSource
      .getRepository(Payment)
      .createQueryBuilder('p')
      .withDeleted() // payments of deleted customers stay counted, as in the sales report
      .innerJoin('p.customer', 'c')
      .select('c.source', 'source')
      .addSelect(`SUM(CASE WHEN p.type = ${REFUND} THEN -p.amount ELSE p.amount END)`, 'value');
    this.byMonth(qb, 'p.paidAt', period).groupBy('c.source').addGroupBy('monthBucket');
    return this.scoped(qb, query, actor).getRawMany();
  }

  /** Limits `column` to the period and selects its school month as `monthBucket`. */
  private byMonth<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string, period: ReportPeriod) {
    const month = monthBucketSql(column, period.months);
    inPeriod(qb, column, period);
    return qb.addSelect(month.sql, 'monthBucket').setParameters(month.params);
  }

  /** The source filter and the reader's record scope, on the customer `c`. */
  private scoped<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: ChannelReportQuery, actor: Actor) {
    if (query.source !== undefined) qb.andWhere('c.source = :source', { source: query.source });
    return scopeToActor(qb, actor, 'c');
  }
}
