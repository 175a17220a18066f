import { HttpStatus, type Type } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import type { Permission } from '../../common/auth/permissions.js';
import { ApiProblem, ValidationProblem } from '../../common/errors/problem.js';
import { validateDto } from '../../common/errors/validation.js';
import { EnrollmentReportService } from '../../reports/enrollment-report.service.js';
import { FollowUpReportService } from '../../reports/follow-up-report.service.js';
import { FunnelReportService } from '../../reports/funnel-report.service.js';
import {
  EnrollmentReportQuery,
  FollowUpReportQuery,
  FunnelReportQuery,
  SalesReportQuery,
  ServiceReportQuery,
  TeachingReportQuery,
} from '../../reports/dto/report-query.dto.js';
import { SalesReportService } from '../../reports/sales-report.service.js';
import { ServiceReportService } from '../../reports/service-report.service.js';
import { TeachingReportService } from '../../reports/teaching-report.service.js';
import type { Resolve } from '../adapter/resource-spec.js';

interface ReportService {
  report(query: object, actor: Actor): Promise<object>;
}

/** Every report, by the name its API route uses (/api/v1/reports/<name>): its query DTO and its service. */
export const REPORTS = {
  funnel: { query: FunnelReportQuery, service: FunnelReportService },
  'follow-ups': { query: FollowUpReportQuery, service: FollowUpReportService },
  sales: { query: SalesReportQuery, service: SalesReportService },
  enrollments: { query: EnrollmentReportQuery, service: EnrollmentReportService },
  teaching: { query: TeachingReportQuery, service: TeachingReportService },
  service: { query: ServiceReportQuery, service: ServiceReportService },
} satisfies Record<string, { query: Type<object>; service: Type<ReportService> }>;

export type ReportName = keyof typeof REPORTS;
export const REPORT_NAMES = Object.keys(REPORTS) as ReportName[];

export const isReportName = (value: unknown): value is ReportName =>
  typeof value === 'string' && Object.hasOwn(REPORTS, value);

/** 403 unless the staff member holds `permission`, with the API's wording. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actor.can(permission)) throw new ApiProblem(HttpStatus.FORBIDDEN, `This requires permission ${permission}`);
}

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
  requirePermission(actor, 'reports.read');
  if (!isReportName(name)) {
    throw new ValidationProblem([{ field: 'report', message: `must be one of ${REPORT_NAMES.join(', ')}` }]);
  }
  const { query: dto, service } = REPORTS[name];
  const validated = await validateDto(dto as Type<object>, query, 'query');
  return { name, data: await resolve(service as Type<ReportService>).report(validated, actor) };
}
