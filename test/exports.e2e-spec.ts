import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Tag } from '../src/customers/entities/tag.entity.js';
import { CustomerExportService, CUSTOMER_EXPORT_BATCH_SIZE } from '../src/reports/export/customer-export.service.js';
import { Course } from '../src/teaching/entities/course.entity.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const API = '/api/v1/customers/export';
const BOM = '\uFEFF';

/** Reads the body as bytes whatever the content type (supertest would decode text and parse nothing else). */
const binary = (res: Response, callback: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('customer export: CSV and XLSX, the list filters and record scope, streamed in keyset batches', () => {
  let t: TestApp;
  let admin: Auth;
  let a: { id: number; auth: Auth };
  let b: { id: number; auth: Auth };
  let exporter: { id: number; auth: Auth };
  const ids: Record<string, number> = {};
  const num = (key: string) => `C-${String(ids[key]).padStart(6, '0')}`;

  const download = async (auth: Auth, query: string) => {
    const res = await t.http.get(`${API}?${query}`).set(auth).buffer(true).parse(binary);
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${res.body}`);
    return res;
  };
  const csv = async (auth: Auth, query: string) => (await download(auth, `format=csv&${query}`)).body.toString('utf8');
  /** The number column of a CSV whose names have no line breaks. */
  const numbers = (text: string) =>
    text
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(',')[0]);
  const xlsxRows = async (body: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { sheet, rows };
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    a = await staffWithRole(t, admin, 'exp_a', 'consultant');
    b = await staffWithRole(t, admin, 'exp_b', 'consultant');
    await t.http
      .post('/api/v1/roles')
      .set(admin)
      .send({ code: 'exporter', name: 'Exporter', permissions: ['reports.export', 'customers.read'], menuIds: [] })
      .expect(201);
    exporter = await staffWithRole(t, admin, 'exp_c', 'exporter');
    const vip = (await t.dataSource.getRepository(Tag).save({ name: 'VIP' })).id;
    const night = (await t.dataSource.getRepository(Tag).save({ name: '夜班' })).id;
    const python = (
      await t.dataSource.getRepository(Course).save({ name: 'Python', price: 100, periodMonths: 3, outline: '-' })
    ).id;
    const specs: [string, Auth, Record<string, unknown>][] = [
      [
        'quoted',
        a.auth,
        {
          name: 'Zhang, "Wei"',
          qq: '20001',
          phone: '13811110001',
          source: 0,
          consultCourseId: python,
          tagIds: [vip, night],
        },
      ],
      ['lines', b.auth, { name: 'Line one\nline two', qq: '20002', source: 1, status: 0, referralFrom: '20001' }],
      ['li', a.auth, { name: '李娜', qqName: '娜娜', phone: '13922220003', source: 2 }],
    ];
    for (const [key, auth, body] of specs)
      ids[key] = (await t.http.post('/api/v1/customers').set(auth).send(body).expect(201)).body.id;
    const repo = t.dataSource.getRepository(Customer);
    await repo.update(ids.quoted, {
      createdAt: new Date('2026-01-05T08:00:00.000Z'),
      latestIntention: 0,
      lastFollowUpAt: new Date('2026-03-01T08:00:00.000Z'),
    });
    // 20:00 UTC is 04:00 the next day at the school (Asia/Shanghai)
    await repo.update(ids.lines, { createdAt: new Date('2026-02-14T20:00:00.000Z') });
    await repo.update(ids.li, { createdAt: new Date('2026-03-01T00:00:00.000Z'), consultantId: exporter.id });
  });
  afterAll(() => t.close());

  it('writes CSV in English: BOM, headers, code labels, school-time dates, escaped commas, quotes and line breaks', async () => {
    const res = await download(admin, 'format=csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''customers-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    expect(res.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body.toString('utf8')).toBe(
      BOM +
        [
          'Number,Name,QQ,QQ nickname,Phone,Source,Status,Latest intention,Consultant,Course asked about,Tags,Referred by (QQ),Last follow-up,Created',
          `${num('quoted')},"Zhang, ""Wei""",20001,,13811110001,Referral,Not enrolled,Enrol within 2 weeks,exp_a,Python,"VIP, 夜班",,2026-03-01 16:00:00,2026-01-05 16:00:00`,
          `${num('lines')},"Line one\nline two",20002,,,QQ group,Enrolled,,exp_b,,,20001,,2026-02-15 04:00:00`,
          `${num('li')},李娜,,娜娜,13922220003,Official website,Not enrolled,,exp_c,,,,,2026-03-01 08:00:00`,
          '',
        ].join('\n'),
    );
  });

  it('writes CSV in Chinese: Chinese headers and labels, a Chinese file name (RFC 5987)', async () => {
    const res = await download(admin, 'format=csv&lang=zh');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="__-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''%E5%AE%A2%E6%88%B7-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    expect(res.body.toString('utf8')).toBe(
      BOM +
        [
          '编号,姓名,QQ,QQ昵称,电话,来源,状态,最新意向,咨询顾问,咨询课程,标签,推荐人QQ,最近跟进时间,创建时间',
          `${num('quoted')},"Zhang, ""Wei""",20001,,13811110001,转介绍,未报名,2周内报名,exp_a,Python,VIP、夜班,,2026-03-01 16:00:00,2026-01-05 16:00:00`,
          `${num('lines')},"Line one\nline two",20002,,,QQ群,已报名,,exp_b,,,20001,,2026-02-15 04:00:00`,
          `${num('li')},李娜,,娜娜,13922220003,官网,未报名,,exp_c,,,,,2026-03-01 08:00:00`,
          '',
        ].join('\n'),
    );
  });

  it("applies the list's own filters", async () => {
    const only = async (query: string) => {
      const text = await csv(admin, query);
      // names with line breaks span two lines: count records by their number
      return [...text.matchAll(/^C-\d{6}/gm)].map((m) => m[0]);
    };
    expect(await only('source=1')).toEqual([num('lines')]);
    expect(await only('status=1')).toEqual([num('quoted'), num('li')]);
    expect(await only(`consultantId=${a.id}`)).toEqual([num('quoted')]);
    expect(await only('q=Zhang')).toEqual([num('quoted')]);
    expect(await only(`q=${num('li')}`)).toEqual([num('li')]);
    expect(await only('createdFrom=2026-02-15&createdTo=2026-02-15')).toEqual([num('lines')]);
    expect(await only('latestIntention=0')).toEqual([num('quoted')]);
    expect(await only('source=5')).toEqual([]);
    // paging and sort do not cut or reorder an export: every matching row, by id
    expect(await only('pageSize=1&page=2&sort=-createdAt')).toEqual([num('quoted'), num('lines'), num('li')]);
  });

  it('applies record scope: reports.export without customers.read_all exports only your own customers', async () => {
    expect(numbers(await csv(exporter.auth, ''))).toEqual([num('li')]);
    // asking for someone else's customers finds none
    expect(numbers(await csv(exporter.auth, `consultantId=${a.id}`))).toEqual([]);
  });

  it('answers 401 without a token, 403 without reports.export, 400 for a bad format, lang or filter', async () => {
    await t.http.get(`${API}?format=csv`).expect(401);
    const denied = await t.http.get(`${API}?format=csv`).set(a.auth).expect(403);
    expect(JSON.stringify(denied.body)).toContain('reports.export');
    // deleted customers need customers.delete, as in the list: refused before any byte of the file
    await t.http.get(`${API}?format=csv&deleted=true`).set(exporter.auth).expect(403);
    // an export never shows what its reader could not list: reports.export alone is not enough
    await t.http
      .post('/api/v1/roles')
      .set(admin)
      .send({ code: 'export_only', name: 'Export only', permissions: ['reports.export'], menuIds: [] })
      .expect(201);
    const exportOnly = await staffWithRole(t, admin, 'exp_only', 'export_only');
    const unlisted = await t.http.get(`${API}?format=csv`).set(exportOnly.auth).expect(403);
    expect(unlisted.body.detail).toMatch(/customers\.read/);
    for (const query of ['', 'format=pdf', 'format=csv&lang=fr', 'format=csv&status=9']) {
      const res = await t.http.get(`${API}?${query}`).set(admin).expect(400);
      expect(res.headers['content-type']).toMatch(/json/);
    }
    const errors = (await t.http.get(`${API}?format=pdf&lang=fr`).set(admin).expect(400)).body.errors;
    expect(errors.map((e: { field: string }) => e.field).sort()).toEqual(['format', 'lang']);
  });

  it('writes XLSX that reads back with the same rows, dates as dates in school time', async () => {
    const res = await download(admin, 'format=xlsx&lang=zh');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''%E5%AE%A2%E6%88%B7-[\d-]+\.xlsx$/);
    const { sheet, rows } = await xlsxRows(res.body);
    expect(rows[0]).toEqual(csvHeaderZh);
    expect(rows.slice(1)).toEqual([
      [
        num('quoted'),
        'Zhang, "Wei"',
        '20001',
        undefined,
        '13811110001',
        '转介绍',
        '未报名',
        '2周内报名',
        'exp_a',
        'Python',
        'VIP、夜班',
        undefined,
        new Date('2026-03-01T16:00:00.000Z'),
        new Date('2026-01-05T16:00:00.000Z'),
      ],
      [
        num('lines'),
        'Line one\nline two',
        '20002',
        undefined,
        undefined,
        'QQ群',
        '已报名',
        undefined,
        'exp_b',
        undefined,
        undefined,
        '20001',
        undefined,
        new Date('2026-02-15T04:00:00.000Z'),
      ],
      [
        num('li'),
        '李娜',
        undefined,
        '娜娜',
        '13922220003',
        '官网',
        '未报名',
        undefined,
        'exp_c',
        undefined,
        undefined,
        undefined,
        undefined,
        new Date('2026-03-01T08:00:00.000Z'),
      ],
    ]);
    expect(sheet.getRow(2).getCell(14).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    // the consultant's file is scoped the same way
    expect((await xlsxRows((await download(exporter.auth, 'format=xlsx')).body)).rows.map((r) => r[0])).toEqual([
      'Number',
      num('li'),
    ]);
  });

  it('reads in keyset batches (one query each) with no row repeated or missed', async () => {
    expect(CUSTOMER_EXPORT_BATCH_SIZE).toBe(1000);
    for (let i = 1; i <= 5; i++) {
      const body = { name: `Batch ${i}`, qq: `3000${i}`, source: 3 };
      ids[`batch${i}`] = (await t.http.post('/api/v1/customers').set(a.auth).send(body).expect(201)).body.id;
    }
    const service = t.app.get(CustomerExportService);
    service.batchSize = 2;
    try {
      let text = '';
      const queries = await captureQueries(t.dataSource, async () => {
        text = await csv(admin, 'q=Batch');
      });
      const batches = queries.filter((q) => /FROM [`"]customer[`"] [`"]c[`"]/.test(q));
      expect(batches).toHaveLength(3); // 2 + 2 + 1 rows
      expect(numbers(text)).toEqual([1, 2, 3, 4, 5].map((i) => num(`batch${i}`)));
      // a multiple of the batch size ends with one empty query; every row once, in id order
      service.batchSize = 4;
      let body = Buffer.alloc(0);
      const xlsxQueries = await captureQueries(t.dataSource, async () => {
        body = (await download(admin, 'format=xlsx')).body;
      });
      expect(xlsxQueries.filter((q) => /FROM [`"]customer[`"] [`"]c[`"]/.test(q))).toHaveLength(3); // 4 + 4 + 0
      const { rows } = await xlsxRows(body);
      const all = ['quoted', 'lines', 'li', 'batch1', 'batch2', 'batch3', 'batch4', 'batch5'].map(num);
      expect(rows.slice(1).map((r) => r[0])).toEqual(all);
    } finally {
      service.batchSize = CUSTOMER_EXPORT_BATCH_SIZE;
    }
  });
});

const csvHeaderZh = [
  '编号',
  '姓名',
  'QQ',
  'QQ昵称',
  '电话',
  '来源',
  '状态',
  '最新意向',
  '咨询顾问',
  '咨询课程',
  '标签',
  '推荐人QQ',
  '最近跟进时间',
  '创建时间',
];
