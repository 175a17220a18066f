import type { Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ValidationProblem } from '../../common/errors/problem.js';
import { validateDto } from '../../common/errors/validation.js';
import { ReportPrintService } from '../../reports/print/report-print.service.js';
import { isReportName, REPORT_NAMES, REPORTS, type ReportExportQueryOf } from '../../reports/report-registry.js';
import type { Resolve } from '../adapter/resource-spec.js';
import { downloadHandler, queryOf } from './download-handler.js';
/**
 * GET /admin/downloads/reports/:name?format=csv|xlsx|pdf&lang=en|zh&from=&to=&<filters>: the same file as
 * GET /api/v1/reports/<name>/export (permission reports.export, the caller's record scope), for the back
 * office's session instead of a token.
 */
export function reportDownload(resolve: Resolve, dataSource: DataSource) {
  return downloadHandler(dataSource, async (req, res, actor) => {
    actor.require('reports.export');
    const name = req.params.name;
    if (!isReportName(name)) {
      throw new ValidationProblem([{ field: 'name', message: `must be one of ${REPORT_NAMES.join(', ')}` }]);
    }
    const query = await validateDto(REPORTS[name].exportQuery as Type<object>, queryOf(req), 'query');
    await resolve(ReportPrintService).export(name, query as ReportExportQueryOf<typeof name>, actor, res);
  });
}
