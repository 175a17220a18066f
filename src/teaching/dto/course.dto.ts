import { PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { trim } from './ref.dto.js';

export class CreateCourseDto {
  /** Unique course name, e.g. "Python全栈开发". */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name: string;

  /** Price in integer fen (1/100 CNY): 1980000 is ¥19,800.00. */
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  price: number;

  /** Length of the course in months, 1–60. */
  @IsInt()
  @Min(1)
  @Max(60)
  periodMonths: number;

  /** Syllabus. */
  @IsString()
  @MaxLength(10_000)
  outline: string;

  /** Number of lessons the course has (default 0). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  lessonCount?: number;

  /** Contract text, copied into each enrollment when it is created. */
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  contractTemplate?: string | null;
}

export class UpdateCourseDto extends PartialType(CreateCourseDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class CourseDto {
  id: number;
  name: string;
  /** Integer fen (1/100 CNY). */
  price: number;
  periodMonths: number;
  outline: string;
  lessonCount: number;
  contractTemplate: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
