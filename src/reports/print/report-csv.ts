import { stringify } from 'csv-stringify/sync';
import type { Lang } from '../../common/codes/code-table.js';
import type { Cell, PrintableReport } from './report-tables.js';

/**
 * The report as one CSV file (UTF-8 with a BOM, so Excel reads Chinese): the title and heading lines, then each
 * table after a blank line: its title row, its header row, its rows.
 */
export function reportCsv(report: PrintableReport, heading: readonly string[], lang: Lang): string {
  const records: Cell[][] = [[report.title[lang]], ...heading.map((line) => [line])];
  for (const table of report.tables) {
    records.push(
      [],
      [table.title[lang]],
      table.columns.map((c) => c[lang]),
      ...table.rows,
    );
  }
  return stringify(records, { bom: true });
}
