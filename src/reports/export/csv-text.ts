/** A byte order mark first, so that Excel reads the UTF-8 (Chinese) text. */
export const CSV_BOM = '\ufeff';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field (RFC 4180, the same text csv-stringify wrote with its defaults): quoted when it holds a comma,
 * a quote or a line break, quotes doubled; numbers as JavaScript writes them; null and undefined empty.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record and its line feed. */
export const csvLine = (fields: readonly (string | number | null | undefined)[]): string =>
  `${fields.map(csvField).join(',')}\n`;
