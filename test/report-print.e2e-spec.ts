import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Role } from '../src/auth/entities/role.entity.js';
import type { Response } from 'supertest';
import type { SalesFiguresDto, SalesReportDto } from '../src/reports/dto/sales-report.dto.js';
import type { Auth } from './support/fixtures.js';
import { buildReportDataset, staffWithPermissions, type ReportDataset } from './support/report-dataset.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const REPORTS = ['funnel', 'follow-ups', 'sales', 'enrollments', 'teaching', 'service'];
const RANGE = { from: '2026-03-01', to: '2026-04-30' };
const PDFTOTEXT = '/usr/bin/pdftotext';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Reads the body as bytes whatever the content type. */
const binary = (res: Response, callback: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);

/** CSV text → its blocks (separated by a blank line), each a list of records. */
function csvBlocks(text: string): string[][][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text
    .slice(1)
    .split(/\n\n/)
    .map((block) => parse(block, { relax_column_count: true }) as string[][]);
}

/** The CSV table titled `title`: its header row and its rows. */
function csvTable(blocks: string[][][], title: string) {
  const block = blocks.find((b) => b[0]?.[0] === title && b[0].length === 1);
  if (!block) throw new Error(`no table "${title}" in ${JSON.stringify(blocks.map((b) => b[0]))}`);
  return { header: block[1], rows: block.slice(2) };
}

async function xlsxSheets(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { name: sheet.name, sheet, header: rows[0], rows: rows.slice(1) };
  });
}

describe('report downloads (CSV, XLSX, PDF) and the printed customer profile', () => {
  let t: TestApp;
  let d: ReportDataset;
  let pdfDir: string;

  beforeAll(async () => {
    t = await startTestApp();
    d = await buildReportDataset(t);
    pdfDir = mkdtempSync(join(tmpdir(), 'easycrm-print-'));
  });
  afterAll(async () => {
    rmSync(pdfDir, { recursive: true, force: true });
    await t.close();
  });

  async function json(report: string, query: Record<string, string | number>, auth: Auth = d.admin) {
    const res = await t.http.get(`/api/v1/reports/${report}`).query(query).set(auth).expect(200);
    return res.body;
  }

  async function download(path: string, query: Record<string, string | number>, auth: Auth = d.admin) {
    const res = await t.http.get(path).query(query).set(auth).buffer(true).parse(binary);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body}`);
    return res;
  }

  const exported = (report: string, query: Record<string, string | number>, auth?: Auth) =>
    download(`/api/v1/reports/${report}/export`, query, auth);

  /** The PDF's text as pdftotext reads it, or null on a machine without poppler (CI installs it). */
  function pdfText(body: Buffer, name: string): string | null {
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(body.subarray(-6).toString('latin1')).toContain('%%EOF');
    if (!existsSync(PDFTOTEXT)) {
      if (process.env.CI) throw new Error(`CI reads the PDFs' text with ${PDFTOTEXT} (Debian poppler-utils)`);
      return null;
    }
    const file = join(pdfDir, name);
    writeFileSync(file, body);
    return execFileSync(PDFTOTEXT, ['-layout', file, '-'], { encoding: 'utf8' });
  }

  describe('access and input', () => {
    it('answers 401 without a token and 403 without reports.export', async () => {
      const noExport = await staffWithPermissions(t, d.admin, 'reader', ['reports.read']);
      for (const report of REPORTS) {
        const path = `/api/v1/reports/${report}/export`;
        await t.http.get(path).query({ format: 'csv' }).expect(401);
        const denied = await t.http.get(path).query({ format: 'csv' }).set(d.staff.plain.auth).expect(403);
        expect(denied.body.detail).toBe('Requires permission reports.export');
        await t.http.get(path).query({ format: 'pdf' }).set(noExport.auth).expect(403);
      }
    });

    it('refuses a bad format or language, a missing format and unknown fields with 400 naming the field', async () => {
      const bad = async (query: Record<string, string>, field: string) => {
        const res = await t.http.get('/api/v1/reports/sales/export').query(query).set(d.admin).expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      };
      await bad({ format: 'doc' }, 'format');
      await bad({}, 'format');
      await bad({ format: 'pdf', lang: 'fr' }, 'lang');
      await bad({ format: 'csv', to: 'yesterday' }, 'to');
      await bad({ format: 'csv', foo: '1' }, 'foo');
      const funnel = await t.http
        .get('/api/v1/reports/funnel/export')
        .query({ format: 'csv', campusId: '1' })
        .set(d.admin)
        .expect(400);
      expect(funnel.body.errors.map((e: { field: string }) => e.field)).toEqual(['campusId']);
    });
  });

  it('documents the downloads in the OpenAPI document: permission, query parameters, media types', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    for (const report of REPORTS) {
      const route = doc.paths[`/api/v1/reports/${report}/export`].get;
      expect(route['x-permission']).toBe('reports.export');
      const params = Object.fromEntries(
        route.parameters.map((p: { name: string; schema: unknown }) => [p.name, p.schema]),
      );
      expect(params.format).toMatchObject({ enum: ['csv', 'xlsx', 'pdf'] });
      expect(params.lang).toMatchObject({ enum: ['en', 'zh'] });
      expect(params.from).toBeDefined();
      expect(Object.keys(route.responses['200'].content)).toEqual([
        'text/csv',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'application/pdf',
      ]);
    }
    const salesParams = doc.paths['/api/v1/reports/sales/export'].get.parameters.map((p: { name: string }) => p.name);
    expect(salesParams.sort()).toEqual(['campusId', 'consultantId', 'courseId', 'format', 'from', 'lang', 'to']);
    const profile = doc.paths['/api/v1/customers/{id}/profile.pdf'].get;
    expect(profile['x-permission']).toBe('customers.read');
    expect(Object.keys(profile.responses['200'].content)).toEqual(['application/pdf']);
  });

  describe('CSV and XLSX hold the JSON report’s figures', () => {
    it('sales as CSV in English: a title block, then every table with its title row, yuan amounts', async () => {
      const report: SalesReportDto = await json('sales', RANGE);
      const res = await exported('sales', { ...RANGE, format: 'csv' });
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="sales-report-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''sales-report-\d{4}-\d{2}-\d{2}\.csv$/,
      );
      const blocks = csvBlocks(res.body.toString('utf8'));
      expect(blocks[0]).toEqual([['Sales report'], ['Period: 2026-03-01 to 2026-04-30 (Asia/Shanghai)']]);
      expect(blocks.slice(1).map((b) => b[0][0])).toEqual([
        'Totals',
        'By month',
        'By consultant',
        'By course',
        'By campus',
      ]);
      const figures = (f: SalesFiguresDto) =>
        [f.paid, f.refunded, f.net]
          .map((fen) => String(yuan(fen)))
          .concat(
            [f.payments, f.refunds, f.enrollments].map(String),
            f.averagePerEnrollment === null ? '' : String(yuan(f.averagePerEnrollment)),
          );
      const totals = csvTable(blocks, 'Totals');
      expect(totals.header).toEqual([
        'Paid (CNY)',
        'Refunded (CNY)',
        'Net (CNY)',
        'Payments',
        'Refunds',
        'Enrollments',
        'Average per enrollment (CNY)',
      ]);
      expect(totals.rows).toEqual([figures(report.totals)]);
      expect(totals.rows[0].slice(0, 3)).toEqual(['15800', '1000', '14800']); // the known dataset, in yuan
      const byMonth = csvTable(blocks, 'By month');
      expect(byMonth.header[0]).toBe('Month');
      expect(byMonth.rows).toEqual(report.byMonth.map((m) => [m.month, ...figures(m)]));
      expect(csvTable(blocks, 'By consultant').rows).toEqual(
        report.byConsultant.map((c) => [c.consultant.name, ...figures(c)]),
      );
      expect(csvTable(blocks, 'By campus').rows).toEqual(
        report.byCampus.map((c) => [c.campus?.name ?? '(no enrollment)', ...figures(c)]),
      );
    });

    it('funnel as CSV in Chinese: Chinese titles, headers and source labels, the filters named', async () => {
      const query = { ...RANGE, courseId: d.courses.python.id };
      const report = await json('funnel', query);
      const res = await exported('funnel', { ...query, format: 'csv', lang: 'zh' });
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('招生漏斗报表')}-`);
      const blocks = csvBlocks(res.body.toString('utf8'));
      expect(blocks[0]).toEqual([
        ['招生漏斗报表'],
        ['统计期间：2026-03-01 至 2026-04-30（Asia/Shanghai）'],
        ['筛选：课程：Python'],
      ]);
      const bySource = csvTable(blocks, '按来源');
      expect(bySource.header).toEqual(['来源', '新客户', '已跟进', '已报名', '跟进率', '转化率']);
      expect(bySource.rows).toEqual(
        report.bySource.map((s: Record<string, number> & { source: { zh: string } }) => [
          s.source.zh,
          ...[s.newCustomers, s.followedUp, s.enrolled, s.followUpRate, s.conversionRate].map(String),
        ]),
      );
      expect(bySource.rows.map((r) => r[0])).toContain('转介绍');
    });

    it('funnel as XLSX in Chinese: a worksheet per table, bold headers, numbers as numbers', async () => {
      const report = await json('funnel', RANGE);
      const res = await exported('funnel', { ...RANGE, format: 'xlsx', lang: 'zh' });
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      const sheets = await xlsxSheets(res.body);
      expect(sheets.map((s) => s.name)).toEqual(['合计', '按来源', '按顾问', '按月份']);
      const bySource = sheets[1];
      expect(bySource.header).toEqual(['来源', '新客户', '已跟进', '已报名', '跟进率', '转化率']);
      expect(bySource.sheet.getRow(1).font?.bold).toBe(true);
      expect(bySource.rows).toEqual(
        report.bySource.map((s: Record<string, number> & { source: { zh: string } }) => [
          s.source.zh,
          s.newCustomers,
          s.followedUp,
          s.enrolled,
          s.followUpRate,
          s.conversionRate,
        ]),
      );
      expect(bySource.sheet.getRow(2).getCell(5).numFmt).toBe('0.00%');
      expect(sheets[3].rows.map((r) => r[0])).toEqual(report.byMonth.map((m: { month: string }) => m.month));
      expect(sheets[0].rows).toEqual([
        [
          report.totals.newCustomers,
          report.totals.followedUp,
          report.totals.enrolled,
          report.totals.followUpRate,
          report.totals.conversionRate,
        ],
      ]);
    });

    it('sales as XLSX in English with a filter: money cells are yuan numbers, equal to the JSON report', async () => {
      const query = { ...RANGE, campusId: d.campuses.beijing.id };
      const report = await json('sales', query);
      const sheets = await xlsxSheets((await exported('sales', { ...query, format: 'xlsx' })).body);
      expect(sheets.map((s) => s.name)).toEqual(['Totals', 'By month', 'By consultant', 'By course', 'By campus']);
      const [totals] = sheets[0].rows;
      expect(totals.slice(0, 3)).toEqual([
        yuan(report.totals.paid),
        yuan(report.totals.refunded),
        yuan(report.totals.net),
      ]);
      expect(totals.slice(0, 3)).toEqual([12000, 1000, 11000]);
      expect(sheets[0].sheet.getRow(2).getCell(1).numFmt).toBe('#,##0.00');
      expect(sheets[1].rows.map((r) => [r[0], r[3]])).toEqual(
        report.byMonth.map((m: { month: string; net: number }) => [m.month, yuan(m.net)]),
      );
    });

    it('applies the reader’s record scope, as the JSON report does', async () => {
      // zhao (own customers only) is given reports.export
      const role = await t.dataSource.getRepository(Role).findOneByOrFail({ code: 'zhao-role' });
      await t.http
        .patch(`/api/v1/roles/${role.id}`)
        .set(d.admin)
        .send({ permissions: [...role.permissions, 'reports.export'], version: role.version })
        .expect(200);
      const zhao = { Authorization: `Bearer ${await t.login('zhao', 'zhao#Pass2026')}` };
      const all = await json('sales', RANGE);
      const own = await json('sales', RANGE, zhao);
      expect(own.totals.paid).toBeLessThan(all.totals.paid);
      const sheets = await xlsxSheets((await exported('sales', { ...RANGE, format: 'xlsx' }, zhao)).body);
      expect(sheets[0].rows[0].slice(0, 3)).toEqual([
        yuan(own.totals.paid),
        yuan(own.totals.refunded),
        yuan(own.totals.net),
      ]);
      expect(sheets[2].rows.map((r) => r[0])).toEqual(
        own.byConsultant.map((c: { consultant: { name: string } }) => c.consultant.name),
      );
    });
  });

  describe('PDF', () => {
    it('prints every report in both languages as a PDF', async () => {
      const titles: Record<string, [string, string]> = {
        funnel: ['Acquisition funnel report', '招生漏斗报表'],
        'follow-ups': ['Follow-up report', '跟进报表'],
        sales: ['Sales report', '销售报表'],
        enrollments: ['Enrollment report', '报名报表'],
        teaching: ['Teaching report', '教学报表'],
        service: ['Service feedback report', '服务反馈报表'],
      };
      for (const report of REPORTS)
        for (const [i, lang] of ['en', 'zh'].entries()) {
          const res = await exported(report, { ...RANGE, format: 'pdf', lang });
          expect(res.headers['content-type']).toBe('application/pdf');
          expect(res.headers['content-disposition']).toMatch(/\.pdf$/);
          const text = pdfText(res.body, `${report}-${lang}.pdf`);
          if (text !== null) expect(text).toContain(titles[report][i]);
        }
    });

    it('sales PDF in Chinese holds the title, period, filter, tables and figures', async () => {
      const query = { ...RANGE, campusId: d.campuses.beijing.id };
      const res = await exported('sales', { ...query, format: 'pdf', lang: 'zh' });
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="____-\d{4}-\d{2}-\d{2}\.pdf"/);
      const text = pdfText(res.body, 'sales-zh.pdf');
      if (text === null) return;
      for (const expected of [
        '销售报表',
        '统计期间：2026-03-01 至 2026-04-30',
        '校区：北京校区',
        '按月份',
        '净收入（元）',
      ])
        expect(text).toContain(expected);
      expect(text).toContain('12,000.00');
      expect(text).toContain('2026-04');
      expect(text).toMatch(/1 ?\/ ?1/); // the footer: page 1 of 1
    });

    it('funnel PDF in English holds the title, the tables and code labels', async () => {
      const text = pdfText((await exported('funnel', { ...RANGE, format: 'pdf' })).body, 'funnel-en.pdf');
      if (text === null) return;
      for (const expected of ['Acquisition funnel report', 'Period: 2026-03-01 to 2026-04-30', 'By source', 'Referral'])
        expect(text).toContain(expected);
      expect(text).toContain('Conversion rate');
    });
  });

  describe('customer profile', () => {
    const profile = (id: number, auth: Auth | null, lang = 'zh') => {
      const req = t.http.get(`/api/v1/customers/${id}/profile.pdf`).query({ lang });
      return auth ? req.set(auth) : req;
    };

    it('prints the customer, contacts, follow-ups, enrollments, payments and open feedback', async () => {
      const { c1 } = d.customers;
      await t.http
        .post(`/api/v1/customers/${c1.id}/contacts`)
        .set(d.admin)
        .send({ name: '陈父', relation: 1, phone: '13900000001' })
        .expect(201);
      const res = await profile(c1.id, d.admin).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const text = pdfText(res.body, 'profile-zh.pdf');
      if (text === null) return;
      for (const expected of ['客户档案', '陈一', '陈父', '电话沟通', '2周内报名', '北京校区', '6,000.00', '转介绍'])
        expect(text).toContain(expected);
      const en = pdfText((await profile(c1.id, d.admin, 'en').buffer(true).parse(binary).expect(200)).body, 'p-en.pdf');
      for (const expected of ['Customer profile', '陈一', 'Latest follow-ups', 'Referral', 'WeChat Pay'])
        expect(en).toContain(expected);
    });

    it('leaves out the sections the reader may not read', async () => {
      // zhao reads customers (their own) but not follow-ups
      const res = await profile(d.customers.c1.id, d.staff.zhao.auth).buffer(true).parse(binary).expect(200);
      const text = pdfText(res.body, 'profile-zhao.pdf');
      if (text === null) return;
      expect(text).toContain('陈一');
      expect(text).not.toContain('电话沟通');
      expect(text).toContain('无权查看');
    });

    it('answers 404 for another consultant’s or a missing customer, 401 anonymous, 400 for a bad language', async () => {
      const other = await profile(d.customers.c1.id, d.staff.lina.auth).expect(404);
      expect(other.body.detail).toBe(`Customer ${d.customers.c1.id} does not exist`);
      await profile(999_999, d.admin).expect(404);
      await profile(d.customers.c1.id, null).expect(401);
      const bad = await profile(d.customers.c1.id, d.admin, 'fr').expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['lang']);
      await profile(d.customers.c5.id, d.staff.lina.auth).expect(200);
    });
  });
});
