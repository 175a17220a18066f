import { ApiProperty, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PaymentMethod, PaymentType } from '../../common/codes/codes.js';
import { IsCode } from '../../common/codes/is-code.js';
import { PageMetaDto } from '../../common/list/api-page.js';
import { ListQuery, OptionalId } from '../../common/list/list-query.js';
import { IsDateOrDateTime, IsDateTime } from '../../common/time/school-time.js';
import { CustomerRefDto, StaffRefDto } from './common.dto.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** ¥1,000,000.00 */
export const MAX_AMOUNT_FEN = 100_000_000;

export class CreatePaymentDto {
  @IsInt()
  @Min(1)
  customerId: number;

  @IsInt()
  @Min(1)
  courseId: number;

  /** The enrollment paid for; it must be this customer's, in a class of this course. */
  @IsOptional()
  @IsInt()
  @Min(1)
  enrollmentId?: number | null;

  /** Payment (0, default) or refund (1); a refund needs payments.refund. */
  @IsCode(PaymentType, { optional: true })
  type?: number;

  @IsCode(PaymentMethod)
  method: number;

  /** Integer fen (1/100 CNY), 1 to 100,000,000 (¥1,000,000.00). */
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amount: number;

  /** When the money changed hands (default now; not in the future). */
  @IsOptional()
  @IsDateTime()
  paidAt?: string;

  /** The consultant credited (default you); someone else needs customers.assign. */
  @IsOptional()
  @IsInt()
  @Min(1)
  consultantId?: number;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  memo?: string | null;
}

/** Only within 24 hours of recording, and only these fields: money records are corrected with a refund. */
export class UpdatePaymentDto extends PickType(CreatePaymentDto, ['memo']) {
  @IsCode(PaymentMethod, { optional: true })
  method?: number;

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class CustomerPaymentListQuery extends ListQuery {
  @OptionalId()
  courseId?: number;

  /** Only payments credited to this consultant. */
  @OptionalId()
  consultantId?: number;

  @IsCode(PaymentMethod, { optional: true })
  method?: number;

  @IsCode(PaymentType, { optional: true })
  type?: number;

  /** Paid on or after: a date (school time zone) or a date-time. */
  @IsOptional()
  @IsDateOrDateTime()
  paidFrom?: string;

  /** Paid on or before: a date (the whole day, school time zone) or a date-time. */
  @IsOptional()
  @IsDateOrDateTime()
  paidTo?: string;
}

export class PaymentListQuery extends CustomerPaymentListQuery {
  @OptionalId()
  customerId?: number;
}

export class CourseRefDto {
  id: number;
  name: string;
}

export class EnrollmentRefDto {
  id: number;
  /** Readable number, e.g. E-000123. */
  number: string;
}

export class PaymentDto {
  id: number;
  /** Readable number, e.g. P-000123; never changes. */
  number: string;
  customer: CustomerRefDto;
  course: CourseRefDto;
  enrollment: EnrollmentRefDto | null;
  /** Code of table paymentType: 0 payment, 1 refund. */
  type: number;
  /** Code of table paymentMethod. */
  method: number;
  /** Integer fen (1/100 CNY); always positive, `type` says which way the money went. */
  amount: number;
  consultant: StaffRefDto;
  paidAt: Date;
  memo: string | null;
  /** memo and method can be corrected until then (24 hours after recording). */
  editableUntil: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Sums over every row matching the filters (not just the page), in fen. */
export class PaymentTotalsDto {
  paid: number;
  refunded: number;
  /** paid − refunded */
  net: number;
}

export class PaymentPageMetaDto extends PageMetaDto {
  @ApiProperty({ type: PaymentTotalsDto })
  totals: PaymentTotalsDto;
}

export class PaymentPageDto {
  @ApiProperty({ type: [PaymentDto] })
  data: PaymentDto[];

  @ApiProperty({ type: PaymentPageMetaDto })
  meta: PaymentPageMetaDto;
}
