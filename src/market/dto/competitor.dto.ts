import { PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Trimmed text; empty becomes null. */
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

/** Prices are integer fen (1/100 CNY), at most ¥10,000,000. */
export const MAX_PRICE_FEN = 1_000_000_000;

export class CompetitorCourseDto {
  /** The course as the competitor sells it, e.g. "Java全栈". */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name: string;

  /** Lowest price seen, integer fen; null when unknown. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_FEN)
  minPrice?: number | null;

  /** Highest price seen, integer fen (not below minPrice); null when unknown. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_FEN)
  maxPrice?: number | null;
}

export class CreateCompetitorDto {
  /** Unique (case-insensitive). */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name: string;

  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(255)
  website?: string | null;

  /** Cities or campuses where it teaches (at most 50). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(64, { each: true })
  cities?: string[];

  /** Courses it sells, with price ranges (at most 100). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true }) // ValidateNested would walk an inner array's (absent) items and pass it
  @ValidateNested({ each: true })
  @Type(() => CompetitorCourseDto)
  courses?: CompetitorCourseDto[];

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  strengths?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  weaknesses?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;
}

/** Only the fields sent change; `null` clears website, strengths, weaknesses and notes. */
export class UpdateCompetitorDto extends PartialType(CreateCompetitorDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class CompetitorCourseViewDto {
  name: string;
  minPrice: number | null;
  maxPrice: number | null;
}

export class StaffRefViewDto {
  id: number;
  name: string;
}

export class CompetitorDto {
  id: number;
  name: string;
  website: string | null;
  cities: string[];
  courses: CompetitorCourseViewDto[];
  strengths: string | null;
  weaknesses: string | null;
  notes: string | null;
  /** Who last created or edited it. */
  updatedBy: StaffRefViewDto;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
