import { PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CustomerSource } from '../../common/codes/codes.js';
import { IsCode } from '../../common/codes/is-code.js';
import { ListQuery } from '../../common/list/list-query.js';
import { ApiCode } from '../../customers/dto/customer.dto.js';

/** At most ¥10,000,000 in one spend record. */
export const MAX_SPEND_FEN = 1_000_000_000;
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONTH_MESSAGE = '$property must be a month YYYY-MM';

const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

export class CreateChannelSpendDto {
  /** The channel: a customer source code. */
  @IsCode(CustomerSource)
  source: number;

  /** The school month the money was spent in, 'YYYY-MM'. */
  @IsString()
  @Matches(MONTH_PATTERN, { message: MONTH_MESSAGE })
  month: string;

  /** Integer fen (1/100 CNY): 500000 is ¥5,000.00. */
  @IsInt()
  @Min(0)
  @Max(MAX_SPEND_FEN)
  amount: number;

  /** The campaign's name, e.g. "春季百度竞价". */
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(100)
  campaign?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  memo?: string | null;
}

/** Only the fields sent change; `null` clears campaign and memo. */
export class UpdateChannelSpendDto extends PartialType(CreateChannelSpendDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class ChannelSpendListQuery extends ListQuery {
  @IsCode(CustomerSource, { optional: true })
  source?: number;

  /** From this month, 'YYYY-MM' (inclusive). */
  @IsOptional()
  @IsString()
  @Matches(MONTH_PATTERN, { message: MONTH_MESSAGE })
  fromMonth?: string;

  /** Up to this month, 'YYYY-MM' (inclusive). */
  @IsOptional()
  @IsString()
  @Matches(MONTH_PATTERN, { message: MONTH_MESSAGE })
  toMonth?: string;
}

export class ChannelSpendDto {
  id: number;
  @ApiCode(CustomerSource)
  source: number;
  month: string;
  /** Integer fen. */
  amount: number;
  campaign: string | null;
  memo: string | null;
  /** Who last created or edited it. */
  updatedBy: { id: number; name: string };
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
