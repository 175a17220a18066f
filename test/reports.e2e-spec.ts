import { codeLabel } from '../src/common/codes/code-table.js';
import { CustomerSource, FollowUpIntention } from '../src/common/codes/codes.js';
import { today } from '../src/common/time/school-time.js';
import { captureQueries, type Auth } from './support/fixtures.js';
import { buildReportDataset, type ReportDataset } from './support/report-dataset.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const REPORTS = ['funnel', 'follow-ups', 'sales', 'enrollments', 'teaching', 'service'];
const RANGE = { from: '2026-03-01', to: '2026-04-30' };
const PERIOD = { ...RANGE, timeZone: 'Asia/Shanghai' };

/** Funnel figures: new customers, followed up, enrolled, and the two rates. */
const funnel = (
  newCustomers: number,
  followedUp: number,
  enrolled: number,
  followUpRate: number,
  conversionRate: number,
) => ({
  newCustomers,
  followedUp,
  enrolled,
  followUpRate,
  conversionRate,
});
const noFunnel = funnel(0, 0, 0, 0, 0);

/** Sales figures in fen. */
const sales = (
  paid: number,
  refunded: number,
  payments: number,
  refunds: number,
  enrollments: number,
  averagePerEnrollment: number | null,
) => ({ paid, refunded, net: paid - refunded, payments, refunds, enrollments, averagePerEnrollment });

describe('reports: funnel, follow-ups and sales', () => {
  let t: TestApp;
  let d: ReportDataset;

  beforeAll(async () => {
    t = await startTestApp();
    d = await buildReportDataset(t);
  });
  afterAll(() => t.close());

  /** The report as `auth` (the admin by default) gets it; anything but 200 fails the test with the answer. */
  async function get(report: string, query: Record<string, string | number>, auth?: Auth) {
    const res = await t.http
      .get(`/api/v1/reports/${report}`)
      .query(query)
      .set(auth ?? d.admin);
    if (res.status !== 200) throw new Error(`${report}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  describe('access and input', () => {
    it('answers 401 without a token and 403 without reports.read (the built-in consultant lacks it)', async () => {
      for (const report of REPORTS) {
        await t.http.get(`/api/v1/reports/${report}`).expect(401);
        const denied = await t.http.get(`/api/v1/reports/${report}`).set(d.staff.plain.auth).expect(403);
        expect(denied.body.detail).toBe('Requires permission reports.read');
        await t.http.get(`/api/v1/reports/${report}`).set(d.staff.boss.auth).expect(200);
      }
    });

    it('refuses bad input with 400 naming the field', async () => {
      const bad = async (report: string, query: Record<string, string>, field: string, message?: string) => {
        const res = await t.http.get(`/api/v1/reports/${report}`).query(query).set(d.admin).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        if (message) expect(res.body.errors).toContainEqual({ field, message });
      };
      for (const report of REPORTS) {
        await bad(report, { from: '2026-04-30', to: '2026-03-01' }, 'to', 'must not be before from');
        await bad(report, { from: '2026-04-30T10:00:00+08:00', to: '2026-04-30T09:59:59+08:00' }, 'to');
        await bad(report, { from: '2026-02-30' }, 'from');
        await bad(report, { to: 'yesterday' }, 'to');
        await bad(report, { to: '2026-04-30T10:00:00' }, 'to'); // a date-time needs its zone
        await bad(
          report,
          { from: '2010-01-01', to: '2020-01-31' },
          'from',
          'the range may span at most 120 months, not 121',
        );
        await bad(report, { foo: '1' }, 'foo');
      }
      await bad('sales', { campusId: 'abc' }, 'campusId');
      await bad('sales', { consultantId: '0' }, 'consultantId');
      await bad('sales', { courseId: '1.5' }, 'courseId');
      await bad('enrollments', { campusId: '-1' }, 'campusId');
      await bad('funnel', { campusId: '1' }, 'campusId'); // customers have no campus
      await bad('follow-ups', { courseId: '1' }, 'courseId');
      await bad('teaching', { consultantId: '1' }, 'consultantId');
      // the longest range is fine, and so is one instant
      await t.http
        .get('/api/v1/reports/sales')
        .query({ from: '2010-01-01', to: '2019-12-31' })
        .set(d.admin)
        .expect(200);
      const instant = '2026-03-10T10:00:00+08:00';
      await t.http.get('/api/v1/reports/sales').query({ from: instant, to: instant }).set(d.admin).expect(200);
    });

    it('covers the last 12 calendar months up to today by default', async () => {
      const todayInSchool = today('Asia/Shanghai');
      const [year, month] = todayInSchool.split('-').map(Number);
      const index = year * 12 + month - 1 - 11;
      const from = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
      const defaulted = await get('sales', {});
      expect(defaulted.period).toEqual({ from, to: todayInSchool, timeZone: 'Asia/Shanghai' });
      expect(defaulted.byMonth).toHaveLength(12);
      expect(defaulted.byMonth[0].month).toBe(from.slice(0, 7));
      expect(defaulted.byMonth[11].month).toBe(todayInSchool.slice(0, 7));
      expect(defaulted).toEqual(await get('sales', { from, to: todayInSchool }));
      // only `to` given: the 12 months ending with its month
      const ending = await get('funnel', { to: '2026-04-30' });
      expect(ending.period.from).toBe('2025-05-01');
      expect(ending.byMonth.map((m: { month: string }) => m.month)).toEqual([
        '2025-05',
        '2025-06',
        '2025-07',
        '2025-08',
        '2025-09',
        '2025-10',
        '2025-11',
        '2025-12',
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
      ]);
    });
  });

  describe('funnel', () => {
    it('counts new customers by source, consultant and school month, with their follow-up and conversion rates', async () => {
      const { lina, wang, zhao } = d.staff;
      const body = await get('funnel', RANGE);
      expect(body).toEqual({
        period: PERIOD,
        // 7 live customers created in the range: the deleted one, February's and the one created on 1 May at
        // 00:30 in Shanghai (30 April in UTC) are out; the one created on 28 February 16:30 UTC (1 March) is in
        totals: funnel(7, 4, 2, 0.5714, 0.2857),
        bySource: [
          { source: { code: 0, en: 'Referral', zh: '转介绍' }, ...funnel(2, 2, 1, 1, 0.5) },
          { source: { code: 1, en: 'QQ group', zh: 'QQ群' }, ...noFunnel },
          { source: codeLabel(CustomerSource, 2), ...funnel(2, 1, 0, 0.5, 0) },
          // followed up but never enrolled: rate 0, not a division error
          { source: codeLabel(CustomerSource, 3), ...funnel(1, 1, 0, 1, 0) },
          { source: codeLabel(CustomerSource, 4), ...noFunnel },
          // enrolled by status alone, never followed up
          { source: codeLabel(CustomerSource, 5), ...funnel(1, 0, 1, 0, 1) },
          { source: codeLabel(CustomerSource, 6), ...funnel(1, 0, 0, 0, 0) },
        ],
        byConsultant: [
          { consultant: { id: lina.id, name: 'lina' }, ...funnel(1, 1, 0, 1, 0) },
          { consultant: { id: wang.id, name: 'wang' }, ...funnel(3, 1, 0, 0.3333, 0) },
          { consultant: { id: zhao.id, name: 'zhao' }, ...funnel(3, 2, 2, 0.6667, 0.6667) },
        ],
        // 张三, created 2026-03-31T17:00Z, is April in Shanghai
        byMonth: [
          { month: '2026-03', ...funnel(3, 2, 1, 0.6667, 0.3333) },
          { month: '2026-04', ...funnel(4, 2, 1, 0.5, 0.25) },
        ],
      });
    });

    it('moves month boundaries with the school time zone', async () => {
      const march = await get('funnel', { from: '2026-03-01', to: '2026-03-31' });
      expect(march.totals.newCustomers).toBe(3);
      // the same instants as UTC days: 张三 (2026-03-31T17:00Z) is in, 吴九 (2026-02-28T16:30Z) is out
      const utcMarch = await get('funnel', { from: '2026-03-01T00:00:00Z', to: '2026-03-31T23:59:59Z' });
      expect(utcMarch.totals.newCustomers).toBe(3);
      expect(utcMarch.bySource[2].newCustomers).toBe(1); // 张三, website
      expect(utcMarch.bySource[6].newCustomers).toBe(0); // 吴九, marketing
      // still bucketed by school month: 张三 falls in April
      expect(utcMarch.byMonth.map((m: { month: string; newCustomers: number }) => [m.month, m.newCustomers])).toEqual([
        ['2026-03', 2],
        ['2026-04', 1],
      ]);
    });

    it('filters by consultant and by the course asked about', async () => {
      const byWang = await get('funnel', { ...RANGE, consultantId: d.staff.wang.id });
      expect(byWang.totals).toEqual(funnel(3, 1, 0, 0.3333, 0));
      expect(byWang.byConsultant.map((c: { consultant: { id: number } }) => c.consultant.id)).toEqual([
        d.staff.wang.id,
      ]);
      const python = await get('funnel', { ...RANGE, courseId: d.courses.python.id });
      expect(python.totals).toEqual(funnel(3, 2, 1, 0.6667, 0.3333)); // 陈一, 李四, 王五
      const nobody = await get('funnel', { ...RANGE, consultantId: 99999 });
      expect(nobody.totals).toEqual(noFunnel);
      expect(nobody.byConsultant).toEqual([]);
    });

    it("shows a reader without customers.read_all only their own customers' figures", async () => {
      const { zhao } = d.staff;
      const own = await get('funnel', RANGE, zhao.auth);
      expect(own.totals).toEqual(funnel(3, 2, 2, 0.6667, 0.6667));
      expect(own.bySource[0]).toEqual({ source: codeLabel(CustomerSource, 0), ...funnel(2, 2, 1, 1, 0.5) });
      expect(own.bySource[5]).toEqual({ source: codeLabel(CustomerSource, 5), ...funnel(1, 0, 1, 0, 1) });
      expect(own.byConsultant).toEqual([
        { consultant: { id: zhao.id, name: 'zhao' }, ...funnel(3, 2, 2, 0.6667, 0.6667) },
      ]);
      // asking for another consultant's figures shows nothing rather than them
      const theirs = await get('funnel', { ...RANGE, consultantId: d.staff.wang.id }, zhao.auth);
      expect(theirs.totals).toEqual(noFunnel);
    });

    it('answers zeros for an empty range, every source and month still listed', async () => {
      const body = await get('funnel', { from: '2020-01-01', to: '2020-02-29' });
      expect(body.totals).toEqual(noFunnel);
      expect(body.bySource).toEqual(
        CustomerSource.values.map((code) => ({ source: codeLabel(CustomerSource, code), ...noFunnel })),
      );
      expect(body.byConsultant).toEqual([]);
      expect(body.byMonth).toEqual([
        { month: '2020-01', ...noFunnel },
        { month: '2020-02', ...noFunnel },
      ]);
    });
  });

  describe('follow-ups', () => {
    const intentions = (counts: number[], total: number) =>
      FollowUpIntention.values.map((code, i) => ({
        intention: codeLabel(FollowUpIntention, code),
        customers: counts[i],
        share: total ? Math.round((counts[i] / total) * 10000) / 10000 : 0,
      }));

    it('shows the intention distribution, follow-ups in the range, and due and overdue follow-ups now', async () => {
      const { lina, wang, zhao } = d.staff;
      const before = Date.now();
      const body = await get('follow-ups', RANGE);
      expect(new Date(body.asOf).getTime()).toBeGreaterThanOrEqual(before);
      expect(body).toEqual({
        period: PERIOD,
        asOf: body.asOf,
        totals: { followUps: 5, customersFollowedUp: 4, overdue: 2, dueToday: 1, dueNext7Days: 1 },
        // latest intentions of 陈一 (enrolled), 陈二 (within a month), 张三 (within 2 weeks), 王五 (no plan)
        intentions: intentions([1, 1, 1, 0, 1, 0], 4),
        byConsultant: [
          {
            consultant: { id: lina.id, name: 'lina' },
            followUps: 1,
            customersFollowedUp: 1,
            overdue: 0,
            dueToday: 0,
            dueNext7Days: 1,
          },
          // 吴九 fell due a minute before today began: overdue; 张三 is due today
          {
            consultant: { id: wang.id, name: 'wang' },
            followUps: 1,
            customersFollowedUp: 1,
            overdue: 1,
            dueToday: 1,
            dueNext7Days: 0,
          },
          {
            consultant: { id: zhao.id, name: 'zhao' },
            followUps: 3,
            customersFollowedUp: 2,
            overdue: 1,
            dueToday: 0,
            dueNext7Days: 0,
          },
        ],
      });
      expect(body.intentions[4]).toEqual({
        intention: { code: 4, en: 'Enrolled', zh: '已报名' },
        customers: 1,
        share: 0.25,
      });
    });

    it('filters by consultant and keeps a scoped reader to their own customers', async () => {
      const { lina, zhao } = d.staff;
      const byLina = await get('follow-ups', { ...RANGE, consultantId: lina.id });
      expect(byLina.totals).toEqual({ followUps: 1, customersFollowedUp: 1, overdue: 0, dueToday: 0, dueNext7Days: 1 });
      expect(byLina.intentions).toEqual(intentions([0, 0, 1, 0, 0, 0], 1));
      const own = await get('follow-ups', RANGE, zhao.auth);
      expect(own.totals).toEqual({ followUps: 3, customersFollowedUp: 2, overdue: 1, dueToday: 0, dueNext7Days: 0 });
      expect(own.intentions).toEqual(intentions([0, 1, 0, 0, 1, 0], 2));
      expect(own.byConsultant.map((c: { consultant: { id: number } }) => c.consultant.id)).toEqual([zhao.id]);
    });

    it('answers zeros for an empty range; due figures are as of now whatever the range', async () => {
      const body = await get('follow-ups', { from: '2020-01-01', to: '2020-01-31' });
      expect(body.totals).toEqual({ followUps: 0, customersFollowedUp: 0, overdue: 2, dueToday: 1, dueNext7Days: 1 });
      expect(body.intentions).toEqual(intentions([0, 0, 0, 0, 0, 0], 0));
    });
  });

  describe('sales', () => {
    it('sums payments and refunds by school month, consultant, course and campus', async () => {
      const { wang, zhao } = d.staff;
      const { python, java } = d.courses;
      const { beijing, shanghai } = d.campuses;
      expect(await get('sales', RANGE)).toEqual({
        period: PERIOD,
        // six payments (one of a deleted customer: money stays counted) and one refund; enrollments E1 and E3
        totals: sales(1_580_000, 100_000, 6, 1, 2, 700_000),
        byMonth: [
          { month: '2026-03', ...sales(610_000, 0, 2, 0, 1, 600_000) },
          // the payment at 2026-03-31T17:00Z is 1 April 01:00 in Shanghai
          { month: '2026-04', ...sales(970_000, 100_000, 4, 1, 2, 400_000) },
        ],
        byConsultant: [
          { consultant: { id: wang.id, name: 'wang' }, ...sales(370_000, 0, 3, 0, 1, 300_000) },
          { consultant: { id: zhao.id, name: 'zhao' }, ...sales(1_210_000, 100_000, 3, 1, 1, 1_100_000) },
        ],
        byCourse: [
          { course: { id: python.id, name: 'Python' }, ...sales(1_210_000, 100_000, 3, 1, 1, 1_100_000) },
          { course: { id: java.id, name: 'Java' }, ...sales(370_000, 0, 3, 0, 1, 300_000) },
        ],
        byCampus: [
          { campus: { id: beijing.id, name: '北京校区' }, ...sales(1_200_000, 100_000, 2, 1, 1, 1_100_000) },
          { campus: { id: shanghai.id, name: '上海校区' }, ...sales(300_000, 0, 1, 0, 1, 300_000) },
          // payments without an enrollment have no campus
          { campus: null, ...sales(80_000, 0, 3, 0, 0, null) },
        ],
      });
    });

    it('counts a payment late on 31 March UTC in April (Asia/Shanghai), and a date-time `to` as an exact instant', async () => {
      const march = await get('sales', { from: '2026-03-01', to: '2026-03-31' });
      expect(march.totals).toEqual(sales(610_000, 0, 2, 0, 1, 600_000));
      expect(march.byMonth.map((m: { month: string }) => m.month)).toEqual(['2026-03']);
      const april = await get('sales', { from: '2026-04-01', to: '2026-04-30' });
      expect(april.totals.paid).toBe(970_000);
      const justBefore = await get('sales', { from: '2026-03-01', to: '2026-04-01T00:59:59+08:00' });
      expect(justBefore.totals.paid).toBe(610_000);
      expect(justBefore.byMonth).toEqual([
        { month: '2026-03', ...sales(610_000, 0, 2, 0, 1, 600_000) },
        { month: '2026-04', ...sales(0, 0, 0, 0, 0, null) },
      ]);
      const atIt = await get('sales', { from: '2026-03-01', to: '2026-04-01T01:00:00+08:00' });
      expect(atIt.byMonth[1]).toEqual({ month: '2026-04', ...sales(600_000, 0, 1, 0, 1, 600_000) });
    });

    it('filters by campus, consultant credited and course', async () => {
      const byCampus = await get('sales', { ...RANGE, campusId: d.campuses.beijing.id });
      expect(byCampus.totals).toEqual(sales(1_200_000, 100_000, 2, 1, 1, 1_100_000));
      expect(byCampus.byCampus.map((c: { campus: { id: number } }) => c.campus.id)).toEqual([d.campuses.beijing.id]);
      const byWang = await get('sales', { ...RANGE, consultantId: d.staff.wang.id });
      expect(byWang.totals).toEqual(sales(370_000, 0, 3, 0, 1, 300_000));
      const byJava = await get('sales', { ...RANGE, courseId: d.courses.java.id });
      expect(byJava.totals).toEqual(sales(370_000, 0, 3, 0, 1, 300_000));
      expect(byJava.byCourse).toHaveLength(1);
      const both = await get('sales', { ...RANGE, courseId: d.courses.java.id, campusId: d.campuses.beijing.id });
      expect(both.totals).toEqual(sales(0, 0, 0, 0, 0, null));
    });

    it("shows a reader without customers.read_all only their own customers' payments, whoever was credited", async () => {
      const { wang, zhao } = d.staff;
      const own = await get('sales', RANGE, zhao.auth);
      expect(own.totals).toEqual(sales(1_230_000, 100_000, 4, 1, 1, 1_100_000));
      expect(own.byConsultant).toEqual([
        { consultant: { id: wang.id, name: 'wang' }, ...sales(20_000, 0, 1, 0, 0, null) },
        { consultant: { id: zhao.id, name: 'zhao' }, ...sales(1_210_000, 100_000, 3, 1, 1, 1_100_000) },
      ]);
    });

    it('answers zeros for an empty range', async () => {
      const body = await get('sales', { from: '2020-01-01', to: '2020-01-31' });
      expect(body).toEqual({
        period: { from: '2020-01-01', to: '2020-01-31', timeZone: 'Asia/Shanghai' },
        totals: sales(0, 0, 0, 0, 0, null),
        byMonth: [{ month: '2020-01', ...sales(0, 0, 0, 0, 0, null) }],
        byConsultant: [],
        byCourse: [],
        byCampus: [],
      });
    });
  });

  it('runs a fixed handful of queries per report, whatever the data', async () => {
    const count = async (report: string) => (await captureQueries(t.dataSource, () => get(report, RANGE))).length;
    expect(await count('funnel')).toBe(1);
    expect(await count('follow-ups')).toBe(3);
    expect(await count('sales')).toBe(3);
    expect(await count('enrollments')).toBe(5);
    expect(await count('teaching')).toBe(3);
    expect(await count('service')).toBe(1);
  });
});
