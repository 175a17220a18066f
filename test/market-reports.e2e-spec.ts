import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import {
  ClassType,
  CustomerSource,
  EnrollmentStatus,
  FollowUpIntention,
  LostReason,
  PaymentMethod,
  PaymentType,
} from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { ChannelSpend } from '../src/market/entities/channel-spend.entity.js';
import { Competitor } from '../src/market/entities/competitor.entity.js';
import { FollowUp } from '../src/sales/entities/follow-up.entity.js';
import { Payment } from '../src/sales/entities/payment.entity.js';
import { Branch } from '../src/teaching/entities/branch.entity.js';
import { Course } from '../src/teaching/entities/course.entity.js';
import { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { staffWithPermissions, type Person } from './support/report-dataset.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const S = CustomerSource.code;
const E = EnrollmentStatus.code;
const P = PaymentType.code;
const I = FollowUpIntention.code;
const R = LostReason.code;
const RANGE = { from: '2026-03-01', to: '2026-04-30' }; // school time zone Asia/Shanghai
const at = (iso: string) => new Date(iso);

const binary = (res: Response, callback: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/**
 * The known dataset (period March–April 2026, Shanghai):
 * Channels — spend: Baidu ads 2026-02 ¥9,999.99 (outside), 2026-03 ¥2,000 + ¥1,000, 2026-04 ¥1,000; Zhihu 2026-03
 * ¥500 (spend, a lead, no enrollment); QQ group no spend (an enrollment in April: enrollments without spend).
 * Baidu customers: b1 (lead in March; enrollments approved 20 March and 2 April; pays ¥10,000 in March, refunded
 * ¥2,000 in April), b2 (created 31 March 17:00 UTC = 1 April in Shanghai: an April lead; approved and pays ¥5,000
 * in April), b3 (created in February: no lead; approved and pays ¥8,000 on 2 March), b4 (March lead; its enrollment
 * was approved then cancelled: not enrolled), d1 (March, deleted: no lead). Zhihu: z1 (March lead, zhao's).
 * QQ group: q1 (created in January; approved and pays ¥6,000 on 20 April).
 * Competitors — customers created in December 2025 from referral (no leads in the period): see the losses below.
 */
describe('market reports: channels and competitors', () => {
  let t: TestApp;
  let admin: Auth;
  let boss: Person;
  let zhao: Person;
  let plain: Person;
  let tedu: Competitor;
  let qingniao: Competitor;
  let python: Course;
  let java: Course;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    boss = await staffWithRole(t, admin, 'boss', 'manager');
    zhao = await staffWithPermissions(t, admin, 'zhao', ['reports.read', 'reports.export', 'customers.read']);
    plain = await staffWithRole(t, admin, 'plain', 'consultant');
    const m = t.dataSource.manager;

    python = await m.save(m.create(Course, { name: 'Python', price: 1_200_000, periodMonths: 6, outline: '…' }));
    java = await m.save(m.create(Course, { name: 'Java', price: 1_500_000, periodMonths: 6, outline: '…' }));
    const campus = await m.save(m.create(Branch, { name: '北京校区', address: '海淀' }));
    const klass = (course: Course, semester: number) =>
      m.save(
        m.create(SchoolClass, {
          branchId: campus.id,
          courseId: course.id,
          classType: ClassType.code.weekend,
          semester,
          startDate: '2026-02-01',
          teachers: [],
        }),
      );
    const py1 = await klass(python, 1);
    const py2 = await klass(python, 2);

    const spend = (source: number, month: string, amount: number) =>
      m.save(m.create(ChannelSpend, { source, month, amount, campaign: null, updatedById: boss.id }));
    await spend(S.baiduAds, '2026-02', 999_999);
    await spend(S.baiduAds, '2026-03', 200_000);
    await spend(S.baiduAds, '2026-03', 100_000);
    await spend(S.baiduAds, '2026-04', 100_000);
    await spend(S.zhihu, '2026-03', 50_000);

    const customer = (name: string, source: number, createdAt: string, owner: Person = boss, course?: Course) =>
      m.save(
        m.create(Customer, {
          name,
          source,
          consultantId: owner.id,
          consultCourseId: course?.id ?? null,
          createdAt: at(createdAt),
        }),
      );
    const enroll = (c: Customer, schoolClass: SchoolClass, status: number, approvedAt: string) =>
      m.save(
        m.create(Enrollment, {
          customerId: c.id,
          classId: schoolClass.id,
          consultantId: c.consultantId,
          status,
          price: 1_200_000,
          purchasedLessons: 10,
          contractAgreedAt: at(approvedAt),
          contractApprovedAt: at(approvedAt),
          createdAt: at(approvedAt),
        }),
      );
    const pay = (c: Customer, e: Enrollment | null, type: number, amount: number, paidAt: string) =>
      m.save(
        m.create(Payment, {
          customerId: c.id,
          courseId: python.id,
          enrollmentId: e?.id ?? null,
          classId: e?.classId ?? null,
          type,
          method: PaymentMethod.code.cash,
          amount,
          consultantId: boss.id,
          paidAt: at(paidAt),
        }),
      );
    const b1 = await customer('百度一', S.baiduAds, '2026-03-05T02:00:00Z');
    const b1e = await enroll(b1, py1, E.approved, '2026-03-20T02:00:00Z');
    await enroll(b1, py2, E.approved, '2026-04-02T02:00:00Z');
    await pay(b1, b1e, P.payment, 1_000_000, '2026-03-20T02:00:00Z');
    await pay(b1, b1e, P.refund, 200_000, '2026-04-10T02:00:00Z');
    const b2 = await customer('百度二', S.baiduAds, '2026-03-31T17:00:00Z');
    await pay(
      b2,
      await enroll(b2, py1, E.approved, '2026-04-05T02:00:00Z'),
      P.payment,
      500_000,
      '2026-04-05T02:00:00Z',
    );
    const b3 = await customer('百度三', S.baiduAds, '2026-02-10T02:00:00Z');
    await pay(
      b3,
      await enroll(b3, py1, E.approved, '2026-03-02T02:00:00Z'),
      P.payment,
      800_000,
      '2026-03-02T02:00:00Z',
    );
    const b4 = await customer('百度四', S.baiduAds, '2026-03-10T02:00:00Z');
    await enroll(b4, py1, E.cancelled, '2026-03-12T02:00:00Z');
    const d1 = await customer('已删除', S.baiduAds, '2026-03-06T02:00:00Z');
    await m.softRemove(d1);
    await customer('知乎一', S.zhihu, '2026-03-15T02:00:00Z', zhao);
    const q1 = await customer('QQ一', S.qqGroup, '2026-01-10T02:00:00Z');
    await pay(
      q1,
      await enroll(q1, py1, E.approved, '2026-04-20T02:00:00Z'),
      P.payment,
      600_000,
      '2026-04-20T02:00:00Z',
    );

    tedu = await m.save(m.create(Competitor, { name: '达内', cities: [], courses: [], updatedById: boss.id }));
    qingniao = await m.save(m.create(Competitor, { name: '北大青鸟', cities: [], courses: [], updatedById: boss.id }));
    const lead = (name: string, course?: Course, owner: Person = boss) =>
      customer(name, S.referral, '2025-12-01T02:00:00Z', owner, course);
    const followUp = (
      c: Customer,
      intention: number,
      createdAt: string,
      loss: { competitor?: Competitor; reason?: number; price?: number } = {},
    ) =>
      m.save(
        m.create(FollowUp, {
          customerId: c.id,
          consultantId: c.consultantId,
          content: '跟进',
          intention,
          competitorId: loss.competitor?.id ?? null,
          lostReason: loss.reason ?? null,
          offeredPrice: loss.price ?? null,
          createdAt: at(createdAt),
        }),
      );
    const k1 = await lead('流失一', python);
    await followUp(k1, I.withinMonth, '2026-03-05T02:00:00Z');
    await followUp(k1, I.enrolledElsewhere, '2026-03-10T02:00:00Z', {
      competitor: tedu,
      reason: R.price,
      price: 1_500_000,
    });
    await followUp(await lead('流失二', python, zhao), I.enrolledElsewhere, '2026-03-20T02:00:00Z', {
      competitor: tedu,
      reason: R.schedule,
    });
    await followUp(await lead('流失三', java), I.enrolledElsewhere, '2026-04-03T02:00:00Z', {
      competitor: tedu,
      reason: R.price,
      price: 1_700_000,
    });
    await followUp(await lead('流失四'), I.enrolledElsewhere, '2026-04-15T02:00:00Z', {
      competitor: qingniao,
      price: 900_000,
    });
    // came back after the loss: not lost
    const k5 = await lead('回来了', python);
    await followUp(k5, I.enrolledElsewhere, '2026-03-12T02:00:00Z', { competitor: tedu, reason: R.price });
    await followUp(k5, I.withinTwoWeeks, '2026-03-25T02:00:00Z');
    // lost before the period; lost but deleted; enrolled elsewhere without naming where
    await followUp(await lead('二月流失', java), I.enrolledElsewhere, '2026-02-20T02:00:00Z', { competitor: qingniao });
    const k7 = await lead('删除流失');
    await followUp(k7, I.enrolledElsewhere, '2026-03-15T02:00:00Z', { competitor: tedu });
    await m.softRemove(k7);
    await followUp(await lead('不知去向'), I.enrolledElsewhere, '2026-03-18T02:00:00Z');
  });
  afterAll(() => t.close());

  const report = async (name: string, query: Record<string, string | number> = {}, auth: Auth = boss.auth) =>
    (
      await t.http
        .get(`/api/v1/reports/${name}`)
        .query({ ...RANGE, ...query })
        .set(auth)
        .expect(200)
    ).body;

  const figures = (
    spend: number,
    newLeads: number,
    enrolled: number,
    revenue: number,
    costPerLead: number | null,
    costPerEnrolled: number | null,
    returnOnSpend: number | null,
  ) => ({ spend, newLeads, enrolled, revenue, net: revenue - spend, costPerLead, costPerEnrolled, returnOnSpend });

  describe('channels', () => {
    it('gives spend, leads, enrolled, revenue, cost per lead / enrolled and return on spend per channel and month', async () => {
      const r = await report('channels');
      expect(r.period).toEqual({ ...RANGE, timeZone: 'Asia/Shanghai' });
      expect(r.totals).toEqual(figures(450_000, 4, 4, 2_700_000, 112_500, 112_500, 6));
      const bySource = Object.fromEntries(
        r.bySource.map((row: { source: { code: number } }) => [row.source.code, row]),
      );
      expect(r.bySource.map((row: { source: { code: number } }) => row.source.code)).toEqual([
        ...CustomerSource.values,
      ]);
      expect(bySource[S.baiduAds]).toEqual({
        source: { code: S.baiduAds, en: 'Baidu ads', zh: '百度推广' },
        // b1 enrolled in both months counts once over the period
        ...figures(400_000, 3, 3, 2_100_000, 133_333, 133_333, 5.25),
      });
      // spend and a lead, no enrollment
      expect(bySource[S.zhihu]).toMatchObject(figures(50_000, 1, 0, 0, 50_000, null, 0));
      // enrollments and revenue, no spend: they cost nothing; no return on no spend
      expect(bySource[S.qqGroup]).toMatchObject(figures(0, 0, 1, 600_000, null, 0, null));
      expect(bySource[S.referral]).toMatchObject(figures(0, 0, 0, 0, null, null, null));
      expect(r.byMonth).toEqual([
        { month: '2026-03', ...figures(350_000, 3, 2, 1_800_000, 116_667, 175_000, 5.1429) },
        { month: '2026-04', ...figures(100_000, 1, 3, 900_000, 100_000, 33_333, 9) },
      ]);
      const cells = r.bySourceMonth.map((row: { month: string; source: { code: number } }) => ({
        ...row,
        source: row.source.code,
      }));
      expect(cells).toEqual([
        { month: '2026-03', source: S.baiduAds, ...figures(300_000, 2, 2, 1_800_000, 150_000, 150_000, 6) },
        { month: '2026-03', source: S.zhihu, ...figures(50_000, 1, 0, 0, 50_000, null, 0) },
        // a month with an enrollment and no spend
        { month: '2026-04', source: S.qqGroup, ...figures(0, 0, 1, 600_000, null, 0, null) },
        { month: '2026-04', source: S.baiduAds, ...figures(100_000, 1, 2, 300_000, 100_000, 50_000, 3) },
      ]);
    });

    it('filters by source; a reader without customers.read_all counts their own customers against all the spend', async () => {
      const baidu = await report('channels', { source: S.baiduAds });
      expect(baidu.totals).toEqual(figures(400_000, 3, 3, 2_100_000, 133_333, 133_333, 5.25));
      expect(baidu.bySource).toHaveLength(1);
      const own = await report('channels', {}, zhao.auth);
      expect(own.totals).toEqual(figures(450_000, 1, 0, 0, 450_000, null, 0));
      const march = await report('channels', { from: '2026-03-01', to: '2026-03-31' });
      expect(march.totals).toEqual(figures(350_000, 3, 2, 1_800_000, 116_667, 175_000, 5.1429));
    });
  });

  describe('competitors', () => {
    it('counts customers lost to each competitor, by reason, by course and by month', async () => {
      const r = await report('competitors');
      const ref = (c: Competitor) => ({ id: c.id, name: c.name });
      const loss = (lost: number, withOfferedPrice: number, averageOfferedPrice: number | null) => ({
        lost,
        withOfferedPrice,
        averageOfferedPrice,
      });
      expect(r.totals).toEqual(loss(4, 3, 1_366_667));
      expect(r.byCompetitor).toEqual([
        { competitor: ref(tedu), ...loss(3, 2, 1_600_000) },
        { competitor: ref(qingniao), ...loss(1, 1, 900_000) },
      ]);
      expect(r.byReason).toEqual([
        { competitor: ref(tedu), reason: { code: R.price, en: 'Price', zh: '价格' }, ...loss(2, 2, 1_600_000) },
        { competitor: ref(tedu), reason: { code: R.schedule, en: 'Schedule', zh: '上课时间' }, ...loss(1, 0, null) },
        { competitor: ref(qingniao), reason: null, ...loss(1, 1, 900_000) },
      ]);
      expect(r.byCourse).toEqual([
        { competitor: ref(tedu), course: { id: python.id, name: 'Python' }, ...loss(2, 1, 1_500_000) },
        { competitor: ref(tedu), course: { id: java.id, name: 'Java' }, ...loss(1, 1, 1_700_000) },
        { competitor: ref(qingniao), course: null, ...loss(1, 1, 900_000) },
      ]);
      expect(r.byMonth).toEqual([
        { competitor: ref(tedu), month: '2026-03', ...loss(2, 1, 1_500_000) },
        { competitor: ref(tedu), month: '2026-04', ...loss(1, 1, 1_700_000) },
        { competitor: ref(qingniao), month: '2026-03', ...loss(0, 0, null) },
        { competitor: ref(qingniao), month: '2026-04', ...loss(1, 1, 900_000) },
      ]);
    });

    it('filters by competitor, course and consultant, and follows record scope', async () => {
      expect((await report('competitors', { competitorId: qingniao.id })).totals.lost).toBe(1);
      expect((await report('competitors', { courseId: python.id })).totals.lost).toBe(2);
      expect((await report('competitors', { consultantId: zhao.id })).totals.lost).toBe(1);
      const own = await report('competitors', {}, zhao.auth);
      expect(own.byCompetitor).toEqual([
        { competitor: { id: tedu.id, name: '达内' }, lost: 1, withOfferedPrice: 0, averageOfferedPrice: null },
      ]);
    });
  });

  describe('access, input, export and print', () => {
    it('answers 401 without a token, 403 without reports.read / reports.export, 400 for bad input', async () => {
      for (const name of ['channels', 'competitors']) {
        await t.http.get(`/api/v1/reports/${name}`).expect(401);
        await t.http.get(`/api/v1/reports/${name}`).set(plain.auth).expect(403);
        await t.http.get(`/api/v1/reports/${name}/export`).query({ format: 'csv' }).expect(401);
        await t.http.get(`/api/v1/reports/${name}/export`).query({ format: 'csv' }).set(plain.auth).expect(403);
        for (const [query, field] of [
          [{ from: '2026-13-01' }, 'from'],
          [{ from: '2026-04-01', to: '2026-03-01' }, 'to'],
          [{ foo: '1' }, 'foo'],
        ] as const) {
          const res = await t.http.get(`/api/v1/reports/${name}`).query(query).set(boss.auth).expect(400);
          expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
        }
        await t.http.get(`/api/v1/reports/${name}/export`).query({ format: 'doc' }).set(boss.auth).expect(400);
      }
      const bad = (name: string, query: Record<string, string>) =>
        t.http.get(`/api/v1/reports/${name}`).query(query).set(boss.auth).expect(400);
      await bad('channels', { source: '99' });
      await bad('channels', { source: 'baidu' });
      await bad('competitors', { competitorId: '0' });
      await bad('competitors', { courseId: '-1' });
    });

    it('exports the channel report as CSV and XLSX, and prints both reports as PDF', async () => {
      const download = async (name: string, query: Record<string, string>) => {
        const res = await t.http
          .get(`/api/v1/reports/${name}/export`)
          .query({ ...RANGE, ...query })
          .set(boss.auth)
          .buffer(true)
          .parse(binary);
        expect(res.status).toBe(200);
        return res;
      };
      const csv = (await download('channels', { format: 'csv', lang: 'zh' })).body.toString('utf8');
      const blocks: string[][][] = csv
        .slice(1)
        .split(/\n\n/)
        .map((block: string) => parse(block, { relax_column_count: true }) as string[][]);
      const byChannel = blocks.find((b) => b[0]?.[0] === '按渠道' && b[0].length === 1)!;
      expect(byChannel[1]).toEqual([
        '渠道',
        '投放（元）',
        '新线索',
        '报名人数',
        '收入（元）',
        '收入−投放（元）',
        '单条线索成本（元）',
        '单个报名成本（元）',
        '投入产出比',
      ]);
      expect(byChannel.find((row) => row[0] === '百度推广')).toEqual([
        '百度推广',
        '4000',
        '3',
        '3',
        '21000',
        '17000',
        '1333.33',
        '1333.33',
        '5.25',
      ]);
      const xlsx = await download('channels', { format: 'xlsx' });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
      expect(workbook.worksheets.map((s) => s.name)).toEqual([
        'Totals',
        'By channel',
        'By month',
        'By channel and month',
      ]);
      for (const name of ['channels', 'competitors']) {
        const filter: Record<string, string> = name === 'competitors' ? { competitorId: String(tedu.id) } : {};
        const pdf = await download(name, { format: 'pdf', ...filter });
        expect(pdf.headers['content-type']).toContain('application/pdf');
        expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
    });
  });
});
