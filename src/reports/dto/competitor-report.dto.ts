import { CodeLabelDto, ReportPeriodDto, ReportRefDto } from './report-common.dto.js';

/**
 * Customers lost to competitors. A customer counts as lost to a competitor when their latest follow-up has
 * intention 3 (enrolled at another institution) and names it (the rule of the customer list's
 * lostToCompetitorId filter); they count in the month of that follow-up. Deleted customers are left out.
 */
export class LossFiguresDto {
  /** Customers lost. */
  lost: number;
  /** Of those, how many follow-ups recorded the price offered. */
  withOfferedPrice: number;
  /** The average price offered, whole fen; null when none was recorded. */
  averageOfferedPrice: number | null;
}

export class LossByCompetitorDto extends LossFiguresDto {
  competitor: ReportRefDto;
}

export class LossByReasonDto extends LossFiguresDto {
  competitor: ReportRefDto;
  /** Code of table lostReason; null when no reason was given. */
  reason: CodeLabelDto | null;
}

export class LossByCourseDto extends LossFiguresDto {
  competitor: ReportRefDto;
  /** The course the customer asked about; null when none. */
  course: ReportRefDto | null;
}

export class LossByMonthDto extends LossFiguresDto {
  competitor: ReportRefDto;
  /** 'YYYY-MM' in the school's time zone (of the follow-up). */
  month: string;
}

export class CompetitorReportDto {
  period: ReportPeriodDto;
  totals: LossFiguresDto;
  /** Competitors with losses in the period, most losses first (then by id). */
  byCompetitor: LossByCompetitorDto[];
  /** Each competitor (as in byCompetitor) and reason with losses; reasons in code order, none last. */
  byReason: LossByReasonDto[];
  /** Each competitor and course asked about with losses; courses by id, none last. */
  byCourse: LossByCourseDto[];
  /** The trend: each competitor with losses, every month of the period (zeros included). */
  byMonth: LossByMonthDto[];
}
