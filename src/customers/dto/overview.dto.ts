import { LessonBalanceDto } from '../../enrollment/dto/enrollment.dto.js';
import {
  EnrollmentStatus,
  FeedbackPriority,
  FeedbackStatus,
  FeedbackType,
  FollowUpIntention,
  PaymentMethod,
  PaymentType,
} from '../../common/codes/codes.js';
import { ContactDto } from './contact.dto.js';
import { ApiCode, CustomerDto } from './customer.dto.js';

export class OverviewFollowUpDto {
  id: number;
  content: string;
  @ApiCode(FollowUpIntention)
  intention: number;
  consultantId: number;
  consultantName: string | null;
  nextFollowUpAt: Date | null;
  createdAt: Date;
}

export class OverviewEnrollmentDto {
  id: number;
  /** Readable number, e.g. E-000042. */
  number: string;
  classId: number;
  /** Campus · course · term n. */
  displayName: string;
  /** 校区 · 课程 · 第n期 */
  displayNameZh: string;
  lessons: LessonBalanceDto;
  courseId: number;
  courseName: string;
  branchName: string;
  semester: number;
  @ApiCode(EnrollmentStatus)
  status: number;
  contractAgreedAt: Date | null;
  contractApprovedAt: Date | null;
  createdAt: Date;
}

export class OverviewPaymentDto {
  id: number;
  number: string;
  @ApiCode(PaymentType)
  type: number;
  @ApiCode(PaymentMethod)
  method: number;
  /** Integer fen (1/100 CNY). */
  amount: number;
  courseId: number;
  courseName: string | null;
  consultantName: string | null;
  paidAt: Date;
}

export class OverviewPaymentsDto {
  /** Sum of payments, in fen. */
  paid: number;
  /** Sum of refunds, in fen. */
  refunded: number;
  /** paid − refunded, in fen. */
  net: number;
  /** The latest payments and refunds (at most 10), newest first. */
  recent: OverviewPaymentDto[];
}

export class OverviewFeedbackDto {
  id: number;
  number: string;
  title: string;
  @ApiCode(FeedbackType)
  type: number;
  @ApiCode(FeedbackPriority)
  priority: number;
  @ApiCode(FeedbackStatus)
  status: number;
  assigneeName: string | null;
  createdAt: Date;
}

/**
 * A customer at a glance. A section the caller has no permission to read (follow-ups: followups.read, enrollments:
 * enrollments.read, payments: payments.read, feedback: feedback.read) is null.
 */
export class CustomerOverviewDto {
  customer: CustomerDto;
  contacts: ContactDto[];
  /** The latest 10 follow-ups, newest first. */
  followUps: OverviewFollowUpDto[] | null;
  enrollments: OverviewEnrollmentDto[] | null;
  payments: OverviewPaymentsDto | null;
  /** Feedback still open or in progress, newest first. */
  openFeedback: OverviewFeedbackDto[] | null;
}
