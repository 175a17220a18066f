import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  FeedbackChannel,
  FeedbackPriority,
  FeedbackReplyKind,
  FeedbackStatus,
  FeedbackType,
} from '../../common/codes/codes.js';
import { IsCode } from '../../common/codes/is-code.js';
import { PageMetaDto } from '../../common/list/api-page.js';

export class FeedbackCustomerRefDto {
  id: number;
  /** Readable number, e.g. C-000123. */
  number: string;
  name: string | null;
}

export class FeedbackStaffRefDto {
  id: number;
  name: string;
}

export class FeedbackDto {
  id: number;
  /** Readable number, e.g. F-000042; `q` finds it. */
  number: string;
  @Type(() => FeedbackCustomerRefDto)
  customer: FeedbackCustomerRefDto;
  enrollmentId: number | null;
  classId: number | null;
  @IsCode(FeedbackType)
  type: number;
  @IsCode(FeedbackChannel)
  channel: number;
  @IsCode(FeedbackPriority)
  priority: number;
  @IsCode(FeedbackStatus)
  status: number;
  /** Statuses the ticket may move to next. */
  @ApiProperty({ type: Number, isArray: true })
  nextStatuses: number[];
  title: string;
  content: string;
  @Type(() => FeedbackStaffRefDto)
  assignee: FeedbackStaffRefDto | null;
  @Type(() => FeedbackStaffRefDto)
  createdBy: FeedbackStaffRefDto | null;
  resolution: string | null;
  /** 1–5, recorded after resolution. */
  satisfaction: number | null;
  satisfactionComment: string | null;
  /** The first reply to the customer or the first move to in progress, whichever came first. */
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** createdAt + the first-response hours of the priority (FEEDBACK_RESPONSE_HOURS). */
  firstResponseDueAt: Date;
  /** createdAt + the resolution hours of the priority (FEEDBACK_RESOLUTION_HOURS). */
  resolutionDueAt: Date;
  /** The first response is missing past its due time, or the ticket is unresolved past its resolution due time. */
  overdue: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One timeline entry: a reply or note (`event` null), or an event with who (`author`) and when (`createdAt`). */
export class FeedbackEntryDto {
  id: number;
  @IsCode(FeedbackReplyKind)
  kind: number;
  content: string;
  /** `status`, `assign` or `satisfaction` for events; null for replies and notes. */
  event: string | null;
  /** e.g. `{ from: 'open', to: 'inProgress' }` for a status change, `{ fromId, from, toId, to }` for an assignment. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  details: Record<string, unknown> | null;
  @Type(() => FeedbackStaffRefDto)
  author: FeedbackStaffRefDto;
  createdAt: Date;
}

export class FeedbackDetailDto extends FeedbackDto {
  /** Replies, notes and events, oldest first. */
  @Type(() => FeedbackEntryDto)
  timeline: FeedbackEntryDto[];
}

export class FeedbackPageMetaDto extends PageMetaDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Tickets per status code (every status, zeros included) over the same filters except status',
    example: { 0: 4, 1: 2, 2: 1, 3: 9 },
  })
  countsByStatus: Record<string, number>;
}

export interface FeedbackPage {
  data: FeedbackDto[];
  meta: FeedbackPageMetaDto;
}
