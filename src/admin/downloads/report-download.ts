import type { Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ValidationProblem } from '../../common/errors/problem.js';
import { validateDto } from '../../common/errors/validation.js';
import {
  EnrollmentReportExportQuery,
  FollowUpReportExportQuery,
  FunnelReportExportQuery,
  SalesReportExportQuery,
  ServiceReportExportQuery,
  TeachingReportExportQuery,
} from '../../reports/print/dto/print-query.dto.js';
import {
  ReportPrintService,
  type ReportExportQueries,
  type ReportKind,
} from '../../reports/print/report-print.service.js';
import type { Resolve } from '../adapter/resource-spec.js';
import { isReportName, REPORT_NAMES, requirePermission } from '../pages/report-registry.js';
import { downloadHandler, queryOf } from './download-handler.js';

/** Each report's export query: its JSON report's filters plus `format` and `lang` (as the API's export route). */
const EXPORT_QUERIES: { [K in ReportKind]: Type<ReportExportQueries[K]> } = {
  funnel: FunnelReportExportQuery,
  'follow-ups': FollowUpReportExportQuery,
  sales: SalesReportExportQuery,
  enrollments: EnrollmentReportExportQuery,
  teaching: TeachingReportExportQuery,
  service: ServiceReportExportQuery,
};

/**
 * GET /admin/downloads/reports/:name?format=csv|xlsx|pdf&lang=en|zh&from=&to=&<filters>: the same file as
 * GET /api/v1/reports/<name>/export (permission reports.export, the caller's record scope), for the back
 * office's session instead of a token.
 */
export function reportDownload(resolve: Resolve, dataSource: DataSource) {
  return downloadHandler(dataSource, async (req, res, actor) => {
    requirePermission(actor, 'reports.export');
    const name = req.params.name;
    if (!isReportName(name)) {
      throw new ValidationProblem([{ field: 'name', message: `must be one of ${REPORT_NAMES.join(', ')}` }]);
    }
    const query = await validateDto(EXPORT_QUERIES[name] as Type<object>, queryOf(req), 'query');
    await resolve(ReportPrintService).export(name, query as ReportExportQueries[typeof name], actor, res);
  });
}
