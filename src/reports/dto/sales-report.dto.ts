import { ReportPeriodDto, ReportRefDto } from './report-common.dto.js';

/** Money is integer fen (1/100 CNY). */
export class SalesFiguresDto {
  /** Sum of payments. */
  paid: number;
  /** Sum of refunds. */
  refunded: number;
  /** paid − refunded */
  net: number;
  /** Number of payments. */
  payments: number;
  /** Number of refunds. */
  refunds: number;
  /** Enrollments with a payment or refund among these. */
  enrollments: number;
  /** Net of the payments and refunds made for an enrollment / enrollments, in whole fen; null when none. */
  averagePerEnrollment: number | null;
}

export class SalesByMonthDto extends SalesFiguresDto {
  /** 'YYYY-MM' in the school's time zone (by when the money changed hands). */
  month: string;
}

export class SalesByConsultantDto extends SalesFiguresDto {
  /** The consultant credited with the payment. */
  consultant: ReportRefDto;
}

export class SalesByCourseDto extends SalesFiguresDto {
  course: ReportRefDto;
}

export class SalesByCampusDto extends SalesFiguresDto {
  /** The campus of the enrollment's class; null for payments without an enrollment. */
  campus: ReportRefDto | null;
}

export class SalesReportDto {
  period: ReportPeriodDto;
  totals: SalesFiguresDto;
  /** Every month of the period, in order (zeros included). */
  byMonth: SalesByMonthDto[];
  /** By consultant id. */
  byConsultant: SalesByConsultantDto[];
  /** By course id. */
  byCourse: SalesByCourseDto[];
  /** By campus id; payments without an enrollment last (campus null). */
  byCampus: SalesByCampusDto[];
}
