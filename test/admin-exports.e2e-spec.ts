import { MAX_IMPORT_BYTES } from '../src/customers/import/customer-import.controller.js';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { CustomerStatus, PaymentType } from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import {
  ADMIN_API,
  adminSession,
  backOffice,
  startBackOfficeApp,
  type BackOfficeClient,
} from './support/back-office.js';
import { EnrollmentFixtures } from './support/enrollment-fixtures.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { staffWithPermissions } from './support/report-dataset.js';
import { ADMIN_PASSWORD, type TestApp } from './support/test-app.js';

type Staff = { id: number; auth: Auth; cookie: string; bo: BackOfficeClient };

const csvLines = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);

const binary = (req: ReturnType<BackOfficeClient['page']>) =>
  req.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('back office: export from the lists, print a customer profile, import customers', () => {
  let t: TestApp;
  let f: EnrollmentFixtures;
  let admin: Staff;
  let lina: Staff;
  let exporter: Staff;
  let teacher: Staff;
  let linaCustomer: Customer;
  let ownCustomer: Customer;

  const signIn = async (person: { id: number; auth: Auth }, username: string, password = `${username}#Pass2026`) => {
    const cookie = await adminSession(t, username, password);
    return { ...person, cookie, bo: backOffice(t, cookie) } satisfies Staff;
  };

  /** The Export drawer's call: the action with the list page's search, answering the download URL. */
  const exportUrl = async (staff: Staff, resource: string, search: Record<string, string> = {}) => {
    const res = await staff.bo.page(`${ADMIN_API}/${resource}/actions/export?${new URLSearchParams(search)}`);
    expect(res.status).toBe(200);
    return res.body.downloadUrl as string;
  };
  const download = (staff: Staff, url: string, format = 'csv', lang = 'en') =>
    staff.bo.page(`${url}${url.includes('?') ? '&' : '?'}format=${format}&lang=${lang}`);

  beforeAll(async () => {
    t = await startBackOfficeApp();
    f = new EnrollmentFixtures(t);
    const adminToken = await adminAuth(t);
    const me = await t.http.get('/api/v1/auth/me').set(adminToken).expect(200);
    admin = await signIn({ id: me.body.id, auth: adminToken }, 'admin', ADMIN_PASSWORD);
    lina = await signIn(await staffWithRole(t, adminToken, 'lina', 'consultant'), 'lina');
    teacher = await signIn(await staffWithRole(t, adminToken, 'teach', 'teacher'), 'teach');
    // a consultant who may export: own customers and payments only (no read_all)
    exporter = await signIn(
      await staffWithPermissions(t, adminToken, 'exporter', ['customers.read', 'payments.read', 'reports.export']),
      'exporter',
    );

    linaCustomer = await f.customer(lina.id, '李客户');
    ownCustomer = await f.customer(exporter.id, '导出客户');
    const enrolled = await f.customer(exporter.id, '已报名客户');
    await t.dataSource.getRepository(Customer).update(enrolled.id, { status: CustomerStatus.code.enrolled });

    const k = await f.schoolClass();
    const enrollments = t.dataSource.getRepository(Enrollment);
    const enroll = (customer: Customer) =>
      enrollments.save(
        enrollments.create({
          customerId: customer.id,
          classId: k.id,
          consultantId: customer.consultantId,
          status: 0,
          price: 980000,
          purchasedLessons: 10,
        }),
      );
    const linaEnrollment = await enroll(linaCustomer);
    const ownEnrollment = await enroll(enrolled);
    await f.payment(linaEnrollment, 150000);
    await f.payment(ownEnrollment, 200000);
    await f.payment(ownEnrollment, 50000, PaymentType.code.refund);
  });
  afterAll(() => t.close());

  describe('export from a list (the Export drawer)', () => {
    it('answers the download URL of the customer list as filtered, in the API list query', async () => {
      const url = await exportUrl(admin, 'Customer', {
        'filters.status': 'enrolled',
        'filters.createdAt~~from': '2020-01-01',
        page: '2',
      });
      expect(url).toBe(
        `/admin/downloads/lists/customers?status=${CustomerStatus.code.enrolled}&createdFrom=2020-01-01`,
      );
      const file = await download(admin, url).expect(200);
      expect(file.headers['content-disposition']).toMatch(/filename="customers-\d{4}-\d{2}-\d{2}\.csv"/);
      const lines = csvLines(file.text);
      expect(lines[0]).toMatch(/^Number,Name,QQ/);
      expect(lines.slice(1)).toEqual([expect.stringContaining('已报名客户')]);

      // unfiltered: the whole list, in Chinese, as XLSX too
      const all = await exportUrl(admin, 'Customer');
      expect(all).toBe('/admin/downloads/lists/customers');
      const zh = await download(admin, all, 'csv', 'zh').expect(200);
      expect(csvLines(zh.text)[0]).toMatch(/^编号,姓名/);
      expect(csvLines(zh.text)).toHaveLength(4);
      const xlsx = await binary(download(admin, all, 'xlsx')).expect(200);
      expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    });

    it("gives a consultant only their own customers and payments (the list's record scope)", async () => {
      const customers = await download(exporter, await exportUrl(exporter, 'Customer')).expect(200);
      const names = csvLines(customers.text).slice(1);
      expect(names).toHaveLength(2);
      expect(customers.text).not.toContain('李客户');

      const payments = await download(exporter, await exportUrl(exporter, 'Payment')).expect(200);
      expect(csvLines(payments.text)).toHaveLength(3);
      const allPayments = await download(admin, await exportUrl(admin, 'Payment')).expect(200);
      expect(csvLines(allPayments.text)).toHaveLength(4);
    });

    it('exports the payment list as filtered (a code filter and a date range)', async () => {
      const url = await exportUrl(admin, 'Payment', { 'filters.type': 'refund', 'filters.paidAt~~to': '2999-12-31' });
      expect(url).toBe(`/admin/downloads/lists/payments?type=${PaymentType.code.refund}&paidTo=2999-12-31`);
      const file = await download(admin, url, 'csv', 'zh').expect(200);
      const lines = csvLines(file.text);
      expect(lines[0]).toMatch(/^编号,缴费时间/);
      expect(lines.slice(1)).toEqual([expect.stringContaining('退费')]);
      expect(file.headers['content-disposition']).toContain(encodeURIComponent('缴费记录'));
    });

    it('offers every list that has an export: follow-ups, enrollments, feedback', async () => {
      for (const [resource, name] of [
        ['FollowUp', 'followups'],
        ['Enrollment', 'enrollments'],
        ['Feedback', 'feedback'],
      ]) {
        const url = await exportUrl(admin, resource);
        expect(url).toBe(`/admin/downloads/lists/${name}`);
        const file = await download(admin, url).expect(200);
        expect(file.headers['content-type']).toMatch(/^text\/csv/);
      }
      const enrollments = await download(admin, '/admin/downloads/lists/enrollments').expect(200);
      expect(csvLines(enrollments.text)).toHaveLength(3);
    });

    it('shows the Export button only to staff with reports.export and the list', async () => {
      const actionsOf = async (staff: Staff, resource: string) => {
        const page = await staff.bo.page(`/admin/resources/${resource}`).expect(200);
        const state = JSON.parse(/window\.REDUX_STATE = (.*?);\n/s.exec(page.text)![1]);
        const found = state.resources.find((r: { id: string }) => r.id === resource);
        return found.resourceActions.map((x: { name: string }) => x.name) as string[];
      };
      expect(await actionsOf(admin, 'Customer')).toEqual(expect.arrayContaining(['export', 'import']));
      expect(await actionsOf(admin, 'FollowUp')).toContain('export');
      expect(await actionsOf(exporter, 'Payment')).toContain('export');
      expect(await actionsOf(lina, 'Customer')).not.toContain('export');
      expect(await actionsOf(admin, 'Tag')).not.toContain('export'); // a list without an export
    });

    it('refuses staff without reports.export (the action and the download), and bad input', async () => {
      // AdminJS answers a refused action with an error notice
      const action = await lina.bo.page(`${ADMIN_API}/Customer/actions/export`);
      expect(action.body.notice).toMatchObject({ type: 'error' });
      expect(action.body.downloadUrl).toBeUndefined();
      const refused = await lina.bo.page('/admin/downloads/lists/customers?format=csv');
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.detail).toMatch(/reports\.export/);
      // the list's own permission too: the exporter cannot read follow-ups
      expect((await exporter.bo.page(`${ADMIN_API}/FollowUp/actions/export`)).body.downloadUrl).toBeUndefined();
      expect((await exporter.bo.page('/admin/downloads/lists/followups?format=csv')).status).toBe(403);

      expect((await admin.bo.page('/admin/downloads/lists/nope?format=csv')).status).toBe(400);
      const bad = await admin.bo.page('/admin/downloads/lists/payments?format=csv&type=9');
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'type' })]);
      expect((await t.http.get('/admin/downloads/lists/customers?format=csv')).status).toBe(302);
    });
  });

  describe("print a customer's profile", () => {
    it('gives the PDF in the chosen language, within the record scope', async () => {
      const pdf = await binary(admin.bo.page(`/admin/downloads/customers/${linaCustomer.id}/profile.pdf?lang=zh`));
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

      const own = await binary(exporter.bo.page(`/admin/downloads/customers/${ownCustomer.id}/profile.pdf`));
      expect(own.status).toBe(200);
      const other = await exporter.bo.page(`/admin/downloads/customers/${linaCustomer.id}/profile.pdf?lang=en`);
      expect(other.status).toBe(404);
      expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await admin.bo.page('/admin/downloads/customers/abc/profile.pdf')).status).toBe(404);
      expect((await admin.bo.page(`/admin/downloads/customers/${ownCustomer.id}/profile.pdf?lang=fr`)).status).toBe(
        400,
      );
    });

    it('is a record action on the customer (its drawer reads the record)', async () => {
      const res = await exporter.bo.record('Customer', ownCustomer.id, 'profilePdf').expect(200);
      expect(res.body.record.params).toMatchObject({ name: '导出客户' });
      const other = await exporter.bo.record('Customer', linaCustomer.id, 'profilePdf');
      expect(other.body.record?.params ?? {}).toEqual({});
      expect(other.body.record?.baseError?.type ?? 'NotFoundError').toBe('NotFoundError');
    });
  });

  describe('import customers (the upload route)', () => {
    const UPLOAD = '/admin/uploads/customers/import';
    const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
    const upload = (staff: Staff, file: Buffer | undefined, fields: Record<string, string> = {}) => {
      let post = t.http.post(UPLOAD).set('Cookie', staff.cookie);
      for (const [name, value] of Object.entries(fields)) post = post.field(name, value);
      return file ? post.attach('file', file, 'leads.csv') : post;
    };
    const file = () => csv('Name,Phone,Source', '导入一,13711110001,QQ group', '导入二,13711110002,Referral');
    const count = () => t.dataSource.getRepository(Customer).count({ withDeleted: true });

    it('dry run: shows what would happen and changes nothing', async () => {
      const before = await count();
      const res = await upload(admin, file(), { dryRun: 'true', duplicates: 'skip' }).expect(200);
      expect(res.body).toMatchObject({ dryRun: true, rows: 2, created: 2, failed: 0 });
      expect(await count()).toBe(before);
    });

    it('imports with the signed-in staff member as the actor of the audit', async () => {
      const before = await count();
      const res = await upload(admin, file(), { mode: 'valid-rows' }).expect(200);
      expect(res.body).toMatchObject({ dryRun: false, rows: 2, created: 2 });
      expect(await count()).toBe(before + 2);
      const created = await t.dataSource.getRepository(Customer).findOneByOrFail({ phone: '13711110001' });
      const audit = await t.dataSource
        .getRepository(AuditLog)
        .findOneByOrFail({ entity: 'customer', entityId: String(created.id), action: 'create' });
      expect(audit.actorId).toBe(admin.id);

      // the same file again: both rows are duplicates, skipped
      const again = await upload(admin, file()).expect(200);
      expect(again.body).toMatchObject({ created: 0, skipped: 2, duplicateCount: 2 });
    });

    it('answers problems as problem JSON: row errors (422), no file (400), no permission (403)', async () => {
      const before = await count();
      const bad = await upload(admin, csv('Name,Phone,Source', '坏行,abc,Nowhere', '好行,13711110003,1'));
      expect(bad.status).toBe(422);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bad.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ line: 2, field: 'source' })]));
      expect(await count()).toBe(before);

      const missing = await upload(admin, undefined, { dryRun: 'true' });
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
      expect((await upload(admin, file(), { mode: 'sometimes' })).status).toBe(400);

      const refused = await upload(teacher, file(), { dryRun: 'true' });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/customers\.import/);
      expect((await t.http.post(UPLOAD).attach('file', file(), 'leads.csv')).status).toBe(302);
    });

    it('stops a file larger than an import may be with 413, and reads no anonymous upload', async () => {
      const huge = Buffer.alloc(MAX_IMPORT_BYTES + 1024, 0x41);
      const tooLarge = await upload(admin, huge);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers['content-type']).toMatch(/^application\/problem\+json/);
      // an anonymous upload is not even read: straight to the sign-in page
      const anonymous = await t.http.post(UPLOAD).attach('file', huge, 'leads.csv');
      expect(anonymous.status).toBe(302);
    });
  });
});
