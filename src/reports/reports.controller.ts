import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { EnrollmentReportDto } from './dto/enrollment-report.dto.js';
import { FollowUpReportDto } from './dto/follow-up-report.dto.js';
import { FunnelReportDto } from './dto/funnel-report.dto.js';
import {
  EnrollmentReportQuery,
  FollowUpReportQuery,
  FunnelReportQuery,
  SalesReportQuery,
  ServiceReportQuery,
  TeachingReportQuery,
} from './dto/report-query.dto.js';
import { SalesReportDto } from './dto/sales-report.dto.js';
import { ServiceReportDto } from './dto/service-report.dto.js';
import { TeachingReportDto } from './dto/teaching-report.dto.js';
import { EnrollmentReportService } from './enrollment-report.service.js';
import { FollowUpReportService } from './follow-up-report.service.js';
import { FunnelReportService } from './funnel-report.service.js';
import { SalesReportService } from './sales-report.service.js';
import { ServiceReportService } from './service-report.service.js';
import { TeachingReportService } from './teaching-report.service.js';

/**
 * Read-only reports for managers. Each takes `from`/`to` (default: the last 12 calendar months up to today, in
 * REPORT_TIMEZONE) and its filters, applies the reader's record scope, and labels every code in English and
 * Chinese. Money is integer fen.
 */
@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly funnel: FunnelReportService,
    private readonly followUps: FollowUpReportService,
    private readonly sales: SalesReportService,
    private readonly enrollments: EnrollmentReportService,
    private readonly teaching: TeachingReportService,
    private readonly service: ServiceReportService,
  ) {}

  @RequirePermission(
    'reports.read',
    'Acquisition funnel: new customers → followed up → enrolled, by source, consultant and month',
  )
  @Get('funnel')
  funnelReport(@Query() query: FunnelReportQuery, @CurrentActor() actor: Actor): Promise<FunnelReportDto> {
    return this.funnel.report(query, actor);
  }

  @RequirePermission('reports.read', 'Follow-ups: intention distribution, due and overdue follow-ups per consultant')
  @Get('follow-ups')
  followUpReport(@Query() query: FollowUpReportQuery, @CurrentActor() actor: Actor): Promise<FollowUpReportDto> {
    return this.followUps.report(query, actor);
  }

  @RequirePermission('reports.read', 'Sales: payments and refunds by month, consultant, course and campus')
  @Get('sales')
  salesReport(@Query() query: SalesReportQuery, @CurrentActor() actor: Actor): Promise<SalesReportDto> {
    return this.sales.report(query, actor);
  }

  @RequirePermission('reports.read', 'Enrollments by class, course and state; awaiting approval; lesson-hour balances')
  @Get('enrollments')
  enrollmentReport(@Query() query: EnrollmentReportQuery, @CurrentActor() actor: Actor): Promise<EnrollmentReportDto> {
    return this.enrollments.report(query, actor);
  }

  @RequirePermission(
    'reports.read',
    'Teaching: attendance and scores per class and student; lessons per teacher and month',
  )
  @Get('teaching')
  teachingReport(@Query() query: TeachingReportQuery, @CurrentActor() actor: Actor): Promise<TeachingReportDto> {
    return this.teaching.report(query, actor);
  }

  @RequirePermission('reports.read', 'Service feedback: by type, status and priority; response and resolution times')
  @Get('service')
  serviceReport(@Query() query: ServiceReportQuery, @CurrentActor() actor: Actor): Promise<ServiceReportDto> {
    return this.service.report(query, actor);
  }
}
