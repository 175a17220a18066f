import { HttpStatus } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import type { Permission } from '../../common/auth/permissions.js';
import type { Lang } from '../../common/codes/code-table.js';
import { ApiProblem } from '../../common/errors/problem.js';
import { classDisplayNames } from '../../teaching/class-name.js';
import type { ExportColumn } from './stream-export.js';

/** What a list's export writes: its columns and the file's base name in each language. */
export interface ListExport<T> {
  columns: readonly ExportColumn<T>[];
  filename: Record<Lang, string>;
}

/**
 * The rows of `rows()`, once the actor may also read the list (`permission`): the route itself needs
 * reports.export, and an export must never show what its reader could not list. Checked on the first `next()`,
 * so a refusal is a normal 403 answer, before any byte of the file.
 */
export async function* readableRows<R>(
  actor: Actor,
  permission: Permission,
  rows: () => AsyncIterable<R> | Promise<AsyncIterable<R>>,
): AsyncGenerator<R> {
  if (!actor.can(permission)) {
    throw new ApiProblem(HttpStatus.FORBIDDEN, `Exporting this list requires permission ${permission} too`);
  }
  yield* await rows();
}

/** A class as people name it, in `lang`: campus · course · term n. */
export function className(
  k: { semester: number; branch?: { name: string } | null; course?: { name: string } | null } | null | undefined,
  lang: Lang,
): string | null {
  if (!k?.branch || !k.course) return null;
  const names = classDisplayNames(k.branch.name, k.course.name, k.semester);
  return lang === 'zh' ? names.displayNameZh : names.displayName;
}
