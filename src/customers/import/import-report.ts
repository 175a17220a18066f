import { HttpException } from '@nestjs/common';
import type { FieldError } from '../../common/errors/problem.js';
import type {
  CustomerImportResultDto,
  ImportDuplicateDto,
  ImportMode,
  ImportRowErrorDto,
} from './dto/customer-import.dto.js';

/** Entries listed per kind in an answer; the counts cover them all (a 100k-row file must not answer 20 MB). */
export const REPORTED_ENTRIES = 1000;

/** DTO fields named by the file's column keys, so an error points at a column the user sees. */
const COLUMN_OF_FIELD: Record<string, string> = {
  consultantId: 'consultant',
  consultCourseId: 'consultCourse',
  tagIds: 'tags',
};

/** The field errors of a problem a rule threw (400 with `errors`, or 403/409 with a detail). */
export function problemErrors(error: unknown, fallbackField: string): FieldError[] {
  if (!(error instanceof HttpException)) throw error;
  const body = error.getResponse() as { errors?: FieldError[]; detail?: string };
  const errors = body.errors?.length ? body.errors : [{ field: fallbackField, message: body.detail ?? error.message }];
  return errors.map((e) => {
    const [field, ...rest] = e.field.split('.');
    return { field: [COLUMN_OF_FIELD[field] ?? field, ...rest].join('.'), message: e.message };
  });
}

/** What an import did (or would do) with each row. */
export class ImportReport {
  created = 0;
  updated = 0;
  unchanged = 0;
  skipped = 0;
  private readonly errors: ImportRowErrorDto[] = [];
  private errorCount = 0;
  private readonly failedLines = new Set<number>();
  private readonly duplicates: ImportDuplicateDto[] = [];
  private duplicateCount = 0;

  /** Rows of the file read so far (blank rows and the header not counted). */
  rows = 0;

  error(line: number, errors: FieldError[]): void {
    this.failedLines.add(line);
    this.errorCount += errors.length;
    for (const e of errors) if (this.errors.length < REPORTED_ENTRIES) this.errors.push({ line, ...e });
  }

  duplicate(entry: ImportDuplicateDto): void {
    this.duplicateCount++;
    if (this.duplicates.length < REPORTED_ENTRIES) this.duplicates.push(entry);
  }

  get hasErrors(): boolean {
    return this.failedLines.size > 0;
  }

  result(dryRun: boolean, mode: ImportMode): CustomerImportResultDto {
    return {
      dryRun,
      mode,
      rows: this.rows,
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      skipped: this.skipped,
      failed: this.failedLines.size,
      errors: [...this.errors].sort((a, b) => a.line - b.line),
      errorCount: this.errorCount,
      duplicates: [...this.duplicates].sort((a, b) => a.line - b.line),
      duplicateCount: this.duplicateCount,
    };
  }

  /** The answer of an all-or-nothing import that failed: the errors, and nothing done. */
  rejected(mode: ImportMode): CustomerImportResultDto {
    return { ...this.result(false, mode), created: 0, updated: 0, unchanged: 0, skipped: 0 };
  }
}
