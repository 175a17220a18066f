import { PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { ContactRelation } from '../../common/codes/codes.js';
import { IsCode } from '../../common/codes/is-code.js';
import { ListQuery } from '../../common/list/list-query.js';
import { normalisePhone, normaliseQq, PHONE_PATTERN, trimToNull } from '../normalise.js';
import { ApiCode } from './customer.dto.js';
import { NumberFromText } from '../../common/http/number-from-text.js';

export class CreateContactDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  name: string;

  /** Defaults to other. */
  @IsCode(ContactRelation, { optional: true })
  relation?: number;

  /** Stored without spaces and dashes. */
  @IsOptional()
  @Transform(({ value }) => normalisePhone(value))
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be 3-20 digits, optionally after a +; spaces and dashes are ignored' })
  phone?: string | null;

  @IsOptional()
  @Transform(({ value }) => trimToNull(value))
  @IsString()
  @MaxLength(64)
  wechat?: string | null;

  @IsOptional()
  @Transform(({ value }) => normaliseQq(value))
  @IsString()
  @MaxLength(64)
  qq?: string | null;

  @IsOptional()
  @Transform(({ value }) => trimToNull(value))
  @IsEmail()
  @MaxLength(128)
  email?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(10000)
  memo?: string | null;
}

/** Only the fields sent change; `null` clears an optional field (name and relation cannot be cleared). */
export class UpdateContactDto extends PartialType(CreateContactDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

/** Contacts of every customer the caller may see, or of one. */
export class ContactListQuery extends ListQuery {
  @IsOptional()
  @NumberFromText()
  @IsInt()
  customerId?: number;
}

export class ContactDto {
  id: number;
  customerId: number;
  name: string;
  @ApiCode(ContactRelation)
  relation: number;
  phone: string | null;
  wechat: string | null;
  qq: string | null;
  email: string | null;
  memo: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
