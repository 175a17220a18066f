import { IsDateOrDateTime } from '../../common/time/school-time.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import type { CodeTable } from '../../common/codes/code-table.js';
import { CustomerSource, CustomerStatus, FollowUpIntention } from '../../common/codes/codes.js';
import { IsCode } from '../../common/codes/is-code.js';
import { ListQuery, OptionalId } from '../../common/list/list-query.js';
import { normalisePhone, normaliseQq, PHONE_PATTERN, QQ_PATTERN, trimToNull } from '../normalise.js';

const PHONE_MESSAGE = 'phone must be 3-20 digits, optionally after a +; spaces and dashes are ignored';
const QQ_MESSAGE = 'qq must be a QQ number: 5-12 digits, not starting with 0';

/** Skips validation only when the field is absent: `null` is refused (the column is NOT NULL). */
export const NotNullWhenGiven = () => ValidateIf((_object, value) => value !== undefined);

/** Comma-separated or repeated ids in a query string (`tagIds=1,2` or `tagIds=1&tagIds=2`) → numbers. */
export const toIdList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : String(value).split(','))
    // spaces only: trim() would also take a BOM or a zero-width space, and `tagIds=%EF%BB%BF` became no filter
    .map((v) => String(v).replace(/^ +| +$/g, ''))
    .filter((v) => v !== '')
    .map((v) => (/^\d+$/.test(v) ? Number(v) : v));

/** Documents a code field of a response (no validation). */
export const ApiCode = (table: CodeTable, nullable = false) =>
  ApiProperty({
    enum: [...table.values],
    type: Number,
    nullable,
    description: `${table.en} (${table.zh}), see GET /api/v1/codes table ${table.name}`,
  });

/** The fields that may be empty (null clears them). */
export class CustomerFieldsDto {
  @IsOptional()
  @Transform(({ value }) => trimToNull(value))
  @IsString()
  @MaxLength(32)
  name?: string | null;

  /** Unique among all customers (deleted ones included). Trimmed. */
  @IsOptional()
  @Transform(({ value }) => normaliseQq(value))
  @IsString()
  @Matches(QQ_PATTERN, { message: QQ_MESSAGE })
  qq?: string | null;

  /** The QQ nickname. */
  @IsOptional()
  @Transform(({ value }) => trimToNull(value))
  @IsString()
  @MaxLength(64)
  qqName?: string | null;

  /** Unique among live customers. Stored without spaces and dashes: `138 0013-8000` → `13800138000`. */
  @IsOptional()
  @Transform(({ value }) => normalisePhone(value))
  @IsString()
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  phone?: string | null;

  /** The referrer's qq (source referral). */
  @IsOptional()
  @Transform(({ value }) => normaliseQq(value))
  @IsString()
  @MaxLength(64)
  referralFrom?: string | null;

  /** Id of the course the customer asked about. */
  @IsOptional()
  @IsInt()
  consultCourseId?: number | null;

  /** Consultation details. */
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  content?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(10000)
  memo?: string | null;
}

export class CreateCustomerDto extends CustomerFieldsDto {
  @IsCode(CustomerSource)
  source: number;

  /** Defaults to not enrolled. */
  @IsCode(CustomerStatus, { optional: true })
  status?: number;

  /** Defaults to you; someone else needs permission customers.assign. Must be an active staff account. */
  @IsOptional()
  @IsInt()
  consultantId?: number;

  /** Ids of the customer's tags. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  tagIds?: number[];
}

/** Only the fields sent change; `null` clears an optional field. */
export class UpdateCustomerDto extends CustomerFieldsDto {
  @IsCode(CustomerSource, { optional: true })
  source?: number;

  @IsCode(CustomerStatus, { optional: true })
  status?: number;

  /** Giving the customer to another consultant needs permission customers.assign. */
  @NotNullWhenGiven()
  @IsInt()
  consultantId?: number;

  /** Replaces the customer's tags (use POST/DELETE …/tags to add or remove one). */
  @NotNullWhenGiven()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  tagIds?: number[];

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class CustomerListQuery extends ListQuery {
  @IsCode(CustomerStatus, { optional: true })
  status?: number;

  @IsCode(CustomerSource, { optional: true })
  source?: number;

  /** Intention of the customer's latest follow-up. */
  @IsCode(FollowUpIntention, { optional: true })
  latestIntention?: number;

  @OptionalId()
  consultantId?: number;

  @OptionalId()
  consultCourseId?: number;

  /** Customers lost to this competitor: their latest follow-up says they enrolled there. */
  @OptionalId()
  lostToCompetitorId?: number;

  @ApiPropertyOptional({
    type: [Number],
    description: 'Customers having any of these tags: `tagIds=1,2` or `tagIds=1&tagIds=2`',
  })
  @IsOptional()
  @Transform(toIdList)
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true, message: 'each tag id must be an integer' })
  tagIds?: number[];

  /** Created on or after: a date (`2026-03-01`, a whole day in the school's time zone) or a date-time. */
  @IsOptional()
  @IsDateOrDateTime()
  createdFrom?: string;

  /** Created on or before: a date (the whole day included) or a date-time. */
  @IsOptional()
  @IsDateOrDateTime()
  createdTo?: string;

  /** `true`: list soft-deleted customers instead (needs permission customers.delete). */
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  deleted?: boolean;
}

export class CustomerTagsDto {
  /** Ids of the tags to add (those the customer has already stay). */
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  tagIds: number[];
}

export class DuplicatesQuery {
  /** Exact qq. */
  @IsOptional()
  @Transform(({ value }) => normaliseQq(value))
  @IsString()
  @MaxLength(64)
  qq?: string;

  /** Exact phone (spaces and dashes ignored). */
  @IsOptional()
  @Transform(({ value }) => normalisePhone(value))
  @IsString()
  @MaxLength(32)
  phone?: string;

  /** Name prefix. */
  @IsOptional()
  @Transform(({ value }) => trimToNull(value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  name?: string;
}

export class RefDto {
  id: number;
  name: string;
}

export class CustomerDto {
  id: number;
  /** Readable number, e.g. C-000123; never changes. */
  number: string;
  name: string | null;
  qq: string | null;
  qqName: string | null;
  phone: string | null;
  @ApiCode(CustomerSource)
  source: number;
  referralFrom: string | null;
  consultCourseId: number | null;
  consultCourse: RefDto | null;
  content: string | null;
  @Type(() => RefDto)
  tags: RefDto[];
  @ApiCode(CustomerStatus)
  status: number;
  consultantId: number;
  /** The consultant's id and name. */
  consultant: RefDto | null;
  memo: string | null;
  /** Intention of the latest follow-up (kept by the follow-up service). */
  @ApiCode(FollowUpIntention, true)
  latestIntention: number | null;
  /** The competitor the latest follow-up says the customer enrolled with (intention 3), or null. */
  lostToCompetitorId: number | null;
  lastFollowUpAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Set when the customer is soft-deleted (only in `GET /customers?deleted=true`). */
  deletedAt: Date | null;
}

/**
 * A live customer matching a duplicate check. For a customer you may not read (another consultant's, and you
 * lack customers.read_all) only `number`, `matchedOn` and `ownedByYou: false` are given, and only for a match
 * on qq or phone (identifiers you already hold): a name-prefix match on someone else's customer is left out,
 * so the check cannot be used to browse their customers by name.
 */
export class DuplicateMatchDto {
  number: string;
  @ApiProperty({ enum: ['qq', 'phone', 'name'], isArray: true })
  matchedOn: ('qq' | 'phone' | 'name')[];
  /** Whether you are its consultant. */
  ownedByYou: boolean;
  /** Present when you may read the customer. */
  id?: number;
  name?: string | null;
  consultantId?: number;
  consultantName?: string | null;
}
