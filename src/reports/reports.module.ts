import { Module } from '@nestjs/common';
import { ChannelReportService } from './channel-report.service.js';
import { CompetitorReportService } from './competitor-report.service.js';
import { EnrollmentReportService } from './enrollment-report.service.js';
import { FollowUpReportService } from './follow-up-report.service.js';
import { FunnelReportService } from './funnel-report.service.js';
import { ReportsController } from './reports.controller.js';
import { SalesReportService } from './sales-report.service.js';
import { ServiceReportService } from './service-report.service.js';
import { TeachingReportService } from './teaching-report.service.js';

/**
 * Reports: read-only queries over every module's tables (it sits on top: nothing imports it). One service per
 * report, each a handful of GROUP BY queries; exports and printing will reuse these services.
 */
@Module({
  controllers: [ReportsController],
  providers: [
    FunnelReportService,
    FollowUpReportService,
    SalesReportService,
    EnrollmentReportService,
    TeachingReportService,
    ServiceReportService,
    ChannelReportService,
    CompetitorReportService,
  ],
  exports: [
    FunnelReportService,
    FollowUpReportService,
    SalesReportService,
    EnrollmentReportService,
    TeachingReportService,
    ServiceReportService,
    ChannelReportService,
    CompetitorReportService,
  ],
})
export class ReportsModule {}
