import { ClassRefDto, CodeLabelDto, ReportCustomerRefDto, ReportPeriodDto, ReportRefDto } from './report-common.dto.js';

export class StateCountDto {
  status: CodeLabelDto;
  enrollments: number;
}

/** Enrollments created in the period: the total and one entry per state of the enrollmentStatus table. */
export class EnrollmentStatesDto {
  enrollments: number;
  /** Every state, in code order (zeros included). */
  states: StateCountDto[];
}

export class EnrollmentsByClassDto extends EnrollmentStatesDto {
  class: ClassRefDto;
}

export class EnrollmentsByCourseDto extends EnrollmentStatesDto {
  course: ReportRefDto;
}

export class EnrollmentHeadDto {
  id: number;
  /** Readable number, e.g. E-000123. */
  number: string;
  customer: ReportCustomerRefDto;
  class: ClassRefDto;
  consultant: ReportRefDto;
}

export class AwaitingApprovalEntryDto extends EnrollmentHeadDto {
  /** When the student agreed to the contract. */
  contractAgreedAt: Date | null;
}

/** Contracts the student agreed to that wait for approval, as of now (not limited to the period). */
export class AwaitingApprovalDto {
  count: number;
  /** The 10 that have waited longest. */
  head: AwaitingApprovalEntryDto[];
}

export class LowBalanceEntryDto extends EnrollmentHeadDto {
  purchased: number;
  used: number;
  remaining: number;
}

/**
 * Lesson hours of the enrollments in class (agreed or approved), as of now (not limited to the period):
 * purchased, used (a study record present, late or left early) and remaining.
 */
export class LessonBalancesDto {
  enrollments: number;
  purchased: number;
  used: number;
  remaining: number;
  /** Enrollments with at most this many lessons remaining are listed in `low`. */
  lowThreshold: number;
  lowCount: number;
  /** Up to 100 of them, fewest remaining first. */
  low: LowBalanceEntryDto[];
}

export class EnrollmentReportDto {
  period: ReportPeriodDto;
  /** The instant awaiting approval and lesson balances were counted at. */
  asOf: Date;
  /** Enrollments created in the period. */
  totals: EnrollmentStatesDto;
  /** By class id. */
  byClass: EnrollmentsByClassDto[];
  /** By course id. */
  byCourse: EnrollmentsByCourseDto[];
  awaitingApproval: AwaitingApprovalDto;
  lessonBalances: LessonBalancesDto;
}
