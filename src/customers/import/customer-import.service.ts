import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { ApiProblem, type FieldError } from '../../common/errors/problem.js';
import { validateDto } from '../../common/errors/validation.js';
import { assertReachable } from '../customer-rules.js';
import { CreateCustomerDto } from '../dto/customer.dto.js';
import type { CustomerImportResultDto, DuplicateAction, ImportMode } from './dto/customer-import.dto.js';
import { mapHeader, type ColumnMap } from './import-columns.js';
import { ImportPlanner, type ValidRow } from './import-planner.js';
import { ImportReferences } from './import-references.js';
import { ImportReport, problemErrors } from './import-report.js';
import { previewBatch, writeBatch } from './import-writer.js';
import { rowToCustomerBody } from './row-converter.js';
import { sheetRows, type UploadedSheet } from './sheet-rows.js';

/** Rows per transaction in `valid-rows` mode, and per duplicate lookup. */
export const IMPORT_BATCH_SIZE = 500;
/** Rows a file may have (split bigger files). */
export const MAX_IMPORT_ROWS = 200_000;

export interface ImportOptions {
  dryRun: boolean;
  duplicates: DuplicateAction;
  mode: ImportMode;
}

/** The file checked row by row: the valid rows and the errors of the others. */
interface CheckedFile {
  rows: number;
  valid: ValidRow[];
  invalid: { line: number; errors: FieldError[] }[];
}

const count = (report: ImportReport, done: { created: number; updated: number; unchanged: number }) => {
  report.created += done.created;
  report.updated += done.updated;
  report.unchanged += done.unchanged;
};

const batches = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Imports customers from a CSV or XLSX file. Every row is validated by the API's create DTO and the customer
 * rules; writes are entity saves (audit, versions) in transactions: one per batch of rows (`valid-rows`), or
 * one for the whole file (`all-or-nothing`, after a read-only pass that finds the errors without a write).
 */
@Injectable()
export class CustomerImportService {
  /** Rows per transaction and lookup, and rows a file may have (tests set small ones). */
  batchSize = IMPORT_BATCH_SIZE;
  maxRows = MAX_IMPORT_ROWS;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async import(file: UploadedSheet, options: ImportOptions, actor: Actor): Promise<CustomerImportResultDto> {
    const checked = await this.check(file);
    const { mode } = options;
    if (options.dryRun || mode === 'all-or-nothing') {
      const preview = await this.run(checked, options, actor, async (rows, planner, report) => {
        const { creates, updates } = await planner.plan(this.dataSource.manager, rows, false);
        count(report, await previewBatch(this.dataSource.manager, creates, updates));
      });
      if (options.dryRun) return preview.result(true, mode);
      if (preview.hasErrors) throw this.rejected(preview, mode);
      return this.dataSource.transaction(async (manager) => {
        const report = await this.run(checked, options, actor, (rows, planner, r) =>
          this.writeRows(manager, rows, planner, r),
        );
        // something changed since the read-only pass (another writer took a phone): undo everything
        if (report.hasErrors) throw this.rejected(report, mode);
        return report.result(false, mode);
      });
    }
    const report = await this.run(checked, options, actor, (rows, planner, r) =>
      this.dataSource.transaction((manager) => this.writeRows(manager, rows, planner, r)),
    );
    return report.result(false, mode);
  }

  /** One pass over the valid rows, batch by batch, into a new report that starts with the invalid rows. */
  private async run(
    checked: CheckedFile,
    options: ImportOptions,
    actor: Actor,
    step: (rows: ValidRow[], planner: ImportPlanner, report: ImportReport) => Promise<unknown>,
  ): Promise<ImportReport> {
    const report = new ImportReport(checked.rows);
    for (const { line, errors } of checked.invalid) report.error(line, errors);
    const planner = new ImportPlanner(actor, options.duplicates, report);
    for (const batch of batches(checked.valid, this.batchSize)) await step(batch, planner, report);
    return report;
  }

  private async writeRows(
    manager: EntityManager,
    rows: ValidRow[],
    planner: ImportPlanner,
    report: ImportReport,
  ): Promise<void> {
    const { creates, updates } = await planner.plan(manager, rows, true);
    count(report, await writeBatch(manager, creates, updates));
  }

  private rejected(report: ImportReport, mode: ImportMode): ApiProblem {
    const result = report.rejected(mode);
    return new ApiProblem(
      HttpStatus.UNPROCESSABLE_ENTITY,
      `${result.failed} of ${result.rows} rows have errors; nothing was imported (fix them, or import with mode=valid-rows)`,
      { ...result },
    );
  }

  /**
   * Reads the file and validates each row exactly as POST /customers validates a body, after resolving names
   * and labels. A qq or phone that an earlier row of the file has is an error of the later row.
   */
  private async check(file: UploadedSheet): Promise<CheckedFile> {
    const references = await ImportReferences.load(this.dataSource.manager);
    const checked: CheckedFile = { rows: 0, valid: [], invalid: [] };
    const firstLine = { qq: new Map<string, number>(), phone: new Map<string, number>() };
    let columns: ColumnMap | undefined;
    for await (const { line, cells } of sheetRows(file)) {
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (!columns) {
        columns = mapHeader(cells);
        continue;
      }
      if (++checked.rows > this.maxRows) {
        throw new ApiProblem(
          HttpStatus.PAYLOAD_TOO_LARGE,
          `The file has more than ${this.maxRows} rows; split it into smaller files`,
        );
      }
      const { body, errors } = rowToCustomerBody(cells, columns, references);
      const dto = await this.validate(body, errors);
      for (const field of ['qq', 'phone'] as const) {
        const value = dto?.[field];
        if (!value) continue;
        const earlier = firstLine[field].get(value);
        if (earlier === undefined) firstLine[field].set(value, line);
        else errors.push({ field, message: `repeats the ${field} of line ${earlier}` });
      }
      if (dto && !errors.length) checked.valid.push({ line, dto });
      else checked.invalid.push({ line, errors });
    }
    if (!columns) throw new ApiProblem(HttpStatus.BAD_REQUEST, 'The file is empty: it has no header row');
    if (!checked.rows) throw new ApiProblem(HttpStatus.BAD_REQUEST, 'The file has a header row but no customers');
    return checked;
  }

  /** The create DTO's validation and reachability rule; errors of columns already refused are not repeated. */
  private async validate(body: Record<string, unknown>, errors: FieldError[]): Promise<CreateCustomerDto | undefined> {
    try {
      const dto = await validateDto(CreateCustomerDto, body);
      assertReachable({ qq: dto.qq ?? null, phone: dto.phone ?? null });
      return errors.length ? undefined : dto;
    } catch (error) {
      const refused = new Set(errors.map((e) => e.field));
      errors.push(...problemErrors(error, 'file').filter((e) => !refused.has(e.field.split('.')[0])));
      return undefined;
    }
  }
}
