import { CodeLabelDto, ReportPeriodDto, ReportRefDto } from './report-common.dto.js';

export class IntentionShareDto {
  intention: CodeLabelDto;
  /** Customers whose latest follow-up, in the period, had this intention. */
  customers: number;
  /** customers / all customers followed up in the period, a fraction with 4 decimals (0 when none). */
  share: number;
}

/** Due follow-ups as of `asOf`, by the customer's stored due time (sales/due-rules.ts). */
export class DueFiguresDto {
  /** Due before today (school time zone): missed. */
  overdue: number;
  /** Due today, earlier or later today. */
  dueToday: number;
  /** Due in the 7 days after today. */
  dueNext7Days: number;
}

export class FollowUpFiguresDto extends DueFiguresDto {
  /** Follow-ups recorded in the period with the consultant's customers. */
  followUps: number;
  /** The consultant's customers whose latest follow-up is in the period. */
  customersFollowedUp: number;
}

export class FollowUpByConsultantDto extends FollowUpFiguresDto {
  /** The customers' consultant. */
  consultant: ReportRefDto;
}

export class FollowUpReportDto {
  period: ReportPeriodDto;
  /** The instant the due figures were counted at. */
  asOf: Date;
  totals: FollowUpFiguresDto;
  /** Every intention of the followUpIntention table, in code order (zeros included). */
  intentions: IntentionShareDto[];
  /** Consultants with any figure, by id. */
  byConsultant: FollowUpByConsultantDto[];
}
