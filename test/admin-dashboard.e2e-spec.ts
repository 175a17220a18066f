import type { DashboardData, TileKey } from '../src/admin/dashboard/dashboard.dto.js';
import { REPORT_NAMES } from '../src/reports/report-registry.js';
import {
  EnrollmentStatus,
  FeedbackChannel,
  FeedbackPriority,
  FeedbackStatus,
  FeedbackType,
} from '../src/common/codes/codes.js';
import { DAY_MS } from '../src/common/time/school-time.js';
import type { Customer } from '../src/customers/entities/customer.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { Feedback } from '../src/feedback/entities/feedback.entity.js';
import { adminSession, backOffice, startBackOfficeApp, type BackOfficeClient } from './support/back-office.js';
import { EnrollmentFixtures } from './support/enrollment-fixtures.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { staffWithPermissions } from './support/report-dataset.js';
import type { TestApp } from './support/test-app.js';

type Staff = { id: number; auth: Auth; bo: BackOfficeClient };

const tiles = (data: DashboardData) => Object.fromEntries(data.tiles.map((tile) => [tile.key, tile.value]));
const csvLines = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);

describe('back office: dashboard, reports page and downloads', () => {
  let t: TestApp;
  let f: EnrollmentFixtures;
  let admin: Auth;
  let adminBo: BackOfficeClient;
  let boss: Staff;
  let lina: Staff;
  let wang: Staff;
  let teacher: Staff;
  let exporter: Staff;

  const signIn = async (person: { id: number; auth: Auth }, username: string): Promise<Staff> => ({
    ...person,
    bo: backOffice(t, await adminSession(t, username, `${username}#Pass2026`)),
  });
  const dashboard = async (staff: { bo: BackOfficeClient }) =>
    (await staff.bo.page('/admin/api/dashboard').expect(200)).body as DashboardData;

  async function ticket(customer: Customer, status: number, createdAt: Date): Promise<void> {
    const repo = t.dataSource.getRepository(Feedback);
    await repo.save(
      repo.create({
        customerId: customer.id,
        type: FeedbackType.code.complaint,
        channel: FeedbackChannel.code.phone,
        priority: FeedbackPriority.code.normal,
        status,
        title: '反馈',
        content: '内容',
        createdAt,
      }),
    );
  }

  beforeAll(async () => {
    t = await startBackOfficeApp();
    f = new EnrollmentFixtures(t);
    admin = await adminAuth(t);
    adminBo = backOffice(t, await adminSession(t));
    boss = await signIn(await staffWithRole(t, admin, 'boss', 'manager'), 'boss');
    lina = await signIn(await staffWithRole(t, admin, 'lina', 'consultant'), 'lina');
    wang = await signIn(await staffWithRole(t, admin, 'wang', 'consultant'), 'wang');
    teacher = await signIn(await staffWithRole(t, admin, 'teach', 'teacher'), 'teach');
    // a consultant who may export: customers.read without read_all, reports.export
    exporter = await signIn(
      await staffWithPermissions(t, admin, 'exporter', ['customers.read', 'customers.write', 'reports.export']),
      'exporter',
    );

    // this week: lina 2 customers, wang 1, the exporter 1
    const c1 = await f.customer(lina.id, '李一');
    const c2 = await f.customer(lina.id, '李二');
    const c3 = await f.customer(wang.id, '王三');
    await f.customer(exporter.id, '导出客户');
    const k = await f.schoolClass();
    const enrollments = t.dataSource.getRepository(Enrollment);
    const enrollment = (customer: Customer, status: number) =>
      enrollments.save(
        enrollments.create({
          customerId: customer.id,
          classId: k.id,
          consultantId: customer.consultantId,
          status,
          price: 980000,
          purchasedLessons: 10,
          contractAgreedAt: status === EnrollmentStatus.code.agreed ? new Date() : null,
        }),
      );
    const agreed = await enrollment(c1, EnrollmentStatus.code.agreed);
    await enrollment(c3, EnrollmentStatus.code.pending);
    await f.payment(agreed, 150000); // ¥1,500.00 this month, lina's

    const FS = FeedbackStatus.code;
    await ticket(c1, FS.open, new Date());
    await ticket(c3, FS.open, new Date(Date.now() - 6 * DAY_MS)); // past its 120 h resolution target
    await ticket(c2, FS.inProgress, new Date());
  });
  afterAll(() => t.close());

  describe('dashboard (GET /admin/api/dashboard)', () => {
    it("gives a manager the school's figures, each linked to its filtered list", async () => {
      const data = await dashboard(boss);
      expect(tiles(data)).toMatchObject({
        newCustomersThisWeek: 4,
        enrollmentsAwaitingApproval: 1,
        revenueThisMonth: 150000,
        feedbackOpen: 2,
        feedbackInProgress: 1,
        feedbackOverdue: 1,
      });
      const href = (key: TileKey) => data.tiles.find((tile) => tile.key === key)?.href;
      expect(href('enrollmentsAwaitingApproval')).toBe('/admin/resources/Enrollment?filters.status=agreed');
      expect(href('feedbackOverdue')).toBe('/admin/resources/Feedback?filters.overdue=true');
      expect(href('newCustomersThisWeek')).toMatch(
        /^\/admin\/resources\/Customer\?filters.createdAt%7E%7Efrom=\d{4}-\d{2}-\d{2}$/,
      );

      // follow-ups due: the follow-up report's figures as of today
      const report = await t.http
        .get('/api/v1/reports/follow-ups')
        .query({ from: data.today, to: data.today })
        .set(boss.auth)
        .expect(200);
      expect(tiles(data)).toMatchObject({
        followUpsDueToday: report.body.totals.dueToday,
        followUpsOverdue: report.body.totals.overdue,
      });

      expect(data.charts.map((chart) => chart.key)).toEqual(['customersByMonth', 'revenueByMonth', 'feedbackByStatus']);
      const customers = data.charts[0];
      expect(customers.labels).toHaveLength(6);
      expect(customers.labels[5].en).toBe(data.today.slice(0, 7));
      expect(customers.series.find((s) => s.key === 'newCustomers')!.values[5]).toBe(4);
      expect(data.charts[1].series[0].values[5]).toBe(150000);
    });

    it("gives a consultant their own customers' figures only", async () => {
      expect(tiles(await dashboard(lina))).toMatchObject({
        newCustomersThisWeek: 2,
        enrollmentsAwaitingApproval: 1,
        revenueThisMonth: 150000,
      });
      expect(tiles(await dashboard(wang))).toMatchObject({
        newCustomersThisWeek: 1,
        enrollmentsAwaitingApproval: 0,
        revenueThisMonth: 0,
      });
      // feedback within the consultant's scope: what the feedback list shows them
      const listed = await t.http.get('/api/v1/feedback').query({ status: 0 }).set(wang.auth).expect(200);
      expect(tiles(await dashboard(wang)).feedbackOpen).toBe(listed.body.meta.total);
    });

    it('shows a teacher no customers and no money', async () => {
      const data = await dashboard(teacher);
      const keys = data.tiles.map((tile) => tile.key);
      expect(keys).not.toContain('revenueThisMonth');
      expect(keys).not.toContain('newCustomersThisWeek');
      expect(keys).not.toContain('followUpsOverdue');
      expect(keys).toEqual(expect.arrayContaining(['enrollmentsAwaitingApproval', 'feedbackOpen']));
      expect(data.charts.map((chart) => chart.key)).toEqual(['feedbackByStatus']);
    });

    it('is refused without a session', async () => {
      const res = await t.http.get('/admin/api/dashboard');
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/admin/login');
    });
  });

  describe('reports page (GET /admin/api/pages/reports)', () => {
    const range = { from: '2026-01-01', to: '2026-12-31' };
    const withoutAsOf = (body: Record<string, unknown>) => ({ ...body, asOf: undefined });

    it.each(REPORT_NAMES)('answers the %s report exactly as the API does', async (name) => {
      const page = await boss.bo.page(`/admin/api/pages/reports?${new URLSearchParams({ report: name, ...range })}`);
      expect(page.status).toBe(200);
      const api = await t.http.get(`/api/v1/reports/${name}`).query(range).set(boss.auth).expect(200);
      expect(page.body.report).toBe(name);
      expect(page.body.canExport).toBe(true);
      expect(withoutAsOf(page.body.data)).toEqual(withoutAsOf(api.body));
    });

    it('validates the query like the API and refuses staff without reports.read', async () => {
      const bad = await boss.bo.page('/admin/api/pages/reports?report=sales&from=2026-13-01');
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
      const unknownField = await boss.bo.page('/admin/api/pages/reports?report=funnel&campusId=1');
      expect(unknownField.status).toBe(400);
      expect((await boss.bo.page('/admin/api/pages/reports?report=nope')).status).toBe(400);
      const refused = await lina.bo.page('/admin/api/pages/reports?report=sales');
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/reports\.read/);
    });
  });

  describe('downloads', () => {
    const binary = (req: ReturnType<BackOfficeClient['page']>) =>
      req.buffer(true).parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });

    it('exports the customer list as CSV within the record scope', async () => {
      const all = await adminBo.page('/admin/downloads/lists/customers?format=csv&lang=en').expect(200);
      expect(all.headers['content-type']).toMatch(/^text\/csv/);
      expect(all.headers['content-disposition']).toMatch(/attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"/);
      const lines = csvLines(all.text);
      expect(lines[0]).toMatch(/^Number,Name,QQ/);
      expect(lines).toHaveLength(5);
      // the reports page's older link serves the same list
      const alias = await adminBo.page('/admin/downloads/customers?format=csv&lang=en').expect(200);
      expect(csvLines(alias.text)).toEqual(lines);

      const own = await exporter.bo.page('/admin/downloads/lists/customers?format=csv&lang=zh').expect(200);
      const ownLines = csvLines(own.text);
      expect(ownLines[0]).toMatch(/^编号,姓名/);
      expect(ownLines.slice(1)).toEqual([expect.stringContaining('导出客户')]);

      // the list's filters, validated like the API's
      const filtered = await adminBo
        .page(`/admin/downloads/lists/customers?format=csv&consultantId=${lina.id}`)
        .expect(200);
      expect(csvLines(filtered.text)).toHaveLength(3);
      const bad = await adminBo.page('/admin/downloads/lists/customers?format=pdf');
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'format' })]);
    });

    it('gives an XLSX file', async () => {
      const res = await binary(adminBo.page('/admin/downloads/lists/customers?format=xlsx')).expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect((res.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    });

    it('gives each report as the API gives it: CSV, XLSX and a printable PDF', async () => {
      const range = { from: '2026-01-01', to: '2026-12-31' };
      const query = new URLSearchParams({ format: 'csv', lang: 'zh', ...range });
      const file = await boss.bo.page(`/admin/downloads/reports/sales?${query}`).expect(200);
      const api = await t.http.get('/api/v1/reports/sales/export').query(Object.fromEntries(query)).set(boss.auth);
      expect(api.status).toBe(200);
      expect(file.headers['content-disposition']).toBe(api.headers['content-disposition']);
      expect(file.text.replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?/g, 'T')).toBe(
        api.text.replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?/g, 'T'),
      );
      expect(file.text).toContain('1500');

      const pdf = await binary(boss.bo.page(`/admin/downloads/reports/funnel?format=pdf&lang=en`)).expect(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      const xlsx = await binary(boss.bo.page(`/admin/downloads/reports/service?format=xlsx`)).expect(200);
      expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');

      expect((await boss.bo.page('/admin/downloads/reports/nope?format=csv')).status).toBe(400);
      const bad = await boss.bo.page('/admin/downloads/reports/funnel?format=csv&campusId=1');
      expect(bad.status).toBe(400);
      expect((await lina.bo.page('/admin/downloads/reports/sales?format=csv')).status).toBe(403);
      expect((await t.http.get('/admin/downloads/reports/sales?format=csv')).status).toBe(302);
    });

    it('refuses staff without reports.export, and anyone not signed in', async () => {
      const refused = await lina.bo.page('/admin/downloads/lists/customers?format=csv');
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/reports\.export/);
      const anonymous = await t.http.get('/admin/downloads/lists/customers?format=csv');
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.location).toBe('/admin/login');
    });
  });
});
