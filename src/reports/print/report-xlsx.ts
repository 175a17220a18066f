import type { Lang } from '../../common/codes/code-table.js';
import type { ColumnKind, PrintableReport } from './report-tables.js';

const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = {
  money: '#,##0.00',
  rate: '0.00%',
  decimal: '0.00',
};

/** Worksheet names: at most 31 characters, none of `[]:*?/\`, unique in the workbook. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * The report as a workbook with one worksheet per table: bold headers in row 1, numbers as numbers (money in
 * yuan with two decimals, rates as percentages). Reports are small, so the workbook is built in memory.
 */
export async function reportXlsx(report: PrintableReport, lang: Lang): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs'); // on first use: it adds ~1 s to start-up
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'EasyCRM';
  workbook.title = report.title[lang];
  const taken = new Set<string>();
  for (const table of report.tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title[lang], taken), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = table.columns.map((c, i) => ({
      key: String(i),
      header: c[lang],
      width: c.kind === 'text' ? 28 : Math.max(12, c[lang].length + 4),
      style: NUMBER_FORMATS[c.kind] ? { numFmt: NUMBER_FORMATS[c.kind] } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.addRows(table.rows);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
