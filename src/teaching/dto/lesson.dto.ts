import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ListQuery, OptionalId } from '../../common/list/list-query.js';
import { IsDateOnly } from '../../common/time/school-time.js';
import { NamedRefDto } from './ref.dto.js';

export class CreateLessonDto {
  /** Lesson number within the class, from 1; unique per class. Defaults to the next number. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9999)
  dayNum?: number;

  /** Who teaches it: one of the class's teachers. Defaults to you when you teach the class. */
  @IsOptional()
  @IsInt()
  @Min(1)
  teacherId?: number;

  /** Default true (the seed's default). */
  @IsOptional()
  @IsBoolean()
  hasHomework?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  homeworkTitle?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  homeworkContent?: string | null;

  /** What the lesson covered. */
  @IsString()
  @MaxLength(10_000)
  outline: string;

  /** 'YYYY-MM-DD' */
  @IsDateOnly()
  date: string;
}

export class UpdateLessonDto extends PartialType(CreateLessonDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class LessonListQuery extends ListQuery {
  /** Only lessons this staff member taught. */
  @OptionalId()
  teacherId?: number;
}

/** A lesson held for a class (the seed's CourseRecord). */
export class LessonDto {
  id: number;
  classId: number;
  dayNum: number;
  @ApiProperty({ type: () => NamedRefDto })
  @Type(() => NamedRefDto)
  teacher: NamedRefDto;
  hasHomework: boolean;
  homeworkTitle: string | null;
  homeworkContent: string | null;
  outline: string;
  /** 'YYYY-MM-DD' */
  date: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export class CreatedLessonDto extends LessonDto {
  /** Study records created with the lesson: one per student whose enrollment is agreed or approved. */
  studyRecordsCreated: number;
}
