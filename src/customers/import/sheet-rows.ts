import { HttpStatus } from '@nestjs/common';
import { ApiProblem } from '../../common/errors/problem.js';
import { csvRows } from './csv-rows.js';

/** One row of the file: its line (CSV) or row number (XLSX), header = 1, and its cells as text. */
export interface SheetRow {
  line: number;
  cells: string[];
}

export type SheetFormat = 'csv' | 'xlsx';

/** The uploaded file as multer's memory storage gives it (the fields used here). */
export interface UploadedSheet {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The format by the file name, else by the declared type (browsers declare CSV under several names). */
export function sheetFormat(file: UploadedSheet): SheetFormat {
  const extension = /\.([^.]+)$/.exec(file.originalname ?? '')?.[1]?.toLowerCase();
  if (extension === 'csv' || (!extension && /^text\/(csv|plain)$/.test(file.mimetype))) return 'csv';
  if (extension === 'xlsx' || (!extension && file.mimetype === XLSX_MIME)) return 'xlsx';
  throw new ApiProblem(
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    `Cannot import ${file.originalname || 'this file'}: send a .csv or .xlsx file${extension === 'xls' ? ' (save an .xls workbook as .xlsx first)' : ''}`,
  );
}

/** The rows of the file, read as they are parsed; a file that cannot be read is 400, never a 500. */
export async function* sheetRows(file: UploadedSheet): AsyncGenerator<SheetRow> {
  const format = sheetFormat(file);
  if (!file.size) throw new ApiProblem(HttpStatus.BAD_REQUEST, 'The file is empty');
  // exceljs is imported on the first XLSX file, not at start-up (~1 s of module loading)
  const rows = format === 'csv' ? csvRows(file.buffer) : (await import('./xlsx-rows.js')).xlsxRows(file.buffer);
  try {
    yield* rows;
  } catch (error) {
    if (error instanceof ApiProblem) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiProblem(
      HttpStatus.BAD_REQUEST,
      `The file could not be read as ${format.toUpperCase()}: ${reason.slice(0, 300)}`,
    );
  }
}
