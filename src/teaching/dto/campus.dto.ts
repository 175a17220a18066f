import { PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, MaxLength, Min } from 'class-validator';
import { trim } from './ref.dto.js';

export class CreateCampusDto {
  /** Unique campus name, e.g. "北京校区". */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  name: string;

  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  address: string;
}

export class UpdateCampusDto extends PartialType(CreateCampusDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

/** A campus (the seed's Branch). */
export class CampusDto {
  id: number;
  name: string;
  address: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
