import type { Type } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../common/auth/actor.js';
import type { Lang } from '../../common/codes/code-table.js';
import { today } from '../../common/time/school-time.js';
import { CUSTOMER_EXPORT, CustomerExportService } from './customer-export.service.js';
import {
  CustomerExportQuery,
  EnrollmentExportQuery,
  FeedbackExportQuery,
  FollowUpExportQuery,
  PaymentExportQuery,
} from './dto/export-query.dto.js';
import { ENROLLMENT_EXPORT, EnrollmentExportService } from './enrollment-export.service.js';
import { FEEDBACK_EXPORT, FeedbackExportService } from './feedback-export.service.js';
import { FOLLOW_UP_EXPORT, FollowUpExportService } from './follow-up-export.service.js';
import type { ListExport } from './list-export.js';
import { PAYMENT_EXPORT, PaymentExportService } from './payment-export.service.js';
import { streamExport, type ExportFormat } from './stream-export.js';

/** Finds a service (the API's controller reads its module, the back office the whole Nest container). */
export type ServiceLookup = <T>(type: Type<T>) => T;

/** What every export query has beside its list's filters. */
export interface FileOptions {
  format: ExportFormat;
  lang: Lang;
}

/** One list's export: its query DTO (the list's filters + format and lang), its columns, and its rows in batches. */
export interface ListExportEntry<Q extends FileOptions, T extends { id: number }> {
  query: Type<Q>;
  spec: ListExport<T>;
  batches(services: ServiceLookup, query: Q, actor: Actor): AsyncIterable<T[]>;
}

// each entry is type-checked on its own, then kept under the common shape
const entry = <Q extends FileOptions, T extends { id: number }>(e: ListExportEntry<Q, T>) =>
  e as unknown as ListExportEntry<FileOptions, { id: number }>;

/**
 * The list exports, by the API path of their list (GET /api/v1/<name>/export): the API's controllers and the
 * back office's downloads (/admin/downloads/lists/<name>) both stream from here.
 */
export const LIST_EXPORTS = {
  customers: entry({
    query: CustomerExportQuery,
    spec: CUSTOMER_EXPORT,
    batches: (services, query, actor) => services(CustomerExportService).batches(query, actor),
  }),
  followups: entry({
    query: FollowUpExportQuery,
    spec: FOLLOW_UP_EXPORT,
    batches: (services, query, actor) => services(FollowUpExportService).batches(query, actor),
  }),
  payments: entry({
    query: PaymentExportQuery,
    spec: PAYMENT_EXPORT,
    batches: (services, query, actor) => services(PaymentExportService).batches(query, actor),
  }),
  enrollments: entry({
    query: EnrollmentExportQuery,
    spec: ENROLLMENT_EXPORT,
    batches: (services, query, actor) => services(EnrollmentExportService).batches(query, actor),
  }),
  feedback: entry({
    query: FeedbackExportQuery,
    spec: FEEDBACK_EXPORT,
    batches: (services, query, actor) => services(FeedbackExportService).batches(query, actor),
  }),
};

export type ListExportName = keyof typeof LIST_EXPORTS;
export const LIST_EXPORT_NAMES = Object.keys(LIST_EXPORTS) as ListExportName[];

export const isListExportName = (value: unknown): value is ListExportName =>
  typeof value === 'string' && Object.hasOwn(LIST_EXPORTS, value);

/** `<base name>-<school day>.<format>`, e.g. 缴费记录-2026-03-01.xlsx. */
export const exportFilename = (
  spec: Pick<ListExport<{ id: number }>, 'filename'>,
  query: FileOptions,
  timeZone: string,
) => `${spec.filename[query.lang]}-${today(timeZone)}.${query.format}`;

/** Streams list `name`'s export for `query` (already validated by the entry's DTO) to `res`. */
export function sendListExport(
  res: Response,
  name: ListExportName,
  query: FileOptions,
  actor: Actor,
  services: ServiceLookup,
  timeZone: string,
): Promise<void> {
  const { spec, batches } = LIST_EXPORTS[name];
  const filename = exportFilename(spec, query, timeZone);
  return streamExport(res, query.format, query.lang, spec.columns, batches(services, query, actor), filename, {
    timeZone,
  });
}
