import type { Lang } from '../../common/codes/code-table.js';
import { drawBarChart, drawHeading, drawNote, drawTable, drawTitle, type Pdf } from './pdf-document.js';
import { printCell } from './print-format.js';
import type { PrintableReport, ReportTable } from './report-tables.js';

const MAX_CHART_BARS = 36;
const EMPTY_PERIOD = { en: '(nothing in this period)', zh: '（本期间无数据）' };

/** A table under its title, with a bar chart first where the table has one and it shows something. */
export function drawReportTable(doc: Pdf, table: ReportTable, lang: Lang, empty = EMPTY_PERIOD): void {
  drawHeading(doc, table.title[lang]);
  if (!table.rows.length) {
    drawNote(doc, empty[lang]);
    return;
  }
  const { chart } = table;
  if (chart && table.rows.length <= MAX_CHART_BARS) {
    const kind = table.columns[chart.value].kind;
    const bars = table.rows.map((row) => ({
      label: printCell(row[chart.label], 'text'),
      value: Number(row[chart.value] ?? 0),
    }));
    if (bars.some((bar) => bar.value !== 0)) {
      drawNote(doc, table.columns[chart.value][lang]);
      drawBarChart(doc, bars, (value) => printCell(value, kind));
    }
  }
  drawTable(
    doc,
    table.columns.map((c) => ({
      header: c[lang],
      weight: c.weight ?? (c.kind === 'text' ? 2 : 1),
      align: c.kind === 'text' ? 'left' : 'right',
    })),
    table.rows.map((row) => row.map((cell, i) => printCell(cell, table.columns[i].kind))),
  );
}

/** Draws the whole report: title block, then each table (with its bar chart first, where it has one). */
export function drawReport(doc: Pdf, report: PrintableReport, heading: readonly string[], lang: Lang): void {
  drawTitle(doc, report.title[lang], heading);
  for (const table of report.tables) drawReportTable(doc, table, lang);
}
