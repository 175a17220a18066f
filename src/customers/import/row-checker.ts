import { HttpStatus } from '@nestjs/common';
import { ApiProblem, type FieldError } from '../../common/errors/problem.js';
import { validateDto } from '../../common/errors/validation.js';
import { assertReachable } from '../customer-rules.js';
import { CreateCustomerDto } from '../dto/customer.dto.js';
import { mapHeader, type ColumnMap } from './import-columns.js';
import type { ValidRow } from './import-planner.js';
import type { ImportReferences } from './import-references.js';
import { problemErrors } from './import-report.js';
import { rowToCustomerBody } from './row-converter.js';
import { sheetRows, type UploadedSheet } from './sheet-rows.js';

/** A batch of the file's rows, checked: the valid ones and the errors of the others. */
export interface CheckedBatch {
  valid: ValidRow[];
  invalid: { line: number; errors: FieldError[] }[];
}

/** A row after the header, with the header's columns and its number among the rows. */
interface DataRow {
  line: number;
  cells: string[];
  columns: ColumnMap;
  n: number;
}

/** The file's non-blank rows after the header; 4xx for a file that cannot be imported at all, wherever it shows. */
async function* dataRows(file: UploadedSheet, maxRows: number): AsyncGenerator<DataRow> {
  let columns: ColumnMap | undefined;
  let n = 0;
  for await (const { line, cells } of sheetRows(file)) {
    if (cells.every((cell) => cell.trim() === '')) continue;
    if (!columns) {
      columns = mapHeader(cells);
      continue;
    }
    if (++n > maxRows) {
      throw new ApiProblem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        `The file has more than ${maxRows} rows; split it into smaller files`,
      );
    }
    yield { line, cells, columns, n };
  }
  if (!columns) throw new ApiProblem(HttpStatus.BAD_REQUEST, 'The file is empty: it has no header row');
  if (!n) throw new ApiProblem(HttpStatus.BAD_REQUEST, 'The file has a header row but no customers');
}

/**
 * Reads the file a batch of rows at a time and validates each row exactly as POST /customers validates a body,
 * after resolving names and labels. A qq or phone that an earlier row of the file has is an error of the later
 * row: of the rows already read, only their qqs and phones are kept, so memory stays flat whatever the size.
 */
export class RowChecker {
  /** Rows read so far (blank rows and the header not counted). */
  rows = 0;
  private readonly firstLine = { qq: new Map<string, number>(), phone: new Map<string, number>() };

  constructor(
    private readonly references: ImportReferences,
    private readonly limits: { batchSize: number; maxRows: number },
  ) {}

  /**
   * Reads the whole file without checking its rows, so that a file that cannot be imported at all (unreadable
   * part-way, too long) answers 4xx before a batch is written.
   */
  async assertReadable(file: UploadedSheet): Promise<void> {
    for await (const row of dataRows(file, this.limits.maxRows)) void row;
  }

  /** The file's rows in batches; 400/413/415 for a file that cannot be imported at all, wherever that shows. */
  async *batches(file: UploadedSheet): AsyncGenerator<CheckedBatch> {
    let batch: CheckedBatch = { valid: [], invalid: [] };
    for await (const { line, cells, columns, n } of dataRows(file, this.limits.maxRows)) {
      this.rows = n;
      const { body, errors } = rowToCustomerBody(cells, columns, this.references);
      const dto = await this.validate(body, errors);
      for (const field of ['qq', 'phone'] as const) {
        const value = dto?.[field];
        if (!value) continue;
        const earlier = this.firstLine[field].get(value);
        if (earlier === undefined) this.firstLine[field].set(value, line);
        else errors.push({ field, message: `repeats the ${field} of line ${earlier}` });
      }
      if (dto && !errors.length) batch.valid.push({ line, dto });
      else batch.invalid.push({ line, errors });
      if (batch.valid.length + batch.invalid.length >= this.limits.batchSize) {
        yield batch;
        batch = { valid: [], invalid: [] };
      }
    }
    if (batch.valid.length + batch.invalid.length) yield batch;
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
