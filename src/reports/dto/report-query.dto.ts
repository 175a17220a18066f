import { IsOptional } from 'class-validator';
import { CustomerSource } from '../../common/codes/codes.js';
import { IsCode } from '../../common/codes/is-code.js';
import { OptionalId } from '../../common/list/list-query.js';
import { IsDateOrDateTime } from '../../common/time/school-time.js';

/** The range every report takes; by default the last 12 calendar months up to today (school time zone). */
export class ReportRangeQuery {
  /**
   * From this day (school time zone) or instant. Default: the first day of the month 11 months before the
   * month of `to`. The range may span at most 120 months.
   */
  @IsOptional()
  @IsDateOrDateTime()
  from?: string;

  /** Up to this day (the whole day, school time zone) or instant, inclusive. Default: today. */
  @IsOptional()
  @IsDateOrDateTime()
  to?: string;
}

export class FunnelReportQuery extends ReportRangeQuery {
  /** Only customers of this consultant. */
  @OptionalId()
  consultantId?: number;

  /** Only customers who asked about this course (their consult course). */
  @OptionalId()
  courseId?: number;
}

export class FollowUpReportQuery extends ReportRangeQuery {
  /** Only customers of this consultant. */
  @OptionalId()
  consultantId?: number;
}

export class SalesReportQuery extends ReportRangeQuery {
  /** Only payments for an enrollment in a class at this campus. */
  @OptionalId()
  campusId?: number;

  /** Only payments credited to this consultant. */
  @OptionalId()
  consultantId?: number;

  /** Only payments for this course. */
  @OptionalId()
  courseId?: number;
}

export class EnrollmentReportQuery extends ReportRangeQuery {
  /** Only enrollments in classes at this campus. */
  @OptionalId()
  campusId?: number;

  /** Only enrollments handled by this consultant. */
  @OptionalId()
  consultantId?: number;

  /** Only enrollments in classes of this course. */
  @OptionalId()
  courseId?: number;
}

export class TeachingReportQuery extends ReportRangeQuery {
  /** Only classes at this campus. */
  @OptionalId()
  campusId?: number;

  /** Only classes of this course. */
  @OptionalId()
  courseId?: number;
}

export class ServiceReportQuery extends ReportRangeQuery {
  /** Only tickets about a class at this campus. */
  @OptionalId()
  campusId?: number;

  /** Only tickets of this consultant's customers. */
  @OptionalId()
  consultantId?: number;

  /** Only tickets about a class of this course. */
  @OptionalId()
  courseId?: number;
}

export class ChannelReportQuery extends ReportRangeQuery {
  /** Only this channel (customer source). */
  @IsCode(CustomerSource, { optional: true })
  source?: number;
}

export class CompetitorReportQuery extends ReportRangeQuery {
  /** Only customers lost to this competitor. */
  @OptionalId()
  competitorId?: number;

  /** Only customers who asked about this course (their consult course). */
  @OptionalId()
  courseId?: number;

  /** Only customers of this consultant. */
  @OptionalId()
  consultantId?: number;
}
