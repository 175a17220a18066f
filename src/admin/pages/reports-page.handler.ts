import type { PageHandler } from 'adminjs';
import type { DataSource } from 'typeorm';
import type { Resolve } from '../adapter/resource-spec.js';
import { actorOf } from '../current-admin.js';
import { jsonPageHandler } from './page-handler.js';
import { givenValues, runReport } from './report-registry.js';

/**
 * GET /admin/api/pages/reports?report=<name>&from=&to=&<filters>: the report's JSON, the same as the API's
 * GET /api/v1/reports/<name> for the signed-in staff member.
 */
export function reportsPageHandler(resolve: Resolve, dataSource: DataSource): PageHandler {
  return jsonPageHandler(dataSource, async ({ query = {} }, { currentAdmin }) => {
    const actor = actorOf(currentAdmin);
    const { name, data } = await runReport(resolve, query.report ?? 'funnel', givenValues(query, ['report']), actor);
    return { report: name, data, canExport: actor.can('reports.export') };
  });
}
