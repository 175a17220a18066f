import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type Pdf = PDFKit.PDFDocument;

const FONT_FILE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';
const FONT = 'NotoSansSC';
let fontData: Buffer | undefined;

/**
 * Noto Sans SC (Latin and all GB2312 hanzi) as a Buffer, read on the first PDF only: it is 10 MB and most
 * processes never print. Only the TTF is used; the package's JavaScript is for Expo.
 */
function cjkFont(): Buffer {
  fontData ??= readFileSync(createRequire(import.meta.url).resolve(FONT_FILE));
  return fontData;
}

const MARGIN = 40;
const TEXT = '#222222';
const MUTED = '#666666';
const RULE = '#bbbbbb';
const HEADER_FILL = '#e8edf3';
const BAR_FILL = '#4a7ab5';
const CELL_PAD = 3;

/**
 * An A4 document in the CJK font, pages kept in memory so that `finishPdf` can number them. pdfkit is imported
 * on the first PDF, not at start-up (it and its font engine add ~0.5 s and ~30 MiB to every process).
 */
export async function createPdf(info: { title: string; author?: string }): Promise<Pdf> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 14, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: info.title, Author: info.author ?? 'EasyCRM', Creator: 'EasyCRM' },
  });
  doc.registerFont(FONT, cjkFont());
  doc.font(FONT).fontSize(9).fillColor(TEXT);
  return doc;
}

const contentWidth = (doc: Pdf) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Pdf) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page unless `height` more points fit on this one. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

/** The document's title block: a large title and lines below it (period, filters, …). */
export function drawTitle(doc: Pdf, title: string, lines: readonly string[]): void {
  doc.fontSize(16).fillColor(TEXT).text(title, doc.page.margins.left, doc.y);
  doc.moveDown(0.3).fontSize(9).fillColor(MUTED);
  for (const line of lines) doc.text(line);
  doc.fillColor(TEXT).moveDown(0.8);
}

export function drawHeading(doc: Pdf, text: string): void {
  ensureSpace(doc, 60);
  doc.fontSize(12).fillColor(TEXT).text(text, doc.page.margins.left, doc.y);
  doc.moveDown(0.3).fontSize(9);
}

export function drawNote(doc: Pdf, text: string): void {
  doc.fontSize(9).fillColor(MUTED).text(text, doc.page.margins.left, doc.y).fillColor(TEXT).moveDown(0.8);
}

/** Label/value pairs in two columns of pairs, for a record's fields. */
export function drawFields(doc: Pdf, fields: readonly [string, string][]): void {
  const width = contentWidth(doc) / 2;
  const labelWidth = 90;
  const left = doc.page.margins.left;
  doc.fontSize(9);
  for (let i = 0; i < fields.length; i += 2) {
    const pair = fields.slice(i, i + 2);
    const heights = pair.map(([, value]) => doc.heightOfString(value || '—', { width: width - labelWidth - 8 }));
    const height = Math.max(12, ...heights) + 3;
    ensureSpace(doc, height);
    const y = doc.y;
    pair.forEach(([label, value], column) => {
      const x = left + column * width;
      doc.fillColor(MUTED).text(label, x, y, { width: labelWidth, lineBreak: false });
      doc.fillColor(TEXT).text(value || '—', x + labelWidth, y, { width: width - labelWidth - 8 });
    });
    doc.x = left;
    doc.y = y + height;
  }
  doc.moveDown(0.8);
}

export interface PdfColumn {
  header: string;
  /** Relative width (the columns share the page width in proportion). */
  weight?: number;
  align?: 'left' | 'right';
}

function cellHeights(doc: Pdf, cells: readonly string[], widths: readonly number[]): number {
  const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i] - 2 * CELL_PAD }));
  return Math.max(...heights) + 2 * CELL_PAD;
}

/**
 * A table that fills the page width, breaks across pages between rows and repeats its header row on each new
 * page. Cells are text already formatted for print.
 */
export function drawTable(doc: Pdf, columns: readonly PdfColumn[], rows: readonly (readonly string[])[]): void {
  const left = doc.page.margins.left;
  const totalWeight = columns.reduce((sum, c) => sum + (c.weight ?? 1), 0);
  const widths = columns.map((c) => (contentWidth(doc) * (c.weight ?? 1)) / totalWeight);
  const headers = columns.map((c) => c.header);
  doc.fontSize(8);

  const drawRow = (cells: readonly string[], height: number, header: boolean) => {
    const y = doc.y;
    if (header) doc.rect(left, y, contentWidth(doc), height).fill(HEADER_FILL);
    let x = left;
    cells.forEach((cell, i) => {
      doc
        .fillColor(TEXT)
        .text(cell, x + CELL_PAD, y + CELL_PAD, { width: widths[i] - 2 * CELL_PAD, align: columns[i].align ?? 'left' });
      x += widths[i];
    });
    doc
      .moveTo(left, y + height)
      .lineTo(left + contentWidth(doc), y + height)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.x = left;
    doc.y = y + height;
  };

  const headerHeight = cellHeights(doc, headers, widths);
  const firstRowHeight = rows.length ? cellHeights(doc, rows[0], widths) : 0;
  ensureSpace(doc, headerHeight + firstRowHeight);
  drawRow(headers, headerHeight, true);
  for (const row of rows) {
    const height = cellHeights(doc, row, widths);
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      drawRow(headers, headerHeight, true);
    }
    drawRow(row, height, false);
  }
  doc.fontSize(9).moveDown(1);
}

export interface Bar {
  label: string;
  value: number;
}

const BAR_HEIGHT = 11;
const BAR_GAP = 4;

/**
 * A horizontal bar chart (a bar per label, negative values to the left of the zero line), drawn with vector
 * primitives; `format` writes each bar's value beside it.
 */
export function drawBarChart(doc: Pdf, bars: readonly Bar[], format: (value: number) => string): void {
  if (!bars.length) return;
  const left = doc.page.margins.left;
  const labelWidth = 130;
  const valueWidth = 70;
  const plotWidth = contentWidth(doc) - labelWidth - valueWidth;
  const low = Math.min(0, ...bars.map((b) => b.value));
  const high = Math.max(0, ...bars.map((b) => b.value));
  const span = high - low || 1;
  const xOf = (value: number) => left + labelWidth + ((value - low) / span) * plotWidth;
  doc.fontSize(8);
  ensureSpace(doc, Math.min(bars.length, 8) * (BAR_HEIGHT + BAR_GAP) + 10);
  let top = doc.y;
  for (const bar of bars) {
    if (top + BAR_HEIGHT > bottom(doc)) {
      doc.addPage();
      top = doc.y;
    }
    doc.fillColor(TEXT).text(bar.label, left, top + 1, { width: labelWidth - 6, height: BAR_HEIGHT, ellipsis: true });
    const from = xOf(Math.min(0, bar.value));
    const to = xOf(Math.max(0, bar.value));
    if (to - from > 0) doc.rect(from, top, to - from, BAR_HEIGHT).fill(BAR_FILL);
    doc.fillColor(TEXT).text(format(bar.value), xOf(high) + 4, top + 1, { width: valueWidth - 4, lineBreak: false });
    doc
      .moveTo(xOf(0), top - BAR_GAP / 2)
      .lineTo(xOf(0), top + BAR_HEIGHT + BAR_GAP / 2)
      .lineWidth(0.5)
      .strokeColor(MUTED)
      .stroke();
    top += BAR_HEIGHT + BAR_GAP;
  }
  doc.x = left;
  doc.y = top;
  doc.fontSize(9).moveDown(1);
}

/**
 * Writes the running header (`header` at the top of every page) and the footer (`footer` and "n / total") on
 * every buffered page, then ends the document (which flushes it to whatever it is piped to).
 */
export function finishPdf(doc: Pdf, header: string, footer: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const savedBottom = margins.bottom;
    // text below the bottom margin would otherwise start a new page
    margins.bottom = 0;
    const width = doc.page.width - margins.left - margins.right;
    doc.fontSize(7).fillColor(MUTED);
    doc.text(header, margins.left, MARGIN - 8, { width, lineBreak: false });
    const footerY = doc.page.height - MARGIN + 6;
    doc.text(footer, margins.left, footerY, { width, lineBreak: false });
    doc.text(`${i - start + 1} / ${count}`, margins.left, footerY, { width, align: 'right', lineBreak: false });
    margins.bottom = savedBottom;
  }
  doc.end();
}
