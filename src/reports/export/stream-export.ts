import { once } from 'node:events';
import type { Response } from 'express';
import { stringify } from 'csv-stringify';
import type { Lang } from '../../common/codes/code-table.js';
import { wallClock } from '../../common/time/school-time.js';
import { XlsxWriter } from './xlsx-writer.js';

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

const pad = (n: number) => String(n).padStart(2, '0');

/** Offsets are cached per quarter of an hour of UTC time. */
const BUCKET_MS = 15 * 60_000;
const offsetCache = new Map<string, number | null>();

/**
 * The school's wall-clock time of `date`, as a Date whose UTC fields are that time. `wallClock` (Intl) costs
 * ~60 µs a call, a third of the time of a large export. A quarter hour whose first and last second have the same
 * offset has no transition inside (transitions are months apart), so its offset serves every timestamp in it;
 * in one that has a transition, Intl is asked each time.
 */
function wallClockAsUtc(date: Date, timeZone: string): Date {
  const ms = date.getTime();
  const bucket = Math.floor(ms / BUCKET_MS);
  const key = `${timeZone}|${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const start = offsetAt(bucket * BUCKET_MS, timeZone);
    offset = start === offsetAt((bucket + 1) * BUCKET_MS - 1000, timeZone) ? start : null;
    if (offsetCache.size >= 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  if (offset !== null) return new Date(ms + offset);
  const w = wallClock(date, timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
}

/** How far `timeZone` is ahead of UTC at `ms`, to the second. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(new Date(ms), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** `2026-03-15 04:00:00`: the timestamp in the school's time zone. */
export function formatExportDate(date: Date, timeZone: string): string {
  const w = wallClockAsUtc(date, timeZone);
  return (
    `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())} ` +
    `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`
  );
}

/**
 * XLSX cells have no time zone: the school's wall-clock time is written as if it were UTC, so Excel shows
 * the same time as the CSV and the screen.
 */
const asUtcWallClock = (date: Date, timeZone: string) =>
  new Date(Math.floor(wallClockAsUtc(date, timeZone).getTime() / 1000) * 1000);

/**
 * Resolves on `event` from `emitter` or when the response closes (the client went away), whichever comes first,
 * and removes both listeners (a bare `once` would leave one behind on every wait).
 */
async function whichever(emitter: NodeJS.EventEmitter, event: string, res: Response): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(emitter, event, { signal: done.signal }), once(res, 'close', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}

/**
 * Streams `rows` to the response as CSV (UTF-8 with a BOM, so Excel reads Chinese) or XLSX (`XlsxWriter`:
 * exceljs's streaming writer buffers the whole zip when the client is slow), headers in `lang`. Memory stays
 * constant: a row is written and dropped, and reading waits while the client is slow. The first row is read before the headers are sent, so an error there (a refused filter, a
 * database error) still answers as a normal problem response; an error later aborts the download.
 */
export async function streamExport<T>(
  res: Response,
  format: ExportFormat,
  lang: Lang,
  columns: readonly ExportColumn<T>[],
  rows: AsyncIterable<T>,
  filename: string,
  options: ExportOptions,
): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]();
  let next = await iterator.next();
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('Cache-Control', 'no-store');
  try {
    if (format === 'csv') {
      const csv = stringify({
        bom: true,
        header: true,
        columns: columns.map((c) => ({ key: c.key, header: c[lang] })),
      });
      csv.pipe(res);
      const cell = (value: ExportValue) =>
        value instanceof Date ? formatExportDate(value, options.timeZone) : (value ?? '');
      for (; !next.done; next = await iterator.next()) {
        const record: Record<string, string | number> = {};
        for (const column of columns) record[column.key] = cell(column.value(next.value, lang));
        if (!csv.write(record)) await whichever(csv, 'drain', res);
        if (res.destroyed) break;
      }
      csv.end();
      if (!res.writableFinished) await whichever(res, 'finish', res);
    } else {
      const xlsx = new XlsxWriter(
        res,
        new Promise((resolve) => res.once('close', resolve)),
        filename.replace(/\.[^.]+$/, ''),
        columns.map((c) => ({ header: c[lang], width: c.width ?? 16 })),
      );
      const cell = (value: ExportValue) =>
        value instanceof Date ? asUtcWallClock(value, options.timeZone) : (value ?? null);
      for (; !next.done; next = await iterator.next()) {
        await xlsx.addRow(columns.map((column) => cell(column.value(next.value, lang))));
        if (res.destroyed) break;
      }
      if (!res.destroyed) {
        await xlsx.finish();
        res.end();
        if (!res.writableFinished) await whichever(res, 'finish', res);
      }
    }
  } catch (error) {
    // the status line is gone: the only way to tell the client is to cut the download short
    res.destroy(error as Error);
    throw error;
  } finally {
    await iterator.return?.();
  }
}
