import { CodeLabelDto, ReportPeriodDto } from './report-common.dto.js';

/**
 * What a channel (customer source) cost and brought. Money is integer fen (1/100 CNY). Period attribution:
 * spend by the month it is recorded for (a month the period touches counts whole); new leads by the customer's
 * creation time; enrolled customers by when their enrollment's contract was approved (the enrollment still
 * approved); revenue by when the money changed hands (paidAt), payments net of refunds.
 */
export class ChannelFiguresDto {
  /** Money spent on the channel (channel spend records). */
  spend: number;
  /** Customers of the channel created in the period (not deleted). */
  newLeads: number;
  /**
   * Customers of the channel (whenever they came) with an enrollment approved in the period and still approved;
   * each counted once however many enrollments.
   */
  enrolled: number;
  /** Payments minus refunds from customers of the channel, paid in the period (deleted customers' included). */
  revenue: number;
  /** revenue − spend: positive when the channel pays for itself. */
  net: number;
  /** spend / newLeads in whole fen; null without leads. */
  costPerLead: number | null;
  /** spend / enrolled in whole fen; null without enrolled customers. */
  costPerEnrolled: number | null;
  /** revenue / spend, 4 decimals (1.5 = every yuan spent brought 1.5 back); null without spend. */
  returnOnSpend: number | null;
}

export class ChannelBySourceDto extends ChannelFiguresDto {
  source: CodeLabelDto;
}

export class ChannelByMonthDto extends ChannelFiguresDto {
  /** 'YYYY-MM' in the school's time zone. */
  month: string;
}

export class ChannelBySourceMonthDto extends ChannelFiguresDto {
  source: CodeLabelDto;
  month: string;
}

export class ChannelReportDto {
  period: ReportPeriodDto;
  totals: ChannelFiguresDto;
  /** Every source of the customerSource table, in code order (zeros included). */
  bySource: ChannelBySourceDto[];
  /** Every month of the period, in order (zeros included). */
  byMonth: ChannelByMonthDto[];
  /** Each source and month with any spend, lead, enrollment or revenue; by month, then source code. */
  bySourceMonth: ChannelBySourceMonthDto[];
}
