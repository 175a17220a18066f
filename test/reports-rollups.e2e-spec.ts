import {
  CustomerSource,
  CustomerStatus,
  FollowUpIntention,
  PaymentMethod,
  PaymentType,
} from '../src/common/codes/codes.js';
import { CustomerFunnelDay } from '../src/customers/entities/customer-funnel-day.entity.js';
import type { Branch } from '../src/teaching/entities/branch.entity.js';
import type { Course } from '../src/teaching/entities/course.entity.js';
import type { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import { EnrollmentFixtures } from './support/enrollment-fixtures.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const S = CustomerSource.code;
const DAY_MS = 86_400_000;
const utcDate = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * The reports read what the writers keep beside the rows: the funnel's daily counts (customer_funnel_day) and
 * the class copied onto a payment. Every write that changes a figure goes through the API here, and the report
 * must show it at once. REPORT_TIMEZONE is UTC and the range whole UTC days, so the funnel is answered from the
 * daily counts alone (no part-day is counted from the customers) and a write the counts missed would show.
 */
describe('reports stay exact after every write', () => {
  let t: TestApp;
  let admin: Auth;
  let lina: { id: number };
  let wang: { id: number };
  let f: EnrollmentFixtures;
  let course: Course;
  let campus: Branch;
  let klass: SchoolClass;
  const range = { from: utcDate(Date.now() - DAY_MS), to: utcDate(Date.now() + DAY_MS) };

  beforeAll(async () => {
    t = await startTestApp({ REPORT_TIMEZONE: 'UTC' });
    admin = await adminAuth(t);
    lina = await staffWithRole(t, admin, 'lina', 'consultant');
    wang = await staffWithRole(t, admin, 'wang', 'consultant');
    f = new EnrollmentFixtures(t);
    course = await f.course({ price: 100_000 });
    campus = await f.campus('北京校区');
    klass = await f.schoolClass({ course, campus });
  });
  afterAll(() => t.close());

  const report = async (name: string, query: Record<string, unknown> = {}) =>
    (
      await t.http
        .get(`/api/v1/reports/${name}`)
        .query({ ...range, ...query })
        .set(admin)
        .expect(200)
    ).body;
  /** Funnel totals as [new customers, followed up, enrolled]. */
  const funnel = async (query: Record<string, unknown> = {}) => {
    const { totals } = await report('funnel', query);
    return [totals.newCustomers, totals.followedUp, totals.enrolled];
  };
  const post = async (path: string, body: object, status = 201) =>
    (await t.http.post(`/api/v1/${path}`).set(admin).send(body).expect(status)).body;
  const customer = (body: object) =>
    post('customers', { source: S.website, consultantId: lina.id, phone: `139${Date.now() % 1e8}`, ...body });
  const version = async (path: string) => (await t.http.get(`/api/v1/${path}`).set(admin).expect(200)).body.version;

  let c1: { id: number };

  it('counts a customer created through the API, with its source and consultant', async () => {
    expect(await funnel()).toEqual([0, 0, 0]);
    c1 = await customer({ name: '陈一' });
    expect(await funnel()).toEqual([1, 0, 0]);
    const body = await report('funnel');
    expect(body.bySource[S.website].newCustomers).toBe(1);
    expect(body.byConsultant).toEqual([expect.objectContaining({ consultant: { id: lina.id, name: 'lina' } })]);
  });

  it('moves a customer whose consultant or source changes', async () => {
    await t.http
      .patch(`/api/v1/customers/${c1.id}`)
      .set(admin)
      .send({ version: await version(`customers/${c1.id}`), consultantId: wang.id, source: S.referral })
      .expect(200);
    const body = await report('funnel');
    expect(body.totals.newCustomers).toBe(1);
    expect(body.bySource[S.website].newCustomers).toBe(0);
    expect(body.bySource[S.referral].newCustomers).toBe(1);
    expect(body.byConsultant.map((c: { consultant: { id: number } }) => c.consultant.id)).toEqual([wang.id]);
    expect(await funnel({ consultantId: lina.id })).toEqual([0, 0, 0]);
  });

  it('counts a customer as followed up from the first follow-up until the last is deleted', async () => {
    const followUp = () =>
      post(`customers/${c1.id}/followups`, { intention: FollowUpIntention.code.withinMonth, content: '电话沟通' });
    const first = await followUp();
    expect(await funnel()).toEqual([1, 1, 0]);
    const second = await followUp();
    expect(await funnel()).toEqual([1, 1, 0]);
    await t.http.delete(`/api/v1/followups/${second.id}`).set(admin).expect(204);
    expect(await funnel()).toEqual([1, 1, 0]);
    await t.http.delete(`/api/v1/followups/${first.id}`).set(admin).expect(204);
    expect(await funnel()).toEqual([1, 0, 0]);
    await followUp();
    expect(await funnel()).toEqual([1, 1, 0]);
  });

  it('leaves a soft-deleted customer out, and counts it again once restored', async () => {
    await t.http.delete(`/api/v1/customers/${c1.id}`).set(admin).expect(204);
    expect(await funnel()).toEqual([0, 0, 0]);
    await post(`customers/${c1.id}/restore`, {}, 200);
    expect(await funnel()).toEqual([1, 1, 0]);
  });

  it('counts a customer as enrolled once an enrollment is approved, and once paid, not twice', async () => {
    const step = async (id: number, action: string, body: object = {}) =>
      post(`enrollments/${id}/${action}`, { version: await version(`enrollments/${id}`), ...body }, 200);
    const enrollment = await post('enrollments', { customerId: c1.id, classId: klass.id });
    await step(enrollment.id, 'agree');
    expect(await funnel()).toEqual([1, 1, 0]);
    await step(enrollment.id, 'approve');
    expect(await funnel()).toEqual([1, 1, 1]);
    // paid in full: the customer's status becomes enrolled; still one enrolled customer
    await post('payments', {
      customerId: c1.id,
      courseId: course.id,
      enrollmentId: enrollment.id,
      method: PaymentMethod.code.wechatPay,
      amount: 100_000,
    });
    expect((await t.http.get(`/api/v1/customers/${c1.id}`).set(admin).expect(200)).body.status).toBe(
      CustomerStatus.code.enrolled,
    );
    expect(await funnel()).toEqual([1, 1, 1]);

    // another customer: an enrollment cancelled before approval enrolls nobody
    const c2 = await customer({ name: '陈二' });
    const cancelled = await post('enrollments', { customerId: c2.id, classId: klass.id });
    await step(cancelled.id, 'cancel', { reason: '个人原因' });
    expect(await funnel()).toEqual([2, 1, 1]);
  });

  it('follows the status a consultant sets by hand, but an approved enrollment keeps the customer enrolled', async () => {
    const c3 = await customer({ name: '张三', status: CustomerStatus.code.enrolled });
    expect(await funnel()).toEqual([3, 1, 2]);
    const edit = async (id: number, status: number) =>
      t.http
        .patch(`/api/v1/customers/${id}`)
        .set(admin)
        .send({ version: await version(`customers/${id}`), status })
        .expect(200);
    await edit(c3.id, CustomerStatus.code.notEnrolled);
    expect(await funnel()).toEqual([3, 1, 1]);
    await edit(c1.id, CustomerStatus.code.notEnrolled); // 陈一 has an approved enrollment
    expect(await funnel()).toEqual([3, 1, 1]);
  });

  it('counts imported customers', async () => {
    const file = Buffer.from(`Name,Phone,Source\r\n李四,13700000001,Website\r\n王五,13700000002,Referral\r\n`, 'utf8');
    const res = await t.http.post('/api/v1/customers/import').set(admin).attach('file', file, 'new.csv');
    expect(res.status).toBe(200);
    const body = await report('funnel');
    expect(body.totals.newCustomers).toBe(5);
    expect(body.bySource[S.referral].newCustomers).toBe(2);
  });

  it('shows payments and refunds in the sales report at once, by campus too', async () => {
    const before = await report('sales');
    expect(before.totals).toMatchObject({ paid: 100_000, refunded: 0, payments: 1, enrollments: 1 });
    expect(before.byCampus).toEqual([expect.objectContaining({ campus: { id: campus.id, name: '北京校区' } })]);
    const enrollment = (await t.http.get(`/api/v1/customers/${c1.id}/enrollments`).set(admin).expect(200)).body.data[0];
    await post('payments', {
      customerId: c1.id,
      courseId: course.id,
      enrollmentId: enrollment.id,
      type: PaymentType.code.refund,
      method: PaymentMethod.code.wechatPay,
      amount: 30_000,
    });
    const after = await report('sales');
    expect(after.totals).toMatchObject({ paid: 100_000, refunded: 30_000, net: 70_000, refunds: 1, enrollments: 1 });
    expect(after.byCampus).toEqual([
      expect.objectContaining({ campus: { id: campus.id, name: '北京校区' }, refunded: 30_000 }),
    ]);
    expect((await report('sales', { campusId: campus.id })).totals.refunded).toBe(30_000);
  });

  it('keeps the daily counts equal to a recount from the customers', async () => {
    const kept = (await t.dataSource.getRepository(CustomerFunnelDay).find())
      .filter((row) => row.newCustomers || row.followedUp || row.enrolled)
      .map((row) => ({ ...row }));
    const recount: Record<string, unknown>[] = await t.dataSource.query(
      'SELECT DATE(c.created_at) AS day, c.source AS source, c.consultant_id AS consultantId, ' +
        'COUNT(*) AS newCustomers, SUM(CASE WHEN EXISTS (SELECT 1 FROM customer_follow_up fu WHERE fu.customer_id = c.id) ' +
        'THEN 1 ELSE 0 END) AS followedUp, SUM(CASE WHEN c.status = 0 OR EXISTS (SELECT 1 FROM enrollment e ' +
        'WHERE e.customer_id = c.id AND e.status = 2) THEN 1 ELSE 0 END) AS enrolled ' +
        'FROM customer c WHERE c.deleted_at IS NULL GROUP BY DATE(c.created_at), c.source, c.consultant_id',
    );
    const plain = (rows: Record<string, unknown>[]) =>
      rows
        .map((row) => ({
          day: row.day instanceof Date ? row.day.toISOString().slice(0, 10) : String(row.day),
          source: Number(row.source),
          consultantId: Number(row.consultantId),
          newCustomers: Number(row.newCustomers),
          followedUp: Number(row.followedUp),
          enrolled: Number(row.enrolled),
        }))
        .sort((a, b) => a.source - b.source || a.consultantId - b.consultantId);
    expect(recount.length).toBeGreaterThan(0);
    expect(plain(kept)).toEqual(plain(recount));
  });
});
