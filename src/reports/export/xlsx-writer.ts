import type { Writable } from 'node:stream';
import { Utf8Chunks } from './utf8-chunks.js';
import { ZipWriter, type ZipFileStream } from './zip-writer.js';

/** A cell of the XLSX writer: text, a number, a date (written as its UTC fields), or empty. */
export type XlsxValue = string | number | Date | null | undefined;

export interface XlsxColumn {
  header: string;
  /** Width in characters. */
  width: number;
}

/** Excel's limit per sheet (header included); the rows after it go on to a next sheet. */
export const XLSX_MAX_ROWS = 1_048_576;
/** Excel's limit per cell. */
const MAX_CELL_TEXT = 32_767;

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Style indexes of styles.xml's cellXfs: 1 bold (the header), 2 the date-time format. */
const BOLD = 1;
const DATE_TIME = 2;
export const XLSX_DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

// characters XML 1.0 cannot carry at all (control characters other than tab, line feed, carriage return)
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
/** Text whose white space a reader could trim or fold unless told to keep it (most cells have none). */
const KEEP_SPACE = /^\s|\s$|[\t\n\r]| {2}/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** Either of the above: most text has none and is written as it is. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
export const escapeXml = (text: string) =>
  NEEDS_ESCAPE.test(text) ? text.replace(INVALID_XML, '').replace(/[&<>"]/g, (c) => ESCAPES[c]) : text;

/** A, B, …, Z, AA, … */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Excel's serial day number (days since 1899-12-30) of the date's UTC fields. */
const serial = (date: Date) => date.getTime() / 86_400_000 + 25_569;

/**
 * Writes one table as an XLSX workbook straight into a stream, a row at a time: inline strings (no shared
 * string table to hold in memory), one style for dates, a bold frozen header row. Each write waits while the
 * reader is behind, so memory stays flat however many rows there are. Past Excel's row limit the table goes on
 * in a second sheet (with the header again).
 */
export class XlsxWriter {
  private readonly zip: ZipWriter;
  private readonly letters: string[];
  private sheet: ZipFileStream | null = null;
  private sheets = 0;
  private row = 0;
  /** Sheet XML on its way to the deflater. */
  private readonly xml = new Utf8Chunks();

  constructor(
    out: Writable,
    private readonly sheetName: string,
    private readonly columns: readonly XlsxColumn[],
    /** Rows per sheet, header included (Excel's limit; tests set a small one). */
    private readonly maxRows = XLSX_MAX_ROWS,
  ) {
    this.zip = new ZipWriter(out);
    this.letters = columns.map((_, i) => columnLetters(i));
  }

  addRow(values: readonly XlsxValue[]): Promise<void> {
    return this.addRows([values], (row) => row);
  }

  /** Adds the rows of a batch, with `cellsOf` giving each row's cells (a cell array lives for one row). */
  async addRows<T>(rows: readonly T[], cellsOf: (row: T) => readonly XlsxValue[]): Promise<void> {
    for (const row of rows) {
      if (!this.sheet || this.row >= this.maxRows) await this.nextSheet();
      const full = this.xml.add(this.rowXml(cellsOf(row)));
      if (full) await this.send(full);
    }
  }

  /** Ends the last sheet and writes the workbook parts; the caller ends the stream. */
  async finish(): Promise<void> {
    if (!this.sheet) await this.nextSheet();
    await this.closeSheet();
    const names = Array.from({ length: this.sheets }, (_, i) => this.nameOfSheet(i));
    await this.zip.addFile('[Content_Types].xml', contentTypes(this.sheets));
    await this.zip.addFile('_rels/.rels', ROOT_RELS);
    await this.zip.addFile('xl/workbook.xml', workbook(names));
    await this.zip.addFile('xl/_rels/workbook.xml.rels', workbookRels(this.sheets));
    await this.zip.addFile('xl/styles.xml', STYLES);
    await this.zip.finish();
  }

  private async nextSheet() {
    if (this.sheet) await this.closeSheet();
    this.sheets += 1;
    this.row = 0;
    this.sheet = await this.zip.openFile(`xl/worksheets/sheet${this.sheets}.xml`);
    const cols = this.columns
      .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
      .join('');
    await this.add(
      `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><sheetViews><sheetView workbookViewId="0">` +
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        `<cols>${cols}</cols><sheetData>`,
    );
    await this.add(
      this.rowXml(
        this.columns.map((c) => c.header),
        BOLD,
      ),
    );
  }

  private async closeSheet() {
    await this.add('</sheetData></worksheet>');
    if (!this.xml.empty) await this.sheet!.write(this.xml.take());
    await this.sheet!.close();
  }

  /** Adds sheet XML; a chunk that is complete goes to the deflater (which waits while the reader is behind). */
  private async add(text: string) {
    const full = this.xml.add(text);
    if (full) await this.send(full);
  }

  private async send(chunks: Buffer[]) {
    for (const chunk of chunks) await this.sheet!.write(chunk);
  }

  private rowXml(values: readonly XlsxValue[], style?: number): string {
    this.row += 1;
    const r = this.row;
    const s = style ? ` s="${style}"` : '';
    let xml = `<row r="${r}">`;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null || value === undefined || value === '') continue;
      const ref = `${this.letters[i]}${r}`;
      if (typeof value === 'number') {
        if (Number.isFinite(value)) xml += `<c r="${ref}"${s}><v>${value}</v></c>`;
      } else if (value instanceof Date) {
        xml += `<c r="${ref}" s="${DATE_TIME}"><v>${serial(value)}</v></c>`;
      } else {
        const text = escapeXml(value.length > MAX_CELL_TEXT ? value.slice(0, MAX_CELL_TEXT) : value);
        const space = KEEP_SPACE.test(text) ? ' xml:space="preserve"' : '';
        xml += `<c r="${ref}" t="inlineStr"${s}><is><t${space}>${text}</t></is></c>`;
      }
    }
    return `${xml}</row>`;
  }

  /** Sheet names: at most 31 characters, none of `[]:*?/\`; the second and later get a number. */
  private nameOfSheet(index: number): string {
    const base = this.sheetName.replace(/[[\]:*?/\\]/g, '_') || 'Sheet';
    const suffix = index === 0 ? '' : ` (${index + 1})`;
    return base.slice(0, 31 - suffix.length) + suffix;
  }
}

const contentTypes = (sheets: number) =>
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  Array.from(
    { length: sheets },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('') +
  '</Types>';

const ROOT_RELS =
  `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const workbook = (names: string[]) =>
  `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>` +
  names.map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
  '</sheets></workbook>';

const workbookRels = (sheets: number) =>
  `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
  Array.from(
    { length: sheets },
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('') +
  `<Relationship Id="rId${sheets + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;

const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${NS}">` +
  `<numFmts count="1"><numFmt numFmtId="164" formatCode="${XLSX_DATE_FORMAT}"/></numFmts>` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';
