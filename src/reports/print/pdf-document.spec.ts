import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPdf, drawBarChart, drawTable, drawTitle, finishPdf, type Pdf } from './pdf-document.js';

const PDFTOTEXT = '/usr/bin/pdftotext';

async function render(draw: (doc: Pdf) => void): Promise<Buffer> {
  const doc = await createPdf({ title: 'test' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  draw(doc);
  finishPdf(doc, '页眉 header', '页脚 footer');
  await ended;
  return Buffer.concat(chunks);
}

/** The text of each page, or null without poppler. */
function pages(pdf: Buffer): string[] | null {
  if (!existsSync(PDFTOTEXT)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'pdf-document-'));
  try {
    writeFileSync(join(dir, 'test.pdf'), pdf);
    const text = execFileSync(PDFTOTEXT, ['-layout', join(dir, 'test.pdf'), '-'], { encoding: 'utf8' });
    return text.split('\f').filter((page) => page.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('pdf-document', () => {
  it('breaks a long table across pages, repeating its header, and numbers the pages', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [`学员${i + 1}`, `Row ${i + 1}`, String(i * 100)]);
    const pdf = await render((doc) => {
      drawTitle(doc, '长表格 Long table', ['第一行 first line']);
      drawTable(doc, [{ header: '姓名' }, { header: 'Name', weight: 2 }, { header: '金额', align: 'right' }], rows);
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pages(pdf);
    if (text === null) return;
    expect(text.length).toBeGreaterThanOrEqual(3);
    text.forEach((page, i) => {
      expect(page).toMatch(/姓名\s+Name\s+金额/);
      expect(page).toContain('页眉 header');
      expect(page).toContain('页脚 footer');
      expect(page).toMatch(new RegExp(`${i + 1} ?/ ?${text.length}`));
    });
    expect(text[0]).toContain('长表格 Long table');
    expect(text.join('')).toContain('学员150');
    // every row printed once
    expect(text.join('').match(/学员\d+/g)).toHaveLength(150);
  });

  it('draws a bar chart with negative values and labels', async () => {
    const pdf = await render((doc) =>
      drawBarChart(
        doc,
        [
          { label: '2026-03', value: 6000 },
          { label: '2026-04', value: -1500 },
          { label: '北京校区', value: 0 },
        ],
        (value) => value.toFixed(2),
      ),
    );
    const text = pages(pdf);
    if (text === null) return;
    expect(text[0]).toContain('北京校区');
    expect(text[0]).toContain('-1500.00');
  });
});
