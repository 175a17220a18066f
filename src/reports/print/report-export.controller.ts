import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators.js';
import type { Actor } from '../../common/auth/actor.js';
import {
  ChannelReportExportQuery,
  CompetitorReportExportQuery,
  EnrollmentReportExportQuery,
  FollowUpReportExportQuery,
  FunnelReportExportQuery,
  SalesReportExportQuery,
  ServiceReportExportQuery,
  TeachingReportExportQuery,
} from './dto/print-query.dto.js';
import { ApiFileResponse } from './api-file-response.js';
import { ReportPrintService } from './report-print.service.js';

const PRODUCES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'];
const FILE = 'The report: CSV (all tables, UTF-8 with BOM), XLSX (a worksheet per table) or PDF';
const WHAT = 'with the JSON report’s filters and record scope, as CSV, XLSX (a sheet per table) or a printable PDF';

/**
 * Every report as a download: the same filters and record scope as `GET /reports/<name>`, plus `format` and
 * `lang`. (Distinct paths from the JSON reports, so the order of the routes does not matter.)
 */
@ApiTags('reports')
@Controller('reports')
export class ReportExportController {
  constructor(private readonly print: ReportPrintService) {}

  @RequirePermission('reports.export', `Export the acquisition funnel ${WHAT}`)
  @ApiFileResponse(FILE, ...PRODUCES)
  @Get('funnel/export')
  funnel(@Query() query: FunnelReportExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    return this.print.export('funnel', query, actor, res);
  }

  @RequirePermission('reports.export', `Export the follow-up report ${WHAT}`)
  @ApiFileResponse(FILE, ...PRODUCES)
  @Get('follow-ups/export')
  followUps(@Query() query: FollowUpReportExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    return this.print.export('follow-ups', query, actor, res);
  }

  @RequirePermission('reports.export', `Export the sales report ${WHAT}`)
  @ApiFileResponse(FILE, ...PRODUCES)
  @Get('sales/export')
  sales(@Query() query: SalesReportExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    return this.print.export('sales', query, actor, res);
  }

  @RequirePermission('reports.export', `Export the enrollment report ${WHAT}`)
  @ApiFileResponse(FILE, ...PRODUCES)
  @Get('enrollments/export')
  enrollments(@Query() query: EnrollmentReportExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    return this.print.export('enrollments', query, actor, res);
  }

  @RequirePermission('reports.export', `Export the teaching report ${WHAT}`)
  @ApiFileResponse(FILE, ...PRODUCES)
  @Get('teaching/export')
  teaching(@Query() query: TeachingReportExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    return this.print.export('teaching', query, actor, res);
  }

  @RequirePermission('reports.export', `Export the service feedback report ${WHAT}`)
  @ApiFileResponse(FILE, ...PRODUCES)
  @Get('service/export')
  service(@Query() query: ServiceReportExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    return this.print.export('service', query, actor, res);
  }

  @RequirePermission('reports.export', `Export the channel report ${WHAT}`)
  @ApiFileResponse(FILE, ...PRODUCES)
  @Get('channels/export')
  channels(@Query() query: ChannelReportExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    return this.print.export('channels', query, actor, res);
  }

  @RequirePermission('reports.export', `Export the competitor report ${WHAT}`)
  @ApiFileResponse(FILE, ...PRODUCES)
  @Get('competitors/export')
  competitors(@Query() query: CompetitorReportExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    return this.print.export('competitors', query, actor, res);
  }
}
