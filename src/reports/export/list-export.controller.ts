import { Controller, Get, Param, ParseIntPipe, Query, Res, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators.js';
import type { Actor } from '../../common/auth/actor.js';
import { AppConfig } from '../../config/app-config.js';
import {
  EnrollmentExportQuery,
  FeedbackExportQuery,
  FollowUpExportQuery,
  PaymentExportQuery,
  StudyHistoryExportQuery,
  StudyRecordExportQuery,
} from './dto/export-query.dto.js';
import { exportFilename, sendListExport, type FileOptions, type ListExportName } from './list-export-registry.js';
import { streamExport } from './stream-export.js';
import {
  STUDY_RECORD_EXPORT,
  StudyRecordExportService,
  type StudyRecordExportRow,
} from './study-record-export.service.js';

const FILE_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;

/**
 * CSV/XLSX exports of the other lists, each at `<the list's path>/export` with the list's own filters and record
 * scope. Each needs reports.export and the list's own read permission. (ExportModule is registered before the
 * business modules, so `/followups/export` is not taken for a follow-up id.)
 */
@ApiTags('exports')
@Controller()
export class ListExportController {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly studyRecords: StudyRecordExportService,
    private readonly config: AppConfig,
  ) {}

  @RequirePermission('reports.export', "Export follow-ups (the list's filters and scope; needs followups.read too)")
  @ApiProduces(...FILE_TYPES)
  @Get('followups/export')
  async exportFollowUps(@Query() query: FollowUpExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    await this.sendList(res, 'followups', query, actor);
  }

  @RequirePermission(
    'reports.export',
    "Export payments and refunds (the list's filters and scope; needs payments.read too)",
  )
  @ApiProduces(...FILE_TYPES)
  @Get('payments/export')
  async exportPayments(@Query() query: PaymentExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    await this.sendList(res, 'payments', query, actor);
  }

  @RequirePermission('reports.export', "Export enrollments (the list's filters and scope; needs enrollments.read too)")
  @ApiProduces(...FILE_TYPES)
  @Get('enrollments/export')
  async exportEnrollments(@Query() query: EnrollmentExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    await this.sendList(res, 'enrollments', query, actor);
  }

  @RequirePermission(
    'reports.export',
    "Export feedback tickets (the list's filters and scope; needs feedback.read too)",
  )
  @ApiProduces(...FILE_TYPES)
  @Get('feedback/export')
  async exportFeedback(@Query() query: FeedbackExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    await this.sendList(res, 'feedback', query, actor);
  }

  @RequirePermission('reports.export', "Export a lesson's study records (the sheet's filters; needs teaching.read too)")
  @ApiProduces(...FILE_TYPES)
  @Get('lessons/:id/study-records/export')
  async exportLessonStudyRecords(
    @Param('id', ParseIntPipe) lessonId: number,
    @Query() query: StudyRecordExportQuery,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ) {
    await this.sendStudyRecords(res, query, this.studyRecords.forLesson(lessonId, query, actor));
  }

  @RequirePermission('reports.export', "Export a student's study history (needs teaching.read too)")
  @ApiProduces(...FILE_TYPES)
  @Get('enrollments/:id/study-records/export')
  async exportStudyHistory(
    @Param('id', ParseIntPipe) enrollmentId: number,
    @Query() query: StudyHistoryExportQuery,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ) {
    await this.sendStudyRecords(res, query, this.studyRecords.forEnrollment(enrollmentId, query, actor));
  }

  /** A list of the shared registry (the back office's downloads stream the same entries). */
  private sendList(res: Response, name: ListExportName, query: FileOptions, actor: Actor): Promise<void> {
    const services = <T>(type: Type<T>) => this.moduleRef.get(type);
    return sendListExport(res, name, query, actor, services, this.config.reportTimezone);
  }

  private sendStudyRecords(
    res: Response,
    query: FileOptions,
    batches: AsyncIterable<StudyRecordExportRow[]>,
  ): Promise<void> {
    const timeZone = this.config.reportTimezone;
    const filename = exportFilename(STUDY_RECORD_EXPORT, query, timeZone);
    return streamExport(res, query.format, query.lang, STUDY_RECORD_EXPORT.columns, batches, filename, { timeZone });
  }
}
