import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { SheetRow } from './sheet-rows.js';

/** A cell as text: rich text joined, a formula's result, a hyperlink's text, a date as ISO text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return '';
  return String(value);
}

/** The rows of the workbook's first worksheet, read with exceljs's streaming reader. */
export async function* xlsxRows(buffer: Buffer): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      const values = Array.isArray(row.values) ? row.values : [];
      // row.values is 1-based (index 0 is empty) and sparse
      yield { line: row.number, cells: Array.from(values.slice(1), (value) => cellText(value)) };
    }
    return;
  }
}
