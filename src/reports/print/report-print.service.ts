import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
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
import { Competitor } from '../../market/entities/competitor.entity.js';
import { formatExportDate } from '../export/stream-export.js';
import { REPORTS, type ReportExportQueryOf, type ReportName, type ReportService } from '../report-registry.js';
import type { AnyReportExportQuery } from './dto/print-query.dto.js';
import { reportCsv } from './report-csv.js';
import { reportHeadingLines } from './report-heading.js';
import { drawReport } from './report-pdf.js';
import { reportFileName, type PrintableReport, type TableContext } from './report-tables.js';
import { reportXlsx } from './report-xlsx.js';
import { printedFooter } from './print-format.js';
import { sendFile, sendPdf } from './send-print.js';

const FILTERS: {
  key: 'campusId' | 'consultantId' | 'courseId' | 'competitorId';
  entity: EntityTarget<{ id: number; name: string }>;
  en: string;
  zh: string;
}[] = [
  { key: 'campusId', entity: Branch, en: 'Campus', zh: '校区' },
  { key: 'consultantId', entity: Staff, en: 'Consultant', zh: '顾问' },
  { key: 'courseId', entity: Course, en: 'Course', zh: '课程' },
  { key: 'competitorId', entity: Competitor, en: 'Competitor', zh: '竞争对手' },
];

/**
 * Reports as CSV, XLSX or PDF: runs the report's own service (which applies the reader's record scope), turns
 * the result into titled tables (tables/*.ts) and lays them out in the format asked for.
 */
@Injectable()
export class ReportPrintService {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The report as tables in `query.lang`. */
  async tables<K extends ReportName>(kind: K, query: ReportExportQueryOf<K>, actor: Actor): Promise<PrintableReport> {
    const { service, tables } = REPORTS[kind];
    const report = await this.moduleRef.get<ReportService>(service, { strict: false }).report(query, actor);
    const toTables = tables as (report: object, context: TableContext) => PrintableReport;
    return toTables(report, { lang: query.lang, timeZone: this.config.reportTimezone });
  }

  async export<K extends ReportName>(
    kind: K,
    query: ReportExportQueryOf<K>,
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
