import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { XlsxWriter } from './xlsx-writer.js';

const columns = [
  { header: 'Name', width: 10 },
  { header: '金额', width: 10 },
  { header: 'When', width: 20 },
];

async function write(rows: unknown[][], maxRows?: number): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const xlsx = new XlsxWriter(out, 'Sheet [1]', columns, maxRows);
  for (const row of rows) await xlsx.addRow(row as never);
  await xlsx.finish();
  out.end();
  return Buffer.concat(chunks);
}

async function read(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { name: sheet.name, rows, sheet };
  });
}

describe('XlsxWriter', () => {
  it('writes text, numbers and dates that exceljs reads back; escapes XML and drops control characters', async () => {
    const when = new Date(Date.UTC(2026, 2, 15, 4, 5, 6));
    const [sheet] = await read(
      await write([
        ['<a & "b">\u0001', 12345.67, when],
        [null, -1, undefined],
      ]),
    );
    expect(sheet.name).toBe('Sheet _1_');
    expect(sheet.rows).toEqual([
      ['Name', '金额', 'When'],
      ['<a & "b">', 12345.67, when],
      [undefined, -1],
    ]);
    expect(sheet.sheet.getRow(2).getCell(3).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.sheet.getRow(1).getCell(1).font?.bold).toBe(true);
  });

  it('is a valid zip (unzip -t) and goes on in a second sheet, header repeated, past the row limit', async () => {
    const body = await write([['a'], ['b'], ['c'], ['d'], ['e']], 3);
    const sheets = await read(body);
    expect(sheets.map((s) => [s.name, s.rows.map((r) => r[0])])).toEqual([
      ['Sheet _1_', ['Name', 'a', 'b']],
      ['Sheet _1_ (2)', ['Name', 'c', 'd']],
      ['Sheet _1_ (3)', ['Name', 'e']],
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
    try {
      writeFileSync(join(dir, 'x.xlsx'), body);
      expect(execFileSync('unzip', ['-t', join(dir, 'x.xlsx')]).toString()).toContain('No errors detected');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // no unzip on this machine
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('waits for a slow reader instead of buffering the file', async () => {
    let buffered = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _encoding, callback) {
        setImmediate(callback);
      },
    });
    const xlsx = new XlsxWriter(slow, 'S', columns);
    for (let i = 0; i < 20_000; i++) {
      await xlsx.addRow([`row ${i} ${Math.random()}`, i, new Date(i * 1000)]);
      buffered = Math.max(buffered, slow.writableLength);
    }
    await xlsx.finish();
    // one deflate output chunk (16 KiB) at most, plus the small parts written at the end
    expect(buffered).toBeLessThan(64 * 1024);
  });
});
