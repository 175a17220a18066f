import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { onOneConnection } from '../common/database/one-connection.js';
import type { Actor } from '../common/auth/actor.js';
import { codeLabel } from '../common/codes/code-table.js';
import { FollowUpIntention } from '../common/codes/codes.js';
import { DAY_MS, startOfToday } from '../common/time/school-time.js';
import { AppConfig } from '../config/app-config.js';
import { scopeToActor } from '../customers/customer-scope.js';
import { Customer } from '../customers/entities/customer.entity.js';
import { FollowUp } from '../sales/entities/follow-up.entity.js';
import type { FollowUpFiguresDto, FollowUpReportDto } from './dto/follow-up-report.dto.js';
import type { FollowUpReportQuery } from './dto/report-query.dto.js';
import { inPeriod, resolvePeriod } from './report-period.js';
import { num, rate, sumOf } from './report-values.js';

const FIGURES = ['followUps', 'customersFollowedUp', 'overdue', 'dueToday', 'dueNext7Days'] as const;
type Figures = Record<(typeof FIGURES)[number], number>;

/**
 * Follow-up work: the intention distribution of the customers followed up in the period (their latest
 * follow-up's intention, kept on the customer), follow-ups recorded, and — as of now — due and overdue
 * follow-ups per consultant. Everything is counted by the customer's consultant, for live customers.
 * Three GROUP BY queries: customers by consultant and latest intention (last_follow_up_at index), follow-ups by
 * consultant (follow-up created_at index), due customers by consultant ((consultant_id, follow_up_due_at) index).
 */
@Injectable()
export class FollowUpReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async report(query: FollowUpReportQuery, actor: Actor, now = new Date()): Promise<FollowUpReportDto> {
    const period = resolvePeriod(query, this.config.reportTimezone, now);
    const limit = <T extends Customer | FollowUp>(qb: SelectQueryBuilder<T>) => {
      if (query.consultantId) qb.andWhere('c.consultantId = :consultantId', { consultantId: query.consultantId });
      return scopeToActor(qb, actor, 'c');
    };
    const customers = () =>
      this.dataSource
        .getRepository(Customer)
        .createQueryBuilder('c')
        .innerJoin('c.consultant', 's')
        .select('c.consultantId', 'consultantId')
        .addSelect('s.name', 'consultantName')
        .groupBy('c.consultantId')
        .addGroupBy('s.name');

    const intentionsQuery = customers()
      .addSelect('c.latestIntention', 'intention')
      .addSelect('COUNT(*)', 'customers')
      .andWhere('c.latestIntention IS NOT NULL')
      .addGroupBy('c.latestIntention');
    inPeriod(intentionsQuery, 'c.lastFollowUpAt', period);

    const followUpsQuery = this.dataSource
      .getRepository(FollowUp)
      .createQueryBuilder('f')
      .innerJoin('f.customer', 'c')
      .innerJoin('c.consultant', 's')
      .select('c.consultantId', 'consultantId')
      .addSelect('s.name', 'consultantName')
      .addSelect('COUNT(*)', 'followUps')
      .groupBy('c.consultantId')
      .addGroupBy('s.name');
    inPeriod(followUpsQuery, 'f.createdAt', period);

    const todayStart = startOfToday(period.timeZone, now);
    const bounds = {
      dueTodayStart: todayStart,
      dueTomorrowStart: new Date(todayStart.getTime() + DAY_MS),
      dueWeekEnd: new Date(todayStart.getTime() + 8 * DAY_MS),
    };
    const dueQuery = customers()
      .addSelect('SUM(CASE WHEN c.followUpDueAt < :dueTodayStart THEN 1 ELSE 0 END)', 'overdue')
      .addSelect(
        'SUM(CASE WHEN c.followUpDueAt >= :dueTodayStart AND c.followUpDueAt < :dueTomorrowStart THEN 1 ELSE 0 END)',
        'dueToday',
      )
      .addSelect('SUM(CASE WHEN c.followUpDueAt >= :dueTomorrowStart THEN 1 ELSE 0 END)', 'dueNext7Days')
      .andWhere('c.followUpDueAt < :dueWeekEnd')
      .setParameters(bounds);

    const [intentionRows, followUpRows, dueRows] = await onOneConnection(this.dataSource, (runner) =>
      Promise.all([
        limit(intentionsQuery).setQueryRunner(runner).getRawMany<Record<string, unknown>>(),
        limit(followUpsQuery).setQueryRunner(runner).getRawMany<Record<string, unknown>>(),
        limit(dueQuery).setQueryRunner(runner).getRawMany<Record<string, unknown>>(),
      ]),
    );

    const consultants = new Map<number, { name: string; figures: Figures }>();
    const add = (raw: Record<string, unknown>, values: Partial<Figures>) => {
      const id = num(raw.consultantId);
      let entry = consultants.get(id);
      if (!entry) {
        entry = { name: String(raw.consultantName), figures: sumOf([], FIGURES) };
        consultants.set(id, entry);
      }
      for (const [key, value] of Object.entries(values) as [keyof Figures, number][]) entry.figures[key] += value;
    };
    const byIntention = new Map<number, number>();
    for (const raw of intentionRows) {
      const count = num(raw.customers);
      byIntention.set(num(raw.intention), (byIntention.get(num(raw.intention)) ?? 0) + count);
      add(raw, { customersFollowedUp: count });
    }
    for (const raw of followUpRows) add(raw, { followUps: num(raw.followUps) });
    for (const raw of dueRows) {
      add(raw, { overdue: num(raw.overdue), dueToday: num(raw.dueToday), dueNext7Days: num(raw.dueNext7Days) });
    }

    const rows = [...consultants.entries()].sort(([a], [b]) => a - b);
    const totals: FollowUpFiguresDto = sumOf(
      rows.map(([, entry]) => entry.figures),
      FIGURES,
    );
    return {
      period: { from: period.from, to: period.to, timeZone: period.timeZone },
      asOf: now,
      totals,
      intentions: FollowUpIntention.values.map((code) => ({
        intention: codeLabel(FollowUpIntention, code),
        customers: byIntention.get(code) ?? 0,
        share: rate(byIntention.get(code) ?? 0, totals.customersFollowedUp),
      })),
      byConsultant: rows.map(([id, entry]) => ({ consultant: { id, name: entry.name }, ...entry.figures })),
    };
  }
}
