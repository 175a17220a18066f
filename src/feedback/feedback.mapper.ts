import { readableNumber } from '../common/entities/base.entity.js';
import type { FeedbackTargets } from '../config/feedback-targets.js';
import { CUSTOMER_NUMBER_PREFIX } from '../customers/entities/customer.entity.js';
import type { FeedbackDto, FeedbackEntryDto, FeedbackStaffRefDto } from './dto/feedback-view.dto.js';
import type { FeedbackReply } from './entities/feedback-reply.entity.js';
import type { Feedback } from './entities/feedback.entity.js';
import { dueTimes } from './feedback-due.js';
import { FEEDBACK_WORKFLOW } from './feedback-states.js';

const staffRef = (staff: { id: number; name: string } | null | undefined): FeedbackStaffRefDto | null =>
  staff ? { id: staff.id, name: staff.name } : null;

/** The ticket as the API shows it; `customer`, `assignee` and `createdBy` must be loaded. */
export function toFeedbackDto(f: Feedback, targets: FeedbackTargets, now: Date): FeedbackDto {
  return {
    id: f.id,
    number: f.number,
    customer: {
      id: f.customer.id,
      number: readableNumber(CUSTOMER_NUMBER_PREFIX, f.customer.id),
      name: f.customer.name,
    },
    enrollmentId: f.enrollmentId,
    classId: f.classId,
    type: f.type,
    channel: f.channel,
    priority: f.priority,
    status: f.status,
    nextStatuses: [...FEEDBACK_WORKFLOW.allowedFrom(f.status)],
    title: f.title,
    content: f.content,
    assignee: staffRef(f.assignee),
    createdBy: staffRef(f.createdBy),
    resolution: f.resolution,
    satisfaction: f.satisfaction,
    satisfactionComment: f.satisfactionComment,
    firstResponseAt: f.firstResponseAt,
    resolvedAt: f.resolvedAt,
    closedAt: f.closedAt,
    ...dueTimes(f, targets, now),
    version: f.version,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}

/** A timeline entry; `author` must be loaded. */
export function toFeedbackEntryDto(entry: FeedbackReply): FeedbackEntryDto {
  return {
    id: entry.id,
    kind: entry.kind,
    content: entry.content,
    event: entry.event,
    details: entry.details,
    author: staffRef(entry.author)!,
    createdAt: entry.createdAt,
  };
}
