import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ClassType } from '../../common/codes/codes.js';
import { IsCode } from '../../common/codes/is-code.js';
import { ListQuery, OptionalId } from '../../common/list/list-query.js';
import { IsDateOnly } from '../../common/time/school-time.js';
import { CLASS_STATES, type ClassState } from '../class-state.js';
import { NamedRefDto } from './ref.dto.js';

export class CreateClassDto {
  /** The campus (the seed's branch). */
  @IsInt()
  @Min(1)
  campusId: number;

  @IsInt()
  @Min(1)
  courseId: number;

  @IsCode(ClassType)
  classType: number;

  /** Term number of this course at this campus (第N期), from 1; unique per campus and course. */
  @IsInt()
  @Min(1)
  @Max(9999)
  semester: number;

  /** Ids of the active staff who teach the class (default none). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  teacherIds?: number[];

  /** First day, 'YYYY-MM-DD'. */
  @IsDateOnly()
  startDate: string;

  /** Last day, 'YYYY-MM-DD', on or after startDate; null while open-ended. */
  @IsOptional()
  @IsDateOnly()
  endDate?: string | null;
}

export class UpdateClassDto extends PartialType(CreateClassDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class ClassListQuery extends ListQuery {
  /** Only classes at this campus. */
  @OptionalId()
  campusId?: number;

  /** Only classes of this course. */
  @OptionalId()
  courseId?: number;

  /** Only classes this staff member teaches. */
  @OptionalId()
  teacherId?: number;

  @IsCode(ClassType, { optional: true })
  classType?: number;

  /** Relative to today in the school's timezone (REPORT_TIMEZONE). */
  @ApiPropertyOptional({ enum: CLASS_STATES })
  @IsOptional()
  @IsIn(CLASS_STATES)
  state?: ClassState;
}

export class ClassDto {
  id: number;
  /** "<campus> · <course> · term <n>" */
  displayName: string;
  /** "<校区> · <课程> · 第<n>期" */
  displayNameZh: string;
  @ApiProperty({ type: () => NamedRefDto })
  @Type(() => NamedRefDto)
  campus: NamedRefDto;
  @ApiProperty({ type: () => NamedRefDto })
  @Type(() => NamedRefDto)
  course: NamedRefDto;
  @IsCode(ClassType)
  classType: number;
  semester: number;
  @ApiProperty({ type: () => [NamedRefDto] })
  @Type(() => NamedRefDto)
  teachers: NamedRefDto[];
  /** 'YYYY-MM-DD' */
  startDate: string;
  /** 'YYYY-MM-DD' */
  endDate: string | null;
  /** Relative to today in the school's timezone. */
  @ApiProperty({ enum: CLASS_STATES })
  state: ClassState;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
