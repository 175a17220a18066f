import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { ChannelReportService } from './channel-report.service.js';
import { CompetitorReportService } from './competitor-report.service.js';
import { ChannelReportDto } from './dto/channel-report.dto.js';
import { CompetitorReportDto } from './dto/competitor-report.dto.js';
import { EnrollmentReportDto } from './dto/enrollment-report.dto.js';
import { FollowUpReportDto } from './dto/follow-up-report.dto.js';
import { FunnelReportDto } from './dto/funnel-report.dto.js';
import {
  ChannelReportQuery,
  CompetitorReportQuery,
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
    private readonly channels: ChannelReportService,
    private readonly competitors: CompetitorReportService,
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

  @RequirePermission(
    'reports.read',
    'Channels: spend, new leads, enrolled customers and revenue per customer source and month; cost per lead, ' +
      'cost per enrolled student, return on spend. Spend counts in the month it is recorded for (a month the ' +
      'period touches counts whole); leads by the customer’s creation time; enrolled customers by when an ' +
      'enrollment (still approved) was approved; revenue = payments minus refunds from the channel’s customers, ' +
      'by paidAt. Money is integer fen.',
  )
  @Get('channels')
  channelReport(@Query() query: ChannelReportQuery, @CurrentActor() actor: Actor): Promise<ChannelReportDto> {
    return this.channels.report(query, actor);
  }

  @RequirePermission(
    'reports.read',
    'Competitors: customers lost to each, by reason, by course asked about and by month. A customer counts as ' +
      'lost to a competitor when their latest follow-up has intention 3 (enrolled elsewhere) naming it; they ' +
      'count in the month of that follow-up.',
  )
  @Get('competitors')
  competitorReport(@Query() query: CompetitorReportQuery, @CurrentActor() actor: Actor): Promise<CompetitorReportDto> {
    return this.competitors.report(query, actor);
  }
}
