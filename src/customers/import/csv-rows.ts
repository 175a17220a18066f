import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { SheetRow } from './sheet-rows.js';

/**
 * CSV rows, parsed as a stream. UTF-8 (with or without a BOM); a file that is not UTF-8 is read as GB18030,
 * what Excel writes when a Chinese Windows saves "CSV". Values stay text: converting them is the importer's job.
 */
export async function* csvRows(buffer: Buffer): AsyncGenerator<SheetRow> {
  const source = isUtf8(buffer) ? buffer : new TextDecoder('gb18030').decode(buffer);
  const parser = Readable.from([source]).pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    // info.lines is the record's last line: a quoted value with line breaks started that many lines earlier
    const breaks = record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
    yield { line: info.lines - breaks, cells: record };
  }
}
