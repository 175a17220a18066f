import { AdminSession } from '../admin/session/admin-session.entity.js';
import { LoginFailure } from '../auth/entities/login-failure.entity.js';
import { Menu } from '../auth/entities/menu.entity.js';
import { RefreshToken } from '../auth/entities/refresh-token.entity.js';
import { Role } from '../auth/entities/role.entity.js';
import { Staff } from '../auth/entities/staff.entity.js';
import { AuditLog } from '../common/audit/audit-log.entity.js';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity.js';
import { Contact } from '../customers/entities/contact.entity.js';
import { CustomerFunnelDay } from '../customers/entities/customer-funnel-day.entity.js';
import { Customer } from '../customers/entities/customer.entity.js';
import { Tag } from '../customers/entities/tag.entity.js';
import { EnrollmentLink } from '../enrollment/entities/enrollment-link.entity.js';
import { Enrollment } from '../enrollment/entities/enrollment.entity.js';
import { FeedbackReply } from '../feedback/entities/feedback-reply.entity.js';
import { Feedback } from '../feedback/entities/feedback.entity.js';
import { ChannelSpend } from '../market/entities/channel-spend.entity.js';
import { Competitor } from '../market/entities/competitor.entity.js';
import { FollowUp } from '../sales/entities/follow-up.entity.js';
import { Payment } from '../sales/entities/payment.entity.js';
import { Branch } from '../teaching/entities/branch.entity.js';
import { Course } from '../teaching/entities/course.entity.js';
import { Lesson } from '../teaching/entities/lesson.entity.js';
import { SchoolClass } from '../teaching/entities/school-class.entity.js';
import { StudyRecord } from '../teaching/entities/study-record.entity.js';

/** Every entity, listed as classes so the app, the typeorm CLI and jest load them the same way. */
export const ENTITIES = [
  Staff,
  Role,
  Menu,
  RefreshToken,
  LoginFailure,
  AuditLog,
  Customer,
  CustomerFunnelDay,
  Contact,
  Tag,
  FollowUp,
  Payment,
  Course,
  Branch,
  SchoolClass,
  Lesson,
  StudyRecord,
  Enrollment,
  EnrollmentLink,
  Feedback,
  FeedbackReply,
  Competitor,
  ChannelSpend,
  AdminSession,
  IdempotencyKey,
];
