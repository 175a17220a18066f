import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { IMPORT_COLUMNS } from '../src/customers/import/import-columns.js';
import { CustomerImportService, IMPORT_BATCH_SIZE } from '../src/customers/import/customer-import.service.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Tag } from '../src/customers/entities/tag.entity.js';
import { CUSTOMER_EXPORT_COLUMNS } from '../src/reports/export/customer-export.service.js';
import { Course } from '../src/teaching/entities/course.entity.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const API = '/api/v1/customers/import';
const BOM = '\uFEFF';

/** Reads a download as bytes whatever its content type. */
const binary = (res: Response, callback: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('customers');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('customer import: CSV and XLSX, dry run, duplicates, all-or-nothing or valid rows, record scope', () => {
  let t: TestApp;
  let admin: Auth;
  let a: { id: number; auth: Auth };
  let b: { id: number; auth: Auth };
  let teacher: { id: number; auth: Auth };
  let vip: number;
  let night: number;
  let python: number;

  const upload = (auth: Auth | undefined, file: Buffer, filename: string, fields: Record<string, string> = {}) => {
    let req = t.http.post(API);
    if (auth) req = req.set(auth);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req.attach('file', file, filename);
  };
  const customers = () => t.dataSource.getRepository(Customer);
  const counts = async () => ({
    customers: await customers().count({ withDeleted: true }),
    audit: await t.dataSource.getRepository(AuditLog).count(),
  });
  const create = async (auth: Auth, body: Record<string, unknown>) =>
    (await t.http.post('/api/v1/customers').set(auth).send(body).expect(201)).body as { id: number; number: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    a = await staffWithRole(t, admin, 'imp_a', 'consultant');
    b = await staffWithRole(t, admin, 'imp_b', 'consultant');
    teacher = await staffWithRole(t, admin, 'imp_t', 'teacher');
    vip = (await t.dataSource.getRepository(Tag).save({ name: 'VIP' })).id;
    night = (await t.dataSource.getRepository(Tag).save({ name: '夜班' })).id;
    python = (
      await t.dataSource.getRepository(Course).save({ name: 'Python', price: 100, periodMonths: 3, outline: '-' })
    ).id;
  });
  afterAll(() => t.close());

  it('accepts every header of the customer export, in English and in Chinese', () => {
    for (const column of CUSTOMER_EXPORT_COLUMNS) {
      expect(IMPORT_COLUMNS).toContainEqual(expect.objectContaining({ key: column.key, en: column.en, zh: column.zh }));
    }
  });

  describe('a file with a duplicate, a good row and bad rows', () => {
    let existing: { id: number; number: string };
    const file = () =>
      csv(
        'Name,QQ,Phone,Source,Status,Consultant,Tags,Course asked about',
        'Zhang,30001,,QQ group,,,,',
        'Li,,138 0000-0001,Referral,Enrolled,,VIP,python',
        'Bad,abc,,Nowhere,,,Nope,',
        'Wang,,13800000001,1,,,,',
        '',
        'NoContact,,,1,,,,',
      );

    beforeAll(async () => {
      existing = await create(admin, { name: 'Zhang', qq: '30001', source: 1 });
    });

    it('dry run: reports row errors (line, field, message) and duplicates, and changes nothing', async () => {
      const before = await counts();
      const res = await upload(admin, file(), 'leads.csv', { dryRun: 'true' }).expect(200);
      expect(res.body).toMatchObject({
        dryRun: true,
        mode: 'all-or-nothing',
        rows: 5,
        created: 1,
        updated: 0,
        skipped: 1,
        failed: 3,
        duplicateCount: 1,
      });
      expect(res.body.duplicates).toEqual([
        {
          line: 2,
          field: 'qq',
          value: '30001',
          customerId: existing.id,
          customerNumber: existing.number,
          action: 'skip',
        },
      ]);
      const errors = res.body.errors as { line: number; field: string; message: string }[];
      expect(errors.map((e) => [e.line, e.field])).toEqual([
        [4, 'source'],
        [4, 'tags'],
        [4, 'qq'],
        [5, 'phone'],
        [7, 'qq'],
        [7, 'phone'],
      ]);
      expect(errors.find((e) => e.line === 4 && e.field === 'source')?.message).toMatch(
        /"Nowhere" is not a customer source.*1 = QQ group/,
      );
      expect(errors.find((e) => e.line === 4 && e.field === 'tags')?.message).toBe('no tag is named "Nope"');
      expect(errors.find((e) => e.line === 4 && e.field === 'qq')?.message).toMatch(/QQ number/);
      expect(errors.find((e) => e.line === 5)?.message).toBe('repeats the phone of line 3');
      expect(errors.find((e) => e.line === 7)?.message).toBe('a qq or a phone is required');
      expect(await counts()).toEqual(before);
    });

    it('all-or-nothing: one bad row and nothing changes (422 with the row errors)', async () => {
      const before = await counts();
      const res = await upload(admin, file(), 'leads.csv').expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 422, rows: 5, created: 0, failed: 3, dryRun: false });
      expect(res.body.detail).toMatch(/3 of 5 rows have errors; nothing was imported/);
      expect(res.body.errors).toContainEqual({ line: 5, field: 'phone', message: 'repeats the phone of line 3' });
      expect(await counts()).toEqual(before);
    });

    it('valid-rows: imports the good rows with the names and labels resolved, reports the rest', async () => {
      const res = await upload(admin, file(), 'leads.csv', { mode: 'valid-rows' }).expect(200);
      expect(res.body).toMatchObject({ dryRun: false, rows: 5, created: 1, updated: 0, skipped: 1, failed: 3 });
      const li = await customers().findOneOrFail({ where: { phone: '13800000001' }, relations: { tags: true } });
      expect(li).toMatchObject({ name: 'Li', source: 0, status: 0, consultCourseId: python, version: 1 });
      expect(li.tags.map((tag) => tag.id)).toEqual([vip]);
      const audit = await t.dataSource
        .getRepository(AuditLog)
        .findOneByOrFail({ entity: 'customer', entityId: String(li.id), action: 'create' });
      expect(audit.actorId).toBe(1);
    });
  });

  it('duplicates=update: updates the customer from the non-blank cells, with a new version and an audit entry', async () => {
    const zhao = await create(admin, { name: 'Zhao', qq: '30011', phone: '13800000011', source: 1, memo: 'keep me' });
    const file = csv('QQ,Name,Phone,Status,Source,Memo', '30011,Zhao Lei,,Enrolled,QQ group,');
    const dry = await upload(admin, file, 'update.csv', { duplicates: 'update', dryRun: 'true' }).expect(200);
    expect(dry.body).toMatchObject({ created: 0, updated: 1, skipped: 0, failed: 0 });
    expect((await customers().findOneByOrFail({ id: zhao.id })).version).toBe(1);

    const res = await upload(admin, file, 'update.csv', { duplicates: 'update' }).expect(200);
    expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 0, skipped: 0, failed: 0 });
    expect(res.body.duplicates).toEqual([
      { line: 2, field: 'qq', value: '30011', customerId: zhao.id, customerNumber: zhao.number, action: 'update' },
    ]);
    const updated = await customers().findOneByOrFail({ id: zhao.id });
    // blank cells leave their fields alone
    expect(updated).toMatchObject({ name: 'Zhao Lei', status: 0, phone: '13800000011', memo: 'keep me', version: 2 });
    const audit = await t.dataSource
      .getRepository(AuditLog)
      .findOneByOrFail({ entity: 'customer', entityId: String(zhao.id), action: 'update' });
    expect(audit.changes).toMatchObject({ name: ['Zhao', 'Zhao Lei'], status: [1, 0] });

    const again = await upload(admin, file, 'update.csv', { duplicates: 'update' }).expect(200);
    expect(again.body).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await customers().findOneByOrFail({ id: zhao.id })).version).toBe(2);
  });

  it('duplicates=skip (the default) leaves the existing customer alone', async () => {
    const sun = await create(admin, { name: 'Sun', phone: '13800000021', source: 1 });
    const res = await upload(admin, csv('Phone,Name,Source', '13800000021,Sun Li,1'), 'skip.csv').expect(200);
    expect(res.body).toMatchObject({ created: 0, updated: 0, skipped: 1 });
    expect(res.body.duplicates[0]).toMatchObject({ field: 'phone', customerId: sun.id, action: 'skip' });
    expect(await customers().findOneByOrFail({ id: sun.id })).toMatchObject({ name: 'Sun', version: 1 });
  });

  it('reads CSV with a BOM, Chinese headers and labels, a consultant by username and tags joined by 、', async () => {
    const file = Buffer.from(
      BOM + '姓名, 电话 ,来源,状态,咨询顾问,标签,咨询课程\n王芳,13900000002,转介绍,已报名,imp_a,VIP、夜班,Python\n',
    );
    const res = await upload(admin, file, '客户.csv').expect(200);
    expect(res.body).toMatchObject({ created: 1, failed: 0 });
    const wang = await customers().findOneOrFail({ where: { phone: '13900000002' }, relations: { tags: true } });
    expect(wang).toMatchObject({ name: '王芳', source: 0, status: 0, consultantId: a.id, consultCourseId: python });
    expect(wang.tags.map((tag) => tag.id).sort()).toEqual([vip, night].sort());
  });

  it('reads a CSV that Excel saved in GB18030, and reports the line a multi-line record starts on', async () => {
    const gbk = Buffer.from([
      ...Buffer.from('Name,Phone,Source\r\n'),
      ...[0xd5, 0xc5, 0xc8, 0xfd], // 张三
      ...Buffer.from(',13900000003,1\r\n"two\nlines",bad,1\r\n'),
    ]);
    const res = await upload(admin, gbk, 'gbk.csv', { mode: 'valid-rows' }).expect(200);
    expect(res.body).toMatchObject({ created: 1, failed: 1 });
    expect(res.body.errors).toEqual([{ line: 3, field: 'phone', message: expect.stringMatching(/phone must be/) }]);
    expect((await customers().findOneByOrFail({ phone: '13900000003' })).name).toBe('张三');
  });

  it('reads XLSX: numbers as text, codes as numbers or labels', async () => {
    const file = await xlsx([
      ['Name', 'QQ', 'Phone', 'Source', 'Status', 'Tags'],
      ['Excel One', 30031, 13900000031, 2, 'Not enrolled', 'VIP'],
      ['Excel Two', null, '139-0000-0032', 'Zhihu', 0, null],
    ]);
    const res = await upload(admin, file, 'leads.xlsx').expect(200);
    expect(res.body).toMatchObject({ rows: 2, created: 2, failed: 0 });
    expect(await customers().findOneByOrFail({ qq: '30031' })).toMatchObject({ phone: '13900000031', source: 2 });
    expect(await customers().findOneByOrFail({ phone: '13900000032' })).toMatchObject({ source: 5, status: 0 });
  });

  it('round trip: an XLSX export re-imported with duplicates=update updates every customer and creates none', async () => {
    const exported = await t.http
      .get('/api/v1/customers/export?format=xlsx&lang=zh')
      .set(admin)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const live = await customers().count();
    const before = await counts();
    const res = await upload(admin, exported.body as Buffer, 'export.xlsx', { duplicates: 'update' }).expect(200);
    expect(res.body).toMatchObject({ rows: live, created: 0, updated: live, unchanged: live, failed: 0 });
    expect(await counts()).toEqual(before);

    const csvExport = await t.http.get('/api/v1/customers/export?format=csv').set(admin).expect(200);
    const again = await upload(admin, Buffer.from(csvExport.text), 'export.csv', { duplicates: 'update' });
    expect(again.body).toMatchObject({ rows: live, created: 0, updated: live, failed: 0 });
  });

  it('consultant: imports for themselves only, updates only their own duplicates, learns nothing of others', async () => {
    const mine = await create(a.auth, { name: 'Mine', qq: '30041', source: 1 });
    const theirs = await create(b.auth, { name: 'Secret Name', qq: '30042', phone: '13800000042', source: 1 });
    const file = csv(
      'QQ,Phone,Name,Source,Consultant',
      '30041,,Mine Updated,1,',
      '30042,,Stolen,1,',
      ',13800000042,Stolen,1,imp_a',
      '30043,,New Lead,1,',
      '30044,,Given Away,1,imp_b',
    );
    const res = await upload(a.auth, file, 'mine.csv', { duplicates: 'update', mode: 'valid-rows' }).expect(200);
    expect(res.body).toMatchObject({ rows: 5, created: 1, updated: 1, failed: 3 });
    expect(res.body.duplicates).toEqual([expect.objectContaining({ line: 2, customerId: mine.id })]);
    expect(res.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [3, 'qq'],
      [4, 'phone'],
      [6, 'consultant'],
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(theirs.number);
    expect(text).not.toContain('Secret');
    expect(res.body.errors[0].message).toMatch(/another consultant/);
    expect(res.body.errors[2].message).toMatch(/customers\.assign/);
    expect(await customers().findOneByOrFail({ qq: '30043' })).toMatchObject({ consultantId: a.id });
    expect(await customers().findOneByOrFail({ id: theirs.id })).toMatchObject({ name: 'Secret Name', version: 1 });
  });

  it('401 without a token, 403 without customers.import', async () => {
    const file = csv('Name,Phone,Source', 'X,13800000051,1');
    await upload(undefined, file, 'x.csv').expect(401);
    const res = await upload(teacher.auth, file, 'x.csv').expect(403);
    expect(res.body.detail).toBe('Requires permission customers.import');
  });

  it('refuses bad input with 4xx in the problem shape and changes nothing', async () => {
    const before = await counts();
    const problem = (res: Response, status: number, detail: RegExp) => {
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ status, detail: expect.stringMatching(detail) });
    };
    problem(await t.http.post(API).set(admin).field('dryRun', 'true'), 400, /field "file"/);
    problem(await t.http.post(API).set(admin).send({ dryRun: true }), 400, /field "file"/);
    problem(await t.http.post(API).set(admin), 400, /field "file"/);
    problem(await upload(admin, Buffer.from('hello'), 'notes.txt'), 415, /send a \.csv or \.xlsx/);
    problem(await upload(admin, Buffer.from('PK'), 'old.xls'), 415, /save an \.xls workbook as \.xlsx/);
    problem(await upload(admin, Buffer.alloc(0), 'empty.csv'), 400, /empty/);
    problem(await upload(admin, Buffer.from('\r\n,,\r\n'), 'blank.csv'), 400, /empty/);
    problem(await upload(admin, csv('Name,Phone,Source'), 'header.csv'), 400, /no customers/);
    problem(await upload(admin, Buffer.from('not a zip at all'), 'broken.xlsx'), 400, /could not be read as XLSX/);
    problem(await upload(admin, Buffer.from('Name,"Phone\n'), 'broken.csv'), 400, /could not be read as CSV/);
    const unknown = await upload(admin, csv('Name,Phone,Source,Birthday,Shoe size', 'X,1380000,1,,'), 'u.csv');
    problem(unknown, 400, /Unknown columns: Birthday, Shoe size\./);
    expect(unknown.body.errors).toContainEqual({
      line: 1,
      field: 'Birthday',
      message: 'is not a customer import column',
    });
    problem(await upload(admin, csv('Name,Phone', 'X,1'), 'x.csv', { mode: 'some' }), 400, /mode must be one of/);
    problem(await upload(admin, csv('Name,Phone', 'X,1'), 'x.csv', { colour: 'red' }), 400, /colour/);
    problem(await upload(admin, Buffer.alloc(20 * 1024 * 1024 + 1, 'a'), 'huge.csv'), 413, /too large/i);

    const service = t.app.get(CustomerImportService);
    service.maxRows = 3;
    service.batchSize = 1; // valid-rows commits each batch: the file must be read to its end before the first
    try {
      const rows = ['Name,Phone,Source', ...[1, 2, 3, 4].map((i) => `R${i},1390000010${i},1`)];
      problem(await upload(admin, csv(...rows), 'many.csv'), 413, /more than 3 rows/);
      problem(await upload(admin, csv(...rows), 'many.csv', { mode: 'valid-rows' }), 413, /more than 3 rows/);
      const broken = csv('Name,Phone,Source', 'R1,13900000201,1', 'R2,13900000202,1', '"R3,13900000203,1');
      problem(await upload(admin, broken, 'broken.csv', { mode: 'valid-rows' }), 400, /could not be read/);
    } finally {
      service.maxRows = 200_000;
      service.batchSize = IMPORT_BATCH_SIZE;
    }
    expect(await counts()).toEqual(before);
  });

  it('is documented in the OpenAPI document as a multipart upload with its permission', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const operation = doc.paths['/api/v1/customers/import'].post;
    expect(operation['x-permission']).toBe('customers.import');
    expect(Object.keys(operation.requestBody.content)).toEqual(['multipart/form-data']);
    expect(operation.responses['200'].content['application/json'].schema.$ref).toMatch(/CustomerImportResultDto/);
    const result = doc.components.schemas.CustomerImportResultDto.properties;
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining(['dryRun', 'rows', 'created', 'updated', 'skipped', 'errors', 'duplicates']),
    );
  });

  it('imports many rows in batches (IMPORT_TEST_ROWS=20000 to measure)', async () => {
    const count = Number(process.env.IMPORT_TEST_ROWS ?? 1200);
    const lines = ['Name,QQ,Phone,Source,Status,Tags,Course asked about,Memo'];
    for (let i = 0; i < count; i++) {
      lines.push(`Bulk ${i},${5_000_000 + i},1770${String(i).padStart(7, '0')},${i % 7},${i % 2},VIP,Python,row ${i}`);
    }
    const before = await customers().count();
    for (const mode of ['all-or-nothing', 'valid-rows']) {
      const file = csv(...lines.map((line, i) => (i && mode === 'valid-rows' ? line.replace(/^Bulk/, 'Again') : line)));
      const started = Date.now();
      const res = await upload(admin, file, 'bulk.csv', { mode, duplicates: 'update' }).expect(200);
      const seconds = (Date.now() - started) / 1000;
      expect(res.body).toMatchObject({ rows: count, failed: 0 });
      if (process.env.IMPORT_TEST_ROWS) {
        console.log(`${mode}: ${count} rows in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)} rows/s`);
      }
    }
    expect(await customers().count()).toBe(before + count);
    expect(await customers().countBy({ name: 'Again 0', version: 2 })).toBe(1);
  }, 600_000);
});
