import type { Response } from 'express';
import { contentDisposition } from '../export/stream-export.js';
import { createPdf, finishPdf, type Pdf } from './pdf-document.js';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

function startDownload(res: Response, type: keyof typeof CONTENT_TYPES, filename: string): void {
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPES[type]);
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('Cache-Control', 'no-store');
}

/** Sends a file built in memory (a CSV or XLSX report). */
export function sendFile(res: Response, type: 'csv' | 'xlsx', filename: string, body: string | Buffer): void {
  startDownload(res, type, filename);
  res.end(body);
}

/**
 * Streams a PDF to the response: `draw` lays out the pages, then the header and footer with page numbers are
 * written on each. Everything that can fail for a client's reason (validation, 404) happens before this.
 */
export async function sendPdf(
  res: Response,
  filename: string,
  page: { title: string; header: string; footer: string },
  draw: (doc: Pdf) => void,
): Promise<void> {
  const doc = await createPdf({ title: page.title });
  startDownload(res, 'pdf', filename);
  const finished = new Promise<void>((resolve, reject) => {
    res.on('finish', resolve);
    res.on('close', resolve);
    doc.on('error', reject);
  });
  doc.pipe(res);
  try {
    draw(doc);
    finishPdf(doc, page.header, page.footer);
  } catch (error) {
    // the status line is gone: cut the download short so the client sees a broken file, not a truncated one
    res.destroy(error as Error);
    throw error;
  }
  await finished;
}
