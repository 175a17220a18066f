import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { Attendance, Score } from '../../common/codes/codes.js';
import { IsCode } from '../../common/codes/is-code.js';
import { ListQuery } from '../../common/list/list-query.js';

/** One student's record at the lesson, an item of `PUT /lessons/{id}/study-records`. */
export class RecordStudyDto {
  /** The student's enrollment; it must have a study record for this lesson. */
  @IsInt()
  @Min(1)
  enrollmentId: number;

  @IsCode(Attendance)
  attendance: number;

  @IsCode(Score)
  score: number;

  /** Teacher's note; omitted or null clears it. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  memo?: string | null;

  /** The study record's version you read; when given, a stale one gets 409. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class StudyRecordListQuery extends ListQuery {
  @IsCode(Attendance, { optional: true })
  attendance?: number;
}

export class StudentRefDto {
  enrollmentId: number;
  /** The enrollment's readable number, e.g. E-000012. */
  enrollmentNumber: string;
  customerId: number;
  /** The customer's name (or QQ name when there is none). */
  name: string | null;
}

export class LessonRefDto {
  id: number;
  classId: number;
  dayNum: number;
  /** 'YYYY-MM-DD' */
  date: string;
  hasHomework: boolean;
  homeworkTitle: string | null;
}

class StudyRecordBaseDto {
  id: number;
  lessonId: number;
  enrollmentId: number;
  @IsCode(Attendance)
  attendance: number;
  @IsCode(Score)
  score: number;
  memo: string | null;
  version: number;
  updatedAt: Date;
}

/** A student at a lesson (the seed's StudyRecord), as the lesson's sheet shows it. */
export class StudyRecordDto extends StudyRecordBaseDto {
  @ApiProperty({ type: () => StudentRefDto })
  @Type(() => StudentRefDto)
  student: StudentRefDto;
}

/** A lesson in a student's history. */
export class StudyHistoryEntryDto extends StudyRecordBaseDto {
  @ApiProperty({ type: () => LessonRefDto })
  @Type(() => LessonRefDto)
  lesson: LessonRefDto;
}
