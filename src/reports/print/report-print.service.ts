import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource, type EntityTarget } from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import type { Actor } from '../../common/auth/actor.js';
import type { Lang } from '../../common/codes/code-table.js';
import { today } from '../../common/time/school-time.js';
import { AppConfig } from '../../config/app-config.js';
import { Branch } from '../../teaching/entities/branch.entity.js';
import { Course } from '../../teaching/entities/course.entity.js';
import { EnrollmentReportService } from '../enrollment-report.service.js';
import { formatExportDate } from '../export/stream-export.js';
import { FollowUpReportService } from '../follow-up-report.service.js';
import { FunnelReportService } from '../funnel-report.service.js';
import { SalesReportService } from '../sales-report.service.js';
import { ServiceReportService } from '../service-report.service.js';
import { TeachingReportService } from '../teaching-report.service.js';
import type {
  AnyReportExportQuery,
  EnrollmentReportExportQuery,
  FollowUpReportExportQuery,
  FunnelReportExportQuery,
  SalesReportExportQuery,
  ServiceReportExportQuery,
  TeachingReportExportQuery,
} from './dto/print-query.dto.js';
import { reportCsv } from './report-csv.js';
import { reportHeadingLines } from './report-heading.js';
import { drawReport } from './report-pdf.js';
import { reportFileName, type PrintableReport, type TableContext } from './report-tables.js';
import { reportXlsx } from './report-xlsx.js';
import { printedFooter } from './print-format.js';
import { sendFile, sendPdf } from './send-print.js';
import { enrollmentTables } from './tables/enrollment-tables.js';
import { followUpTables } from './tables/follow-up-tables.js';
import { funnelTables } from './tables/funnel-tables.js';
import { salesTables } from './tables/sales-tables.js';
import { serviceTables } from './tables/service-tables.js';
import { teachingTables } from './tables/teaching-tables.js';

export interface ReportExportQueries {
  funnel: FunnelReportExportQuery;
  'follow-ups': FollowUpReportExportQuery;
  sales: SalesReportExportQuery;
  enrollments: EnrollmentReportExportQuery;
  teaching: TeachingReportExportQuery;
  service: ServiceReportExportQuery;
}
export type ReportKind = keyof ReportExportQueries;

type Builder<K extends ReportKind> = (
  query: ReportExportQueries[K],
  actor: Actor,
  context: TableContext,
) => Promise<PrintableReport>;

const FILTERS: {
  key: 'campusId' | 'consultantId' | 'courseId';
  entity: EntityTarget<{ id: number; name: string }>;
  en: string;
  zh: string;
}[] = [
  { key: 'campusId', entity: Branch, en: 'Campus', zh: '校区' },
  { key: 'consultantId', entity: Staff, en: 'Consultant', zh: '顾问' },
  { key: 'courseId', entity: Course, en: 'Course', zh: '课程' },
];

/**
 * Reports as CSV, XLSX or PDF: runs the report's own service (which applies the reader's record scope), turns
 * the result into titled tables (tables/*.ts) and lays them out in the format asked for.
 */
@Injectable()
export class ReportPrintService {
  private readonly builders: { [K in ReportKind]: Builder<K> };

  constructor(
    funnel: FunnelReportService,
    followUps: FollowUpReportService,
    sales: SalesReportService,
    enrollments: EnrollmentReportService,
    teaching: TeachingReportService,
    service: ServiceReportService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.builders = {
      funnel: async (q, actor, c) => funnelTables(await funnel.report(q, actor), c),
      'follow-ups': async (q, actor, c) => followUpTables(await followUps.report(q, actor), c),
      sales: async (q, actor, c) => salesTables(await sales.report(q, actor), c),
      enrollments: async (q, actor, c) => enrollmentTables(await enrollments.report(q, actor), c),
      teaching: async (q, actor, c) => teachingTables(await teaching.report(q, actor), c),
      service: async (q, actor, c) => serviceTables(await service.report(q, actor), c),
    };
  }

  /** The report as tables in `query.lang`. */
  tables<K extends ReportKind>(kind: K, query: ReportExportQueries[K], actor: Actor): Promise<PrintableReport> {
    const build = this.builders[kind] as Builder<K>;
    return build(query, actor, { lang: query.lang, timeZone: this.config.reportTimezone });
  }

  async export<K extends ReportKind>(
    kind: K,
    query: ReportExportQueries[K],
    actor: Actor,
    res: Response,
  ): Promise<void> {
    const { lang, format } = query;
    const timeZone = this.config.reportTimezone;
    const report = await this.tables(kind, query, actor);
    const heading = reportHeadingLines(report, await this.describeFilters(query, lang), lang, timeZone);
    const filename = reportFileName(report, lang, today(timeZone), format);
    if (format === 'csv') return sendFile(res, 'csv', filename, reportCsv(report, heading, lang));
    if (format === 'xlsx') return sendFile(res, 'xlsx', filename, await reportXlsx(report, lang));
    const printed = formatExportDate(new Date(), timeZone);
    await sendPdf(
      res,
      filename,
      {
        title: report.title[lang],
        header: `EasyCRM · ${report.title[lang]} · ${heading[0]}`,
        footer: printedFooter(printed, lang),
      },
      (doc) => drawReport(doc, report, heading, lang),
    );
  }

  /** The filters applied, by name: `Campus: 北京校区`. An id that matches nothing is shown as `#id`. */
  private async describeFilters(query: AnyReportExportQuery, lang: Lang): Promise<string[]> {
    const lines: string[] = [];
    for (const filter of FILTERS) {
      const id = query[filter.key];
      if (id === undefined) continue;
      const found = await this.dataSource.getRepository(filter.entity).findOne({ where: { id }, withDeleted: true });
      lines.push(`${filter[lang]}${lang === 'zh' ? '：' : ': '}${found?.name ?? `#${id}`}`);
    }
    return lines;
  }
}
