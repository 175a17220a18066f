import type { Type } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { ValidationProblem } from '../../common/errors/problem.js';
import { validateDto } from '../../common/errors/validation.js';
import {
  isReportName,
  REPORT_NAMES,
  REPORTS,
  type ReportName,
  type ReportService,
} from '../../reports/report-registry.js';
import type { Resolve } from '../adapter/resource-spec.js';

/** The query string's non-empty values (a form sends empty fields for filters left blank). */
export function givenValues(query: Record<string, unknown>, except: string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).filter(([key, value]) => !except.includes(key) && value !== '' && value !== undefined),
  );
}

/**
 * Runs report `name` for the staff member exactly as GET /api/v1/reports/<name> would: permission
 * reports.read, the query validated by the API's DTO (unknown fields refused), the service with the actor.
 */
export async function runReport(
  resolve: Resolve,
  name: unknown,
  query: Record<string, unknown>,
  actor: Actor,
): Promise<{ name: ReportName; data: object }> {
  actor.require('reports.read');
  if (!isReportName(name)) {
    throw new ValidationProblem([{ field: 'report', message: `must be one of ${REPORT_NAMES.join(', ')}` }]);
  }
  const { query: dto, service } = REPORTS[name];
  const validated = await validateDto(dto as Type<object>, query, 'query');
  return { name, data: await resolve(service as Type<ReportService>).report(validated, actor) };
}
