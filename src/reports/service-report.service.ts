import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { codeLabel, type CodeTable } from '../common/codes/code-table.js';
import { FeedbackPriority, FeedbackStatus, FeedbackType } from '../common/codes/codes.js';
import { hoursBetweenSql } from '../common/database/sql-dialect.js';
import { AppConfig } from '../config/app-config.js';
import { overdueSql } from '../feedback/feedback-due.js';
import { ticketQuery } from '../feedback/feedback-queries.js';
import type { ServiceReportQuery } from './dto/report-query.dto.js';
import type { ServiceFiguresDto, ServiceReportDto } from './dto/service-report.dto.js';
import { inPeriod, resolvePeriod } from './report-period.js';
import { average, groupRows, num, sumOf } from './report-values.js';

const SUMS = [
  'tickets',
  'responded',
  'responseHours',
  'resolved',
  'resolutionHours',
  'overdue',
  'rated',
  'satisfactionSum',
] as const;
type Sums = Record<(typeof SUMS)[number], number>;

function figures(rows: readonly Sums[]): ServiceFiguresDto {
  const s = sumOf(rows, SUMS);
  return {
    tickets: s.tickets,
    responded: s.responded,
    averageFirstResponseHours: average(s.responseHours, s.responded),
    resolved: s.resolved,
    averageResolutionHours: average(s.resolutionHours, s.resolved),
    overdue: s.overdue,
    rated: s.rated,
    averageSatisfaction: average(s.satisfactionSum, s.rated),
  };
}

/**
 * Service feedback: tickets created in the period by type, status and priority, with average first-response
 * and resolution times, the overdue count as of now (feedback-due.ts) and average satisfaction. Scope as the
 * ticket list (feedback-scope.ts). One GROUP BY query (type × status × priority, at most 7 × 4 × 4 rows, on the
 * created_at index) with sums and counts, so every view and the totals are exact roll-ups of it.
 */
@Injectable()
export class ServiceReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async report(query: ServiceReportQuery, actor: Actor, now = new Date()): Promise<ServiceReportDto> {
    const period = resolvePeriod(query, this.config.reportTimezone, now);
    const overdue = overdueSql(this.config.feedback, now, 'f');
    const hours = (to: string) => hoursBetweenSql(this.dataSource, 'f.createdAt', to);
    const qb = ticketQuery(this.dataSource.manager, actor, false)
      .leftJoin('f.schoolClass', 'sc')
      .select('f.type', 'type')
      .addSelect('f.status', 'status')
      .addSelect('f.priority', 'priority')
      .addSelect('COUNT(*)', 'tickets')
      .addSelect('SUM(CASE WHEN f.firstResponseAt IS NOT NULL THEN 1 ELSE 0 END)', 'responded')
      .addSelect(`SUM(${hours('f.firstResponseAt')})`, 'responseHours')
      .addSelect('SUM(CASE WHEN f.resolvedAt IS NOT NULL THEN 1 ELSE 0 END)', 'resolved')
      .addSelect(`SUM(${hours('f.resolvedAt')})`, 'resolutionHours')
      .addSelect(`SUM(CASE WHEN ${overdue.sql} THEN 1 ELSE 0 END)`, 'overdue')
      .addSelect('SUM(CASE WHEN f.satisfaction IS NOT NULL THEN 1 ELSE 0 END)', 'rated')
      .addSelect('SUM(f.satisfaction)', 'satisfactionSum')
      .setParameters(overdue.params)
      .groupBy('f.type')
      .addGroupBy('f.status')
      .addGroupBy('f.priority');
    inPeriod(qb, 'f.createdAt', period);
    if (query.campusId) qb.andWhere('sc.branchId = :campusId', { campusId: query.campusId });
    if (query.courseId) qb.andWhere('sc.courseId = :courseId', { courseId: query.courseId });
    if (query.consultantId) qb.andWhere('c.consultantId = :consultantId', { consultantId: query.consultantId });
    const rows = (await qb.getRawMany<Record<string, unknown>>()).map((raw) => ({
      type: num(raw.type),
      status: num(raw.status),
      priority: num(raw.priority),
      sums: Object.fromEntries(SUMS.map((key) => [key, num(raw[key])])) as Sums,
    }));
    const view = <K extends string>(table: CodeTable, key: K, codeOf: (row: (typeof rows)[number]) => number) => {
      const groups = groupRows(rows, codeOf);
      return table.values.map(
        (code) =>
          ({
            [key]: codeLabel(table, code),
            ...figures((groups.get(code) ?? []).map((row) => row.sums)),
          }) as Record<K, ReturnType<typeof codeLabel>> & ServiceFiguresDto,
      );
    };
    return {
      period: { from: period.from, to: period.to, timeZone: period.timeZone },
      asOf: now,
      totals: figures(rows.map((row) => row.sums)),
      byType: view(FeedbackType, 'type', (row) => row.type),
      byStatus: view(FeedbackStatus, 'status', (row) => row.status),
      byPriority: view(FeedbackPriority, 'priority', (row) => row.priority),
    };
  }
}
