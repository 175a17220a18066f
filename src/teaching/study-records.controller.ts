import { Body, Controller, Get, Param, ParseIntPipe, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { ApiPage } from '../common/list/api-page.js';
import { ListQuery } from '../common/list/list-query.js';
import type { Page } from '../common/list/paginate.js';
import { ArrayBodyPipe } from './array-body.pipe.js';
import { RecordStudyDto, StudyHistoryEntryDto, StudyRecordDto, StudyRecordListQuery } from './dto/study-record.dto.js';
import { StudyRecordsService } from './study-records.service.js';

/** At most this many students in one PUT of a lesson's sheet. */
const MAX_SHEET = 500;

@ApiTags('study records')
@Controller()
export class StudyRecordsController {
  constructor(private readonly studyRecords: StudyRecordsService) {}

  @RequirePermission('teaching.read', "A lesson's study records, with each student's name (q: name prefix)")
  @Get('lessons/:id/study-records')
  @ApiPage(StudyRecordDto)
  list(
    @Param('id', ParseIntPipe) lessonId: number,
    @Query() query: StudyRecordListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<StudyRecordDto>> {
    return this.studyRecords.listForLesson(lessonId, query, actor);
  }

  @RequirePermission(
    'lessons.write',
    "Record a lesson's attendance and scores in one go: all items are written, or none (422 names an enrollment without a record)",
  )
  @Put('lessons/:id/study-records')
  @ApiBody({ type: [RecordStudyDto] })
  @ApiOkResponse({ type: [StudyRecordDto] })
  record(
    @Param('id', ParseIntPipe) lessonId: number,
    @Body(new ArrayBodyPipe(RecordStudyDto, MAX_SHEET)) items: RecordStudyDto[],
    @CurrentActor() actor: Actor,
  ): Promise<StudyRecordDto[]> {
    return this.studyRecords.record(lessonId, items, actor);
  }

  @RequirePermission('teaching.read', "A student's study history across the lessons of their class")
  @Get('enrollments/:id/study-records')
  @ApiPage(StudyHistoryEntryDto)
  history(
    @Param('id', ParseIntPipe) enrollmentId: number,
    @Query() query: ListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<StudyHistoryEntryDto>> {
    return this.studyRecords.history(enrollmentId, query, actor);
  }
}
