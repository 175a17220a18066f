import { CodeLabelDto, ReportPeriodDto } from './report-common.dto.js';

/** Tickets created in the period. Times are hours from the ticket's creation, 2 decimals. */
export class ServiceFiguresDto {
  tickets: number;
  /** Tickets with a first response. */
  responded: number;
  /** Average hours to the first response of the responded tickets; null when none. */
  averageFirstResponseHours: number | null;
  /** Tickets resolved (resolved or closed, not reopened). */
  resolved: number;
  /** Average hours to resolution of the resolved tickets; null when none. */
  averageResolutionHours: number | null;
  /** Tickets overdue as of `asOf`: a first response or resolution missing past its target (FEEDBACK_*_HOURS). */
  overdue: number;
  /** Tickets with a satisfaction rating. */
  rated: number;
  /** Average satisfaction (1–5) of the rated tickets, 2 decimals; null when none. */
  averageSatisfaction: number | null;
}

export class ServiceByTypeDto extends ServiceFiguresDto {
  type: CodeLabelDto;
}

export class ServiceByStatusDto extends ServiceFiguresDto {
  status: CodeLabelDto;
}

export class ServiceByPriorityDto extends ServiceFiguresDto {
  priority: CodeLabelDto;
}

export class ServiceReportDto {
  period: ReportPeriodDto;
  /** The instant overdue tickets were counted at. */
  asOf: Date;
  totals: ServiceFiguresDto;
  /** Every type of the feedbackType table, in code order (zeros included). */
  byType: ServiceByTypeDto[];
  /** Every status of the feedbackStatus table, in code order (zeros included). */
  byStatus: ServiceByStatusDto[];
  /** Every priority of the feedbackPriority table, in code order (zeros included). */
  byPriority: ServiceByPriorityDto[];
}
