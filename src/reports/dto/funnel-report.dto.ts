import { CodeLabelDto, ReportPeriodDto, ReportRefDto } from './report-common.dto.js';

/** New customers and how far they got. */
export class FunnelFiguresDto {
  /** Customers created in the period (not deleted). */
  newCustomers: number;
  /** Of those, customers with at least one follow-up (at any time up to now). */
  followedUp: number;
  /** Of those, customers enrolled: status enrolled, or an approved enrollment. */
  enrolled: number;
  /** followedUp / newCustomers, a fraction with 4 decimals; 0 when there are no new customers. */
  followUpRate: number;
  /** enrolled / newCustomers, a fraction with 4 decimals; 0 when there are no new customers. */
  conversionRate: number;
}

export class FunnelBySourceDto extends FunnelFiguresDto {
  source: CodeLabelDto;
}

export class FunnelByConsultantDto extends FunnelFiguresDto {
  consultant: ReportRefDto;
}

export class FunnelByMonthDto extends FunnelFiguresDto {
  /** 'YYYY-MM' in the school's time zone (by the customer's creation time). */
  month: string;
}

export class FunnelReportDto {
  period: ReportPeriodDto;
  totals: FunnelFiguresDto;
  /** Every source of the customerSource table, in code order (zeros included). */
  bySource: FunnelBySourceDto[];
  /** Consultants with new customers in the period, by id. */
  byConsultant: FunnelByConsultantDto[];
  /** Every month of the period, in order (zeros included). */
  byMonth: FunnelByMonthDto[];
}
