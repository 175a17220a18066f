import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { codeLabel } from '../common/codes/code-table.js';
import { FollowUpIntention, LostReason } from '../common/codes/codes.js';
import { monthBucketSql } from '../common/time/month-buckets.js';
import { AppConfig } from '../config/app-config.js';
import { scopeToActor } from '../customers/customer-scope.js';
import { FollowUp } from '../sales/entities/follow-up.entity.js';
import type { CompetitorReportDto, LossFiguresDto } from './dto/competitor-report.dto.js';
import type { CompetitorReportQuery } from './dto/report-query.dto.js';
import { inPeriod, resolvePeriod } from './report-period.js';
import { groupRows, num } from './report-values.js';

const ENROLLED_ELSEWHERE = Number(FollowUpIntention.code.enrolledElsewhere);

interface Row {
  competitorId: number;
  competitorName: string;
  reason: number | null;
  courseId: number | null;
  courseName: string | null;
  month: string;
  lost: number;
  offered: number;
  offeredSum: number;
}

function figures(rows: readonly Row[]): LossFiguresDto {
  const lost = rows.reduce((sum, row) => sum + row.lost, 0);
  const withOfferedPrice = rows.reduce((sum, row) => sum + row.offered, 0);
  const offeredSum = rows.reduce((sum, row) => sum + row.offeredSum, 0);
  return {
    lost,
    withOfferedPrice,
    averageOfferedPrice: withOfferedPrice > 0 ? Math.round(offeredSum / withOfferedPrice) : null,
  };
}

/** Sorts nulls last, numbers ascending. */
const nullsLast = (a: number | null, b: number | null) => (a ?? Infinity) - (b ?? Infinity);

/**
 * Competitors: the customers lost to each, by reason, by the course they asked about and by month (see
 * CompetitorReportDto for who counts). One GROUP BY query over the latest follow-up of each customer that names
 * a competitor (the customer_follow_up (customer_id, created_at) index finds whether a later one exists), rolled up
 * here; its rows are at most competitors × reasons × courses × months. Follows the reader's record scope.
 */
@Injectable()
export class CompetitorReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async report(query: CompetitorReportQuery, actor: Actor): Promise<CompetitorReportDto> {
    const period = resolvePeriod(query, this.config.reportTimezone);
    const month = monthBucketSql('f.createdAt', period.months);
    const qb = this.dataSource
      .getRepository(FollowUp)
      .createQueryBuilder('f')
      .innerJoin('f.customer', 'c') // live customers only
      .innerJoin('f.competitor', 'k')
      .leftJoin('c.consultCourse', 'co')
      .select('k.id', 'competitorId')
      .addSelect('k.name', 'competitorName')
      .addSelect('f.lostReason', 'reason')
      .addSelect('co.id', 'courseId')
      .addSelect('co.name', 'courseName')
      .addSelect(month.sql, 'monthBucket')
      .addSelect('COUNT(*)', 'lost')
      .addSelect('COUNT(f.offeredPrice)', 'offered')
      .addSelect('SUM(f.offeredPrice)', 'offeredSum')
      .setParameters(month.params)
      .where('f.intention = :enrolledElsewhere', { enrolledElsewhere: ENROLLED_ELSEWHERE })
      // the customer's latest follow-up (by time, then id: the order the follow-up service keeps)
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM customer_follow_up lf WHERE lf.customer_id = f.customer_id AND ' +
          '(lf.created_at > f.created_at OR (lf.created_at = f.created_at AND lf.id > f.id)))',
      )
      .groupBy('k.id')
      .addGroupBy('k.name')
      .addGroupBy('f.lostReason')
      .addGroupBy('co.id')
      .addGroupBy('co.name')
      .addGroupBy('monthBucket');
    inPeriod(qb, 'f.createdAt', period);
    if (query.competitorId) qb.andWhere('f.competitorId = :competitorId', { competitorId: query.competitorId });
    if (query.courseId) qb.andWhere('c.consultCourseId = :courseId', { courseId: query.courseId });
    if (query.consultantId) qb.andWhere('c.consultantId = :consultantId', { consultantId: query.consultantId });
    scopeToActor(qb, actor, 'c');
    const rows = (await qb.getRawMany<Record<string, unknown>>()).map((raw): Row => ({
      competitorId: num(raw.competitorId),
      competitorName: String(raw.competitorName),
      reason: raw.reason === null ? null : num(raw.reason),
      courseId: raw.courseId === null ? null : num(raw.courseId),
      courseName: raw.courseName === null ? null : String(raw.courseName),
      month: String(raw.monthBucket),
      lost: num(raw.lost),
      offered: num(raw.offered),
      offeredSum: num(raw.offeredSum),
    }));
    const competitors = [...groupRows(rows, (row) => row.competitorId).values()]
      .map((group) => ({ competitor: { id: group[0].competitorId, name: group[0].competitorName }, group }))
      .map((entry) => ({ ...entry, figures: figures(entry.group) }))
      .sort((a, b) => b.figures.lost - a.figures.lost || a.competitor.id - b.competitor.id);
    return {
      period: { from: period.from, to: period.to, timeZone: period.timeZone },
      totals: figures(rows),
      byCompetitor: competitors.map(({ competitor, figures }) => ({ competitor, ...figures })),
      byReason: competitors.flatMap(({ competitor, group }) =>
        [...groupRows(group, (row) => row.reason).entries()]
          .sort(([a], [b]) => nullsLast(a, b))
          .map(([reason, reasonRows]) => ({
            competitor,
            reason: reason === null ? null : codeLabel(LostReason, reason),
            ...figures(reasonRows),
          })),
      ),
      byCourse: competitors.flatMap(({ competitor, group }) =>
        [...groupRows(group, (row) => row.courseId).entries()]
          .sort(([a], [b]) => nullsLast(a, b))
          .map(([courseId, courseRows]) => ({
            competitor,
            course: courseId === null ? null : { id: courseId, name: courseRows[0].courseName ?? '' },
            ...figures(courseRows),
          })),
      ),
      byMonth: competitors.flatMap(({ competitor, group }) => {
        const months = groupRows(group, (row) => row.month);
        return period.months.map(({ month }) => ({ competitor, month, ...figures(months.get(month) ?? []) }));
      }),
    };
  }
}
