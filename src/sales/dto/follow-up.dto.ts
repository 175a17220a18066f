import { ApiProperty, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { FollowUpIntention, LostReason } from '../../common/codes/codes.js';
import { IsCode } from '../../common/codes/is-code.js';
import { ListQuery, OptionalId } from '../../common/list/list-query.js';
import { IsDateOrDateTime, IsDateTime } from '../../common/time/school-time.js';
import { CompetitorRefDto, CustomerRefDto, StaffRefDto } from './common.dto.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const FOLLOW_UP_CONTENT_MAX = 5000;
/** An offered price is integer fen, at most ¥10,000,000. */
export const MAX_OFFERED_PRICE_FEN = 1_000_000_000;

/**
 * What a customer lost to a competitor: only with intention 3 (enrolledElsewhere); with any other intention
 * these fields are refused (400), and changing a follow-up's intention away from 3 clears them.
 */
export class LostToCompetitorFields {
  /** Id of the competitor the customer enrolled with (GET /api/v1/competitors); null clears it. */
  @IsOptional()
  @IsInt()
  @Min(1)
  competitorId?: number | null;

  @IsCode(LostReason, { optional: true })
  @IsOptional()
  lostReason?: number | null;

  /** The price the competitor offered, integer fen; null clears it. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_OFFERED_PRICE_FEN)
  offeredPrice?: number | null;
}

export class CreateFollowUpDto extends LostToCompetitorFields {
  @IsCode(FollowUpIntention)
  intention: number;

  /** What was said (1–5000 characters). */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(FOLLOW_UP_CONTENT_MAX)
  content: string;

  /** When to follow up next: a date-time with time zone, today (school time zone) or later. */
  @IsOptional()
  @IsDateTime()
  nextFollowUpAt?: string | null;
}

export class UpdateFollowUpDto extends LostToCompetitorFields {
  @IsCode(FollowUpIntention, { optional: true })
  intention?: number;

  /** What was said (1–5000 characters). */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(FOLLOW_UP_CONTENT_MAX)
  content?: string;

  /** When to follow up next (today or later); `null` clears it. */
  @IsOptional()
  @IsDateTime()
  nextFollowUpAt?: string | null;

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class CustomerFollowUpListQuery extends ListQuery {
  @IsCode(FollowUpIntention, { optional: true })
  intention?: number;

  /** Only follow-ups recorded by this staff member. */
  @OptionalId()
  consultantId?: number;

  /** Only follow-ups naming this competitor (customers lost to it). */
  @OptionalId()
  competitorId?: number;

  /** Recorded on or after: a date (school time zone) or a date-time. */
  @IsOptional()
  @IsDateOrDateTime()
  from?: string;

  /** Recorded on or before: a date (the whole day, school time zone) or a date-time. */
  @IsOptional()
  @IsDateOrDateTime()
  to?: string;
}

export class FollowUpListQuery extends CustomerFollowUpListQuery {
  @OptionalId()
  customerId?: number;
}

export class DueListQuery extends PickType(ListQuery, ['page', 'pageSize', 'cursor']) {
  /** Whose customers (default: yours); another consultant's needs customers.read_all. */
  @OptionalId()
  consultantId?: number;
}

export class FollowUpDto {
  id: number;
  customer: CustomerRefDto;
  /** Who recorded it. */
  consultant: StaffRefDto;
  /** Code of table followUpIntention (GET /api/v1/codes). */
  intention: number;
  content: string;
  nextFollowUpAt: Date | null;
  /** Intention 3 only: the competitor the customer enrolled with. */
  competitor: CompetitorRefDto | null;
  /** Intention 3 only: code of table lostReason. */
  lostReason: number | null;
  /** Intention 3 only: the price the competitor offered, integer fen. */
  offeredPrice: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Why a customer is on the due list. */
export const DUE_REASONS = ['withinTwoWeeks', 'withinMonth', 'nextFollowUpAt'] as const;
export type DueReason = (typeof DUE_REASONS)[number];

export class DueFollowUpDto {
  customerId: number;
  /** Readable customer number, e.g. C-000123. */
  number: string;
  name: string | null;
  phone: string | null;
  /** Intention of the latest follow-up (table followUpIntention). */
  latestIntention: number | null;
  lastFollowUpAt: Date | null;
  /** The latest follow-up's planned next contact. */
  nextFollowUpAt: Date | null;
  /** When the follow-up became due: the earliest rule that has passed. */
  dueAt: Date;
  /** Whole days since dueAt. */
  overdueDays: number;
  @ApiProperty({
    enum: DUE_REASONS,
    isArray: true,
    description:
      'The rules that make it due: withinTwoWeeks (> 14 days), withinMonth (> 30 days), nextFollowUpAt (passed)',
  })
  reasons: DueReason[];
}
