import type { Response } from 'express';
import type { Lang } from '../../common/codes/code-table.js';
import { CSV_BOM, csvField, csvLine } from './csv-text.js';
import { asUtcWallClock, formatExportDate } from './export-dates.js';
import { eventOrClose } from './stream-events.js';
import { Utf8Chunks } from './utf8-chunks.js';
import { XlsxWriter } from './xlsx-writer.js';

export { formatExportDate } from './export-dates.js';

export type ExportFormat = 'csv' | 'xlsx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];
export const EXPORT_LANGS: readonly Lang[] = ['en', 'zh'];

/**
 * A cell: text, a number (money already in yuan), a timestamp (written in the school's time zone), or empty.
 * Codes are turned into labels by the column (`label(code, lang)`), so the file reads the same as the screen.
 */
export type ExportValue = string | number | Date | null | undefined;

/** One column of an export: its header in both languages and how a row gives its value in `lang`. */
export interface ExportColumn<T> {
  key: string;
  en: string;
  zh: string;
  value(row: T, lang: Lang): ExportValue;
  /** Column width in the XLSX file (characters). */
  width?: number;
}

export interface ExportOptions {
  /** Time zone that timestamps are written in (the school's, REPORT_TIMEZONE). */
  timeZone: string;
}

/** Money is integer fen; exports give yuan as a number (12345 → 123.45) so a spreadsheet can sum it. */
export const fenToYuan = (fen: number | null | undefined): number | null =>
  fen === null || fen === undefined ? null : Math.round(fen) / 100;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 / RFC 5987): an ASCII fallback and the real name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A file being written: each batch of rows is turned into its cells and sent, waiting while the client is behind. */
interface ExportFile<T> {
  write(rows: readonly T[]): Promise<void>;
  end(): Promise<void>;
}

function csvFile<T>(res: Response, lang: Lang, columns: readonly ExportColumn<T>[], timeZone: string): ExportFile<T> {
  const cell = (value: ExportValue) => (value instanceof Date ? formatExportDate(value, timeZone) : value);
  const text = new Utf8Chunks();
  const send = async (chunks: Buffer[]) => {
    for (const chunk of chunks) if (!res.write(chunk)) await eventOrClose(res, 'drain');
  };
  text.add(CSV_BOM + csvLine(columns.map((c) => c[lang])));
  return {
    async write(rows) {
      for (const row of rows) {
        let line = '';
        for (let i = 0; i < columns.length; i++) {
          if (i) line += ',';
          line += csvField(cell(columns[i].value(row, lang)));
        }
        const full = text.add(`${line}\n`);
        if (full) await send(full);
        if (res.destroyed) return;
      }
    },
    end: () => send([text.take()]),
  };
}

function xlsxFile<T>(
  res: Response,
  sheetName: string,
  lang: Lang,
  columns: readonly ExportColumn<T>[],
  timeZone: string,
): ExportFile<T> {
  const xlsx = new XlsxWriter(
    res,
    sheetName,
    columns.map((c) => ({ header: c[lang], width: c.width ?? 16 })),
  );
  const cell = (value: ExportValue) => (value instanceof Date ? asUtcWallClock(value, timeZone) : value);
  const cellsOf = (row: T) => columns.map((column) => cell(column.value(row, lang)));
  return { write: (rows) => xlsx.addRows(rows, cellsOf), end: () => xlsx.finish() };
}

/**
 * Streams `batches` of rows to the response as CSV (UTF-8 with a BOM, so Excel reads Chinese) or XLSX
 * (`XlsxWriter`), headers in `lang`. Memory stays flat: each row is encoded straight into 256 KiB chunks of
 * bytes and dropped, a chunk is sent as soon as it is full, and the next batch is taken only once the client
 * has taken the last chunk (the reader of `batches` reads one batch ahead). The first batch is read before the
 * headers are sent, so an error there (a refused filter, a database error) still answers as a normal problem
 * response; an error later aborts the download.
 */
export async function streamExport<T>(
  res: Response,
  format: ExportFormat,
  lang: Lang,
  columns: readonly ExportColumn<T>[],
  batches: AsyncIterable<readonly T[]>,
  filename: string,
  options: ExportOptions,
): Promise<void> {
  const iterator = batches[Symbol.asyncIterator]();
  let next = await iterator.next();
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('Cache-Control', 'no-store');
  try {
    const file =
      format === 'xlsx'
        ? xlsxFile(res, filename.replace(/\.[^.]+$/, ''), lang, columns, options.timeZone)
        : csvFile(res, lang, columns, options.timeZone);
    for (; !next.done; next = await iterator.next()) {
      await file.write(next.value);
      if (res.destroyed) break;
    }
    if (!res.destroyed) {
      await file.end();
      res.end();
      if (!res.writableFinished) await eventOrClose(res, 'finish');
    }
  } catch (error) {
    // the status line is gone: the only way to tell the client is to cut the download short
    res.destroy(error as Error);
    throw error;
  } finally {
    await iterator.return?.();
  }
}
