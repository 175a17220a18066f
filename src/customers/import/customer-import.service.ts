import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { ApiProblem } from '../../common/errors/problem.js';
import type { CustomerImportResultDto, DuplicateAction, ImportMode } from './dto/customer-import.dto.js';
import { ImportPlanner } from './import-planner.js';
import { ImportReferences } from './import-references.js';
import { ImportReport } from './import-report.js';
import { previewBatch, writeBatch } from './import-writer.js';
import { RowChecker, type CheckedBatch } from './row-checker.js';
import type { UploadedSheet } from './sheet-rows.js';

/** Rows read, checked, looked up and written at a time. */
export const IMPORT_BATCH_SIZE = 500;
/** Rows a file may have (split bigger files). */
export const MAX_IMPORT_ROWS = 200_000;

export interface ImportOptions {
  dryRun: boolean;
  duplicates: DuplicateAction;
  mode: ImportMode;
}

const count = (report: ImportReport, done: { created: number; updated: number; unchanged: number }) => {
  report.created += done.created;
  report.updated += done.updated;
  report.unchanged += done.unchanged;
};

/**
 * Imports customers from a CSV or XLSX file, one batch of rows at a time from reading to writing (memory stays
 * flat). Every row is validated by the API's create DTO and the customer rules. `all-or-nothing` is one
 * transaction: it stops writing at the first row error, checks the rest for the report and rolls back.
 * `valid-rows` writes the valid rows in a transaction per batch, so other writers wait for a batch's locks, not
 * the file's; it reads the file to its end first, so a file that cannot be imported at all (unreadable part-way,
 * too long) changes nothing in either mode. New customers go in as multi-row INSERTs, updates as entity saves;
 * the audit records both (see AuditSubscriber, bulkInsert).
 */
@Injectable()
export class CustomerImportService {
  /** Rows per batch, and rows a file may have (tests set small ones). */
  batchSize = IMPORT_BATCH_SIZE;
  maxRows = MAX_IMPORT_ROWS;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async import(file: UploadedSheet, options: ImportOptions, actor: Actor): Promise<CustomerImportResultDto> {
    const { mode } = options;
    const references = await ImportReferences.load(this.dataSource.manager);
    const checker = new RowChecker(references, { batchSize: this.batchSize, maxRows: this.maxRows });
    const report = new ImportReport();
    const planner = new ImportPlanner(actor, options.duplicates, report);
    const reportInvalid = (batch: CheckedBatch) => {
      for (const { line, errors } of batch.invalid) report.error(line, errors);
    };

    if (options.dryRun) {
      const manager = this.dataSource.manager;
      for await (const batch of checker.batches(file)) {
        reportInvalid(batch);
        const { creates, updates } = await planner.plan(manager, batch.valid, false);
        count(report, await previewBatch(manager, creates, updates));
      }
      report.rows = checker.rows;
      return report.result(true, mode);
    }
    if (mode === 'valid-rows') {
      await checker.assertReadable(file);
      for await (const batch of checker.batches(file)) {
        reportInvalid(batch);
        await this.dataSource.transaction(async (manager) => {
          const { creates, updates } = await planner.plan(manager, batch.valid, true);
          count(report, await writeBatch(manager, creates, updates));
        });
      }
      report.rows = checker.rows;
      return report.result(false, mode);
    }
    return this.dataSource.transaction(async (manager) => {
      for await (const batch of checker.batches(file)) {
        reportInvalid(batch);
        const { creates, updates } = await planner.plan(manager, batch.valid, true);
        // nothing more is written after a row error; the rest is still checked for the report
        if (!report.hasErrors) count(report, await writeBatch(manager, creates, updates));
      }
      report.rows = checker.rows;
      if (report.hasErrors) throw this.rejected(report, mode); // rolls back
      return report.result(false, mode);
    });
  }

  private rejected(report: ImportReport, mode: ImportMode): ApiProblem {
    const result = report.rejected(mode);
    return new ApiProblem(
      HttpStatus.UNPROCESSABLE_ENTITY,
      `${result.failed} of ${result.rows} rows have errors; nothing was imported (fix them, or import with mode=valid-rows)`,
      { ...result },
    );
  }
}
