import { IsDateOrDateTime } from '../../common/time/school-time.js';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import {
  FeedbackChannel,
  FeedbackPriority,
  FeedbackReplyKind,
  FeedbackStatus,
  FeedbackType,
} from '../../common/codes/codes.js';
import { IsCode } from '../../common/codes/is-code.js';
import { ListQuery, OptionalId } from '../../common/list/list-query.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateFeedbackDto {
  /** The customer the feedback comes from (one you can see). */
  @IsInt()
  @Min(1)
  customerId: number;

  /** The customer's enrollment it is about, if any (its class is then filled in). */
  @IsOptional()
  @IsInt()
  @Min(1)
  enrollmentId?: number | null;

  /** The class it is about, if any (must be the enrollment's class when both are given). */
  @IsOptional()
  @IsInt()
  @Min(1)
  classId?: number | null;

  @IsCode(FeedbackType)
  type: number;

  @IsCode(FeedbackChannel)
  channel: number;

  /** Default normal; sets the response and resolution targets. */
  @IsCode(FeedbackPriority, { optional: true })
  priority?: number;

  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  title: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  content: string;
}

export class UpdateFeedbackDto extends PartialType(
  PickType(CreateFeedbackDto, ['title', 'content', 'type', 'channel', 'priority']),
  { skipNullProperties: false }, // null is refused: none of these may be cleared
) {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class AssignFeedbackDto {
  /** An active staff member who may work feedback (feedback.write); null to unassign. */
  @ApiProperty({ type: Number, nullable: true })
  @ValidateIf((_dto, value) => value !== null)
  @IsInt()
  @Min(1)
  assigneeId: number | null;

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class ChangeFeedbackStatusDto {
  /** The new status; the allowed moves are in the ticket's `nextStatuses`. */
  @IsCode(FeedbackStatus)
  status: number;

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;

  /** Required when resolving (status resolved), refused otherwise. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  resolution?: string;
}

export class CreateFeedbackReplyDto {
  /** An internal note (default) or a reply to the customer; the first reply to the customer is the first response. */
  @IsCode(FeedbackReplyKind, { optional: true })
  kind?: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  content: string;
}

export class RecordSatisfactionDto {
  /** 1 (very unhappy) to 5 (very satisfied). */
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string | null;
}

export class FeedbackListQuery extends ListQuery {
  @IsCode(FeedbackStatus, { optional: true })
  status?: number;

  @IsCode(FeedbackType, { optional: true })
  type?: number;

  @IsCode(FeedbackPriority, { optional: true })
  priority?: number;

  /** Only tickets assigned to this staff member. */
  @OptionalId()
  assigneeId?: number;

  /** Only this customer's tickets. */
  @OptionalId()
  customerId?: number;

  @ApiPropertyOptional({
    description:
      'true: only tickets past a due time (first response missing past its due, or unresolved past its resolution due); false: only tickets that are not',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  /** Created on or after: a date (`2026-03-01`, a whole day in the school's time zone) or a date-time. */
  @IsOptional()
  @IsDateOrDateTime()
  createdFrom?: string;

  /** Created on or before: a date (the whole day included) or a date-time. */
  @IsOptional()
  @IsDateOrDateTime()
  createdTo?: string;
}

/** The customer overview's ticket list: the same filters, the customer comes from the path. */
export class CustomerFeedbackQuery extends OmitType(FeedbackListQuery, ['customerId']) {}
