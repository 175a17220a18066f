import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { SheetRow } from './sheet-rows.js';

/** Line breaks inside a record's quoted values (CRLF counts once). */
const breaksIn = (cells: string[]) =>
  cells.reduce((sum, cell) => (/[\r\n]/.test(cell) ? sum + (cell.match(/\r\n|\r|\n/g)?.length ?? 0) : sum), 0);

/**
 * CSV rows, parsed as a stream. UTF-8 (with or without a BOM); a file that is not UTF-8 is read as GB18030,
 * what Excel writes when a Chinese Windows saves "CSV". Values stay text: converting them is the importer's job.
 */
export async function* csvRows(buffer: Buffer): AsyncGenerator<SheetRow> {
  const source = isUtf8(buffer) ? buffer : new TextDecoder('gb18030').decode(buffer);
  // every line gives a record (a blank one [""]), so a record's line is counted here: csv-parse's `info`
  // option would tell it, at twice the parsing time
  const parser = Readable.from([source]).pipe(parse({ bom: true, relax_column_count: true }));
  let line = 1;
  for await (const cells of parser as AsyncIterable<string[]>) {
    yield { line, cells };
    line += 1 + breaksIn(cells);
  }
}
