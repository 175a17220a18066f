import type { Lang } from '../../common/codes/code-table.js';
import type { CodeLabelDto, ReportPeriodDto } from '../dto/report-common.dto.js';
import { fenToYuan, formatExportDate, type ExportColumn } from '../export/stream-export.js';

/**
 * The one shape every report is printed and exported from: a report becomes a list of titled tables whose cells
 * are already what a reader sees (money in yuan, codes as labels in `lang`, months as YYYY-MM, times in the
 * school's time zone). CSV, XLSX and PDF only lay these tables out.
 */
export interface Bilingual {
  en: string;
  zh: string;
}

export type Cell = string | number | null;

/** How a column's numbers are shown: counts, money in yuan, a fraction shown as a percentage, a decimal. */
export type ColumnKind = 'text' | 'count' | 'money' | 'rate' | 'decimal';

export interface TableColumn extends Bilingual {
  kind: ColumnKind;
  /** Relative width in the PDF (default: 2 for text, 1 for numbers). */
  weight?: number;
}

export interface ReportTable {
  title: Bilingual;
  columns: TableColumn[];
  rows: Cell[][];
  /** For the PDF: a bar chart of column `value` labelled by column `label` (indexes into `columns`). */
  chart?: { label: number; value: number };
}

export interface PrintableReport {
  title: Bilingual;
  /** File name without the date and extension, e.g. `sales-report` / `销售报表`. */
  fileStem: Bilingual;
  period: ReportPeriodDto;
  /** When the as-of figures (due, awaiting approval, overdue) were counted, if the report has any. */
  asOf?: Date;
  tables: ReportTable[];
}

/** Everything a table builder needs besides the report: the language of labels and the time zone of times. */
export interface TableContext {
  lang: Lang;
  timeZone: string;
}

/** A column of a report table: the export column type plus how its numbers read. */
export interface ReportColumn<R> extends ExportColumn<R> {
  kind: ColumnKind;
  weight?: number;
}

const column = <R>(
  kind: ColumnKind,
  key: string,
  en: string,
  zh: string,
  value: ExportColumn<R>['value'],
): ReportColumn<R> => ({ kind, key, en, zh, value });

export const textColumn = <R>(key: string, en: string, zh: string, value: (row: R, lang: Lang) => string | null) =>
  column<R>('text', key, en, zh, value);

export const countColumn = <R>(key: string, en: string, zh: string, value: (row: R) => number | null) =>
  column<R>('count', key, en, zh, value);

/** Money: `value` gives fen; the cell is yuan. */
export const moneyColumn = <R>(key: string, en: string, zh: string, value: (row: R) => number | null) =>
  column<R>('money', key, en, zh, (row) => fenToYuan(value(row)));

export const rateColumn = <R>(key: string, en: string, zh: string, value: (row: R) => number) =>
  column<R>('rate', key, en, zh, value);

export const decimalColumn = <R>(key: string, en: string, zh: string, value: (row: R) => number | null) =>
  column<R>('decimal', key, en, zh, value);

/** A code with its labels, shown in the reader's language. */
export const codeColumn = <R>(key: string, en: string, zh: string, value: (row: R) => CodeLabelDto) =>
  column<R>('text', key, en, zh, (row, lang) => value(row)[lang]);

/** A time in the school's time zone (`2026-03-15 12:00:00`): wide enough in the PDF not to wrap. */
export const dateColumn = <R>(key: string, en: string, zh: string, value: (row: R) => Date | null) => ({
  ...column<R>('text', key, en, zh, value),
  weight: 2.6,
});

/** Free text (a follow-up's content): the widest column in the PDF. */
export const longTextColumn = <R>(key: string, en: string, zh: string, value: (row: R) => string | null) => ({
  ...column<R>('text', key, en, zh, value),
  weight: 5,
});

/** Builds a table from `rows` and its columns (after the rows, so that the rows give the columns their type); `chart` names the label and value columns by key. */
export function buildTable<R>(
  title: Bilingual,
  rows: readonly R[],
  columns: readonly ReportColumn<NoInfer<R>>[],
  context: TableContext,
  chart?: { label: string; value: string },
): ReportTable {
  const indexOf = (key: string) => {
    const index = columns.findIndex((c) => c.key === key);
    if (index < 0) throw new Error(`no column ${key} in table ${title.en}`);
    return index;
  };
  const cell = (value: ReturnType<ExportColumn<R>['value']>): Cell =>
    value instanceof Date ? formatExportDate(value, context.timeZone) : (value ?? null);
  return {
    title,
    columns: columns.map(({ kind, en, zh, weight }) => ({ kind, en, zh, weight })),
    rows: rows.map((row) => columns.map((c) => cell(c.value(row, context.lang)))),
    chart: chart && { label: indexOf(chart.label), value: indexOf(chart.value) },
  };
}

/** The report's file name: `sales-report-2026-11-25.pdf` / `销售报表-2026-11-25.pdf`. */
export const reportFileName = (report: PrintableReport, lang: Lang, day: string, extension: string) =>
  `${report.fileStem[lang]}-${day}.${extension}`;
