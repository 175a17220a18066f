import { ApiPropertyOptional, ApiProperty, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Lang } from '../../../common/codes/code-table.js';
import {
  ChannelReportQuery,
  CompetitorReportQuery,
  EnrollmentReportQuery,
  FollowUpReportQuery,
  FunnelReportQuery,
  SalesReportQuery,
  ServiceReportQuery,
  TeachingReportQuery,
} from '../../dto/report-query.dto.js';
import { EXPORT_FORMATS, EXPORT_LANGS, type ExportFormat } from '../../export/stream-export.js';

export type ReportExportFormat = ExportFormat | 'pdf';
export const REPORT_EXPORT_FORMATS: readonly ReportExportFormat[] = [...EXPORT_FORMATS, 'pdf'];

export class PrintLanguageQuery {
  /** Language of titles, headers and code labels; default `en`. */
  @ApiPropertyOptional({ enum: EXPORT_LANGS, default: 'en' })
  @IsOptional()
  @IsIn(EXPORT_LANGS)
  lang: Lang = 'en';
}

export class ReportExportOptions extends PrintLanguageQuery {
  /** `csv` (all tables in one file, UTF-8 with BOM), `xlsx` (a worksheet per table) or `pdf` (printable). */
  @ApiProperty({ enum: REPORT_EXPORT_FORMATS })
  @IsIn(REPORT_EXPORT_FORMATS)
  format: ReportExportFormat;
}

export class FunnelReportExportQuery extends IntersectionType(FunnelReportQuery, ReportExportOptions) {}
export class FollowUpReportExportQuery extends IntersectionType(FollowUpReportQuery, ReportExportOptions) {}
export class SalesReportExportQuery extends IntersectionType(SalesReportQuery, ReportExportOptions) {}
export class EnrollmentReportExportQuery extends IntersectionType(EnrollmentReportQuery, ReportExportOptions) {}
export class TeachingReportExportQuery extends IntersectionType(TeachingReportQuery, ReportExportOptions) {}
export class ServiceReportExportQuery extends IntersectionType(ServiceReportQuery, ReportExportOptions) {}
export class ChannelReportExportQuery extends IntersectionType(ChannelReportQuery, ReportExportOptions) {}
export class CompetitorReportExportQuery extends IntersectionType(CompetitorReportQuery, ReportExportOptions) {}

/** Every export query: the filters any report takes, and the format and language. */
export type AnyReportExportQuery = ReportExportOptions & {
  from?: string;
  to?: string;
  campusId?: number;
  consultantId?: number;
  courseId?: number;
  competitorId?: number;
};
