import { HttpStatus } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import type { Permission } from '../../common/auth/permissions.js';
import type { Lang } from '../../common/codes/code-table.js';
import { readableNumber } from '../../common/entities/base.entity.js';
import { ApiProblem } from '../../common/errors/problem.js';
import { CUSTOMER_NUMBER_PREFIX } from '../../customers/entities/customer.entity.js';
import { classDisplayNames } from '../../teaching/class-name.js';
import type { RawFields } from './raw-rows.js';
import type { ExportColumn } from './stream-export.js';

/**
 * What a list's export writes: the fields a row reads from the list's query (plain values, no entities), its
 * columns over those rows, and the file's base name in each language.
 */
export interface ListExport<T extends { id: number }> {
  fields: RawFields<T>;
  columns: readonly ExportColumn<T>[];
  filename: Record<Lang, string>;
}

/**
 * The batches of `batches()`, once the actor may also read the list (`permission`): the route itself needs
 * reports.export, and an export must never show what its reader could not list. Checked on the first `next()`,
 * so a refusal is a normal 403 answer, before any byte of the file.
 */
export async function* readableBatches<R>(
  actor: Actor,
  permission: Permission,
  batches: () => AsyncIterable<R[]> | Promise<AsyncIterable<R[]>>,
): AsyncGenerator<R[]> {
  if (!actor.can(permission)) {
    throw new ApiProblem(HttpStatus.FORBIDDEN, `Exporting this list requires permission ${permission} too`);
  }
  yield* await batches();
}

/** The customer's readable number (C-000123), from the row's customer id. */
export const customerNumberColumn = <T extends { customerId: number }>(): ExportColumn<T> => ({
  key: 'customerNumber',
  en: 'Customer number',
  zh: '客户编号',
  value: (row) => readableNumber(CUSTOMER_NUMBER_PREFIX, row.customerId),
  width: 12,
});

type ClassFields = { semester: number | null; campus: string | null; course: string | null };

/** The row's class as people name it (see className). */
export const classColumn = <T extends ClassFields>(): ExportColumn<T> => ({
  key: 'class',
  en: 'Class',
  zh: '班级',
  value: (row, lang) => className(row.semester, row.campus, row.course, lang),
  width: 32,
});

/** A class as people name it, in `lang`: campus · course · term n (empty without a class). */
export function className(
  semester: number | null,
  campus: string | null,
  course: string | null,
  lang: Lang,
): string | null {
  if (semester === null || campus === null || course === null) return null;
  const names = classDisplayNames(campus, course, semester);
  return lang === 'zh' ? names.displayNameZh : names.displayName;
}
