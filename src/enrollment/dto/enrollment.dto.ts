import { IsDateOrDateTime } from '../../common/time/school-time.js';
import { OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCode } from '../../common/codes/is-code.js';
import { EnrollmentStatus } from '../../common/codes/codes.js';
import { ListQuery, OptionalId } from '../../common/list/list-query.js';
import { NumberFromText } from '../../common/http/number-from-text.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emptyToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

export class CreateEnrollmentDto {
  /** A customer you may see; the enrollment's consultant is you. */
  @IsInt()
  @Min(1)
  customerId: number;

  @IsInt()
  @Min(1)
  classId: number;

  /** Lessons bought; default: the course's lesson count. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9999)
  purchasedLessons?: number;
}

/** A workflow step: the version you read; a stale one gets 409. */
export class EnrollmentStepDto {
  @IsInt()
  @Min(1)
  version: number;
}

export class RejectEnrollmentDto extends EnrollmentStepDto {
  /** Why the contract is rejected (shown to the consultant). */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  reason: string;
}

export class CancelEnrollmentDto extends EnrollmentStepDto {
  @IsOptional()
  @Transform(emptyToNull)
  @IsString()
  @MaxLength(255)
  reason?: string | null;
}

export class EnrollmentListQuery extends ListQuery {
  @OptionalId()
  customerId?: number;

  @OptionalId()
  classId?: number;

  @OptionalId()
  courseId?: number;

  /** The class's campus (branch). */
  @OptionalId()
  campusId?: number;

  @OptionalId()
  consultantId?: number;

  @IsCode(EnrollmentStatus, { optional: true })
  status?: number;

  /** Created on or after: a date (`2026-03-01`, a whole day in the school's time zone) or a date-time. */
  @IsOptional()
  @IsDateOrDateTime()
  createdFrom?: string;

  /** Created on or before: a date (the whole day included) or a date-time. */
  @IsOptional()
  @IsDateOrDateTime()
  createdTo?: string;

  /** Only enrollments with at most this many lessons left (about to run out). */
  @IsOptional()
  @NumberFromText()
  @IsInt()
  @Min(0)
  @Max(9999)
  remainingAtMost?: number;
}

export class CustomerEnrollmentListQuery extends OmitType(EnrollmentListQuery, ['customerId'] as const) {}

export class EnrollmentCustomerRefDto {
  id: number;
  /** Readable number, e.g. C-000123. */
  number: string;
  name: string | null;
}

export class EnrollmentClassRefDto {
  id: number;
  /** Display name: campus · course · term n. */
  displayName: string;
  /** 校区 · 课程 · 第n期 */
  displayNameZh: string;
  courseId: number;
  courseName: string;
  campusId: number;
  campusName: string;
  semester: number;
  /** YYYY-MM-DD */
  startDate: string;
}

export class StaffRefDto {
  id: number;
  name: string;
}

/** The lesson-hour balance. */
export class LessonBalanceDto {
  purchased: number;
  /** Study records whose attendance uses a lesson (present, late, left early; absent does not). */
  used: number;
  /** purchased − used (negative when more were used than bought). */
  remaining: number;
}

export class EnrollmentDto {
  id: number;
  /** Readable number, e.g. E-000042. */
  number: string;
  @IsCode(EnrollmentStatus)
  status: number;
  @Type(() => EnrollmentCustomerRefDto)
  customer: EnrollmentCustomerRefDto;
  @Type(() => EnrollmentClassRefDto)
  class: EnrollmentClassRefDto;
  @Type(() => StaffRefDto)
  consultant: StaffRefDto;
  /** Integer fen, fixed when the enrollment was created. */
  price: number;
  @Type(() => LessonBalanceDto)
  lessons: LessonBalanceDto;
  contractAgreedAt: Date | null;
  contractApprovedAt: Date | null;
  approvedById: number | null;
  rejectReason: string | null;
  cancelReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export class EnrollmentDetailDto extends EnrollmentDto {
  /** The contract as it was when the enrollment was created. */
  contractText: string | null;
}
