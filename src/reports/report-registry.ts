import type { Type } from '@nestjs/common';
import type { Actor } from '../common/auth/actor.js';
import { ChannelReportService } from './channel-report.service.js';
import { CompetitorReportService } from './competitor-report.service.js';
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
import { EnrollmentReportService } from './enrollment-report.service.js';
import { FollowUpReportService } from './follow-up-report.service.js';
import { FunnelReportService } from './funnel-report.service.js';
import {
  ChannelReportExportQuery,
  CompetitorReportExportQuery,
  EnrollmentReportExportQuery,
  FollowUpReportExportQuery,
  FunnelReportExportQuery,
  SalesReportExportQuery,
  ServiceReportExportQuery,
  TeachingReportExportQuery,
} from './print/dto/print-query.dto.js';
import type { PrintableReport, TableContext } from './print/report-tables.js';
import { channelTables } from './print/tables/channel-tables.js';
import { competitorTables } from './print/tables/competitor-tables.js';
import { enrollmentTables } from './print/tables/enrollment-tables.js';
import { followUpTables } from './print/tables/follow-up-tables.js';
import { funnelTables } from './print/tables/funnel-tables.js';
import { salesTables } from './print/tables/sales-tables.js';
import { serviceTables } from './print/tables/service-tables.js';
import { teachingTables } from './print/tables/teaching-tables.js';
import { SalesReportService } from './sales-report.service.js';
import { ServiceReportService } from './service-report.service.js';
import { TeachingReportService } from './teaching-report.service.js';

/** What the registry needs of a report service: the report for a query, within the actor's scope. */
export interface ReportService {
  report(query: object, actor: Actor): Promise<object>;
}

interface ReportEntry {
  /** The JSON report's query (GET /reports/<name>). */
  query: Type<object>;
  /** The same filters plus `format` and `lang` (GET /reports/<name>/export). */
  exportQuery: Type<object>;
  service: Type<ReportService>;
  /** The report as titled tables, for CSV, XLSX and PDF. */
  tables(report: never, context: TableContext): PrintableReport;
}

/**
 * Every report by the name of its route (/api/v1/reports/<name>): its queries, its service and its printed
 * tables. The API's export routes, the printing service and the back office's reports page all read this one list.
 */
export const REPORTS = {
  funnel: {
    query: FunnelReportQuery,
    exportQuery: FunnelReportExportQuery,
    service: FunnelReportService,
    tables: funnelTables,
  },
  'follow-ups': {
    query: FollowUpReportQuery,
    exportQuery: FollowUpReportExportQuery,
    service: FollowUpReportService,
    tables: followUpTables,
  },
  sales: {
    query: SalesReportQuery,
    exportQuery: SalesReportExportQuery,
    service: SalesReportService,
    tables: salesTables,
  },
  enrollments: {
    query: EnrollmentReportQuery,
    exportQuery: EnrollmentReportExportQuery,
    service: EnrollmentReportService,
    tables: enrollmentTables,
  },
  teaching: {
    query: TeachingReportQuery,
    exportQuery: TeachingReportExportQuery,
    service: TeachingReportService,
    tables: teachingTables,
  },
  service: {
    query: ServiceReportQuery,
    exportQuery: ServiceReportExportQuery,
    service: ServiceReportService,
    tables: serviceTables,
  },
  channels: {
    query: ChannelReportQuery,
    exportQuery: ChannelReportExportQuery,
    service: ChannelReportService,
    tables: channelTables,
  },
  competitors: {
    query: CompetitorReportQuery,
    exportQuery: CompetitorReportExportQuery,
    service: CompetitorReportService,
    tables: competitorTables,
  },
} satisfies Record<string, ReportEntry>;

export type ReportName = keyof typeof REPORTS;
export const REPORT_NAMES = Object.keys(REPORTS) as ReportName[];

export const isReportName = (value: unknown): value is ReportName =>
  typeof value === 'string' && Object.hasOwn(REPORTS, value);

/** The export query of report `K` (its filters, `format` and `lang`). */
export type ReportExportQueryOf<K extends ReportName> = InstanceType<(typeof REPORTS)[K]['exportQuery']>;
