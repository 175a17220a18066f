import { codeLabel, type CodeTable } from '../src/common/codes/code-table.js';
import { EnrollmentStatus, FeedbackPriority, FeedbackStatus, FeedbackType } from '../src/common/codes/codes.js';
import type { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import type { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import type { Auth } from './support/fixtures.js';
import { buildReportDataset, type ReportDataset } from './support/report-dataset.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const RANGE = { from: '2026-03-01', to: '2026-04-30' };
const PERIOD = { ...RANGE, timeZone: 'Asia/Shanghai' };

/** Counts per enrollment state, in code order: pending, agreed, approved, rejected, cancelled. */
const states = (counts: number[]) => ({
  enrollments: counts.reduce((a, b) => a + b, 0),
  states: EnrollmentStatus.values.map((code, i) => ({
    status: codeLabel(EnrollmentStatus, code),
    enrollments: counts[i],
  })),
});

/** Attendance figures: present, late, left early, absent, then the score codes of the scored records. */
function attendance(present: number, late: number, leftEarly: number, absent: number, scores: number[]) {
  const records = present + late + leftEarly + absent;
  const attended = present + late + leftEarly;
  const sum = scores.reduce((a, b) => a + b, 0);
  return {
    records,
    present,
    late,
    leftEarly,
    absent,
    attended,
    attendanceRate: records ? Math.round((attended / records) * 10000) / 10000 : 0,
    scored: scores.length,
    averageScore: scores.length ? Math.round((sum / scores.length) * 100) / 100 : null,
  };
}

/** Service figures: tickets, [responded, avg hours], [resolved, avg hours], overdue, [rated, avg satisfaction]. */
const service = (
  tickets: number,
  [responded, averageFirstResponseHours]: [number, number | null],
  [resolved, averageResolutionHours]: [number, number | null],
  overdue: number,
  [rated, averageSatisfaction]: [number, number | null],
) => ({
  tickets,
  responded,
  averageFirstResponseHours,
  resolved,
  averageResolutionHours,
  overdue,
  rated,
  averageSatisfaction,
});
const noService = service(0, [0, null], [0, null], 0, [0, null]);

describe('reports: enrollments, teaching and service', () => {
  let t: TestApp;
  let d: ReportDataset;
  /** A class as reports show it. */
  let classOf: (c: SchoolClass) => Record<string, unknown>;
  /** An enrollment as the report lists show it. */
  let head: (e: Enrollment) => Record<string, unknown>;

  beforeAll(async () => {
    t = await startTestApp();
    d = await buildReportDataset(t);
    const { pyBJ, javaSH } = d.classes;
    const { python, java } = d.courses;
    const { beijing, shanghai } = d.campuses;
    classOf = (c) =>
      c.id === pyBJ.id
        ? {
            id: pyBJ.id,
            displayName: '北京校区 · Python · term 1',
            displayNameZh: '北京校区 · Python · 第1期',
            campus: { id: beijing.id, name: '北京校区' },
            course: { id: python.id, name: 'Python' },
          }
        : {
            id: javaSH.id,
            displayName: '上海校区 · Java · term 1',
            displayNameZh: '上海校区 · Java · 第1期',
            campus: { id: shanghai.id, name: '上海校区' },
            course: { id: java.id, name: 'Java' },
          };
    const customers = Object.values(d.customers);
    const staff = Object.entries(d.staff);
    head = (e) => {
      const customer = customers.find((c) => c.id === e.customerId)!;
      const [name, consultant] = staff.find(([, s]) => s.id === e.consultantId)!;
      return {
        id: e.id,
        number: e.number,
        customer: { id: customer.id, number: customer.number, name: customer.name },
        class: classOf(e.classId === pyBJ.id ? pyBJ : javaSH),
        consultant: { id: consultant.id, name },
      };
    };
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

  describe('enrollments', () => {
    it('counts enrollments created in the range by class, course and state; awaiting approval and lesson balances now', async () => {
      const { e3, e6, e7 } = d.enrollments;
      const { python, java } = d.courses;
      const body = await get('enrollments', RANGE);
      expect(body).toEqual({
        period: PERIOD,
        asOf: body.asOf,
        totals: states([1, 1, 1, 1, 1]),
        byClass: [
          { class: classOf(d.classes.pyBJ), ...states([1, 0, 1, 1, 0]) },
          { class: classOf(d.classes.javaSH), ...states([0, 1, 0, 0, 1]) },
        ],
        byCourse: [
          { course: { id: python.id, name: 'Python' }, ...states([1, 0, 1, 1, 0]) },
          { course: { id: java.id, name: 'Java' }, ...states([0, 1, 0, 0, 1]) },
        ],
        // February's agreed contract waits longest
        awaitingApproval: {
          count: 2,
          head: [
            { ...head(e7), contractAgreedAt: '2026-02-12T03:00:00.000Z' },
            { ...head(e3), contractAgreedAt: '2026-04-02T03:00:00.000Z' },
          ],
        },
        // agreed and approved enrollments: E1 10 bought, 3 used (present, present, late; absent uses none);
        // E3 10/2 (one lesson in May counts too: balances are now); E6 4/3; E7 2/0
        lessonBalances: {
          enrollments: 4,
          purchased: 26,
          used: 8,
          remaining: 18,
          lowThreshold: 3,
          lowCount: 2,
          low: [
            { ...head(e6), purchased: 4, used: 3, remaining: 1 },
            { ...head(e7), purchased: 2, used: 0, remaining: 2 },
          ],
        },
      });
      expect(body.totals.states[1].status).toEqual({ code: 1, en: 'Contract agreed', zh: '学员已同意合同' });
    });

    it('filters by campus, course and consultant', async () => {
      const { e7, e6 } = d.enrollments;
      const shanghai = await get('enrollments', { ...RANGE, campusId: d.campuses.shanghai.id });
      expect(shanghai.totals).toEqual(states([0, 1, 0, 0, 1]));
      expect(shanghai.byClass.map((c: { class: { id: number } }) => c.class.id)).toEqual([d.classes.javaSH.id]);
      expect(shanghai.awaitingApproval.count).toBe(2);
      expect(shanghai.lessonBalances).toMatchObject({
        enrollments: 2,
        purchased: 12,
        used: 2,
        remaining: 10,
        lowCount: 1,
      });
      expect(shanghai.lessonBalances.low).toEqual([{ ...head(e7), purchased: 2, used: 0, remaining: 2 }]);
      const python = await get('enrollments', { ...RANGE, courseId: d.courses.python.id });
      expect(python.totals).toEqual(states([1, 0, 1, 1, 0]));
      expect(python.awaitingApproval).toEqual({ count: 0, head: [] });
      const byLina = await get('enrollments', { ...RANGE, consultantId: d.staff.lina.id });
      expect(byLina.totals).toEqual(states([0, 0, 0, 1, 0]));
      expect(byLina.awaitingApproval.head.map((e: { id: number }) => e.id)).toEqual([e7.id]);
      expect(byLina.lessonBalances).toMatchObject({ enrollments: 2, purchased: 6, used: 3, remaining: 3, lowCount: 2 });
      expect(byLina.lessonBalances.low.map((e: { id: number }) => e.id)).toEqual([e6.id, e7.id]);
    });

    it("shows a reader without customers.read_all only their own customers' enrollments", async () => {
      const own = await get('enrollments', RANGE, d.staff.zhao.auth);
      expect(own.totals).toEqual(states([0, 0, 1, 0, 1]));
      expect(own.awaitingApproval).toEqual({ count: 0, head: [] });
      expect(own.lessonBalances).toEqual({
        enrollments: 1,
        purchased: 10,
        used: 3,
        remaining: 7,
        lowThreshold: 3,
        lowCount: 0,
        low: [],
      });
    });

    it('answers zeros for an empty range; awaiting approval and balances are as of now', async () => {
      const body = await get('enrollments', { from: '2020-01-01', to: '2020-01-31' });
      expect(body.totals).toEqual(states([0, 0, 0, 0, 0]));
      expect(body.byClass).toEqual([]);
      expect(body.byCourse).toEqual([]);
      expect(body.awaitingApproval.count).toBe(2);
      expect(body.lessonBalances.purchased).toBe(26);
    });
  });

  describe('teaching', () => {
    it('rates attendance and averages scores per class and student; counts lessons per teacher and month', async () => {
      const { e1, e3, e6, e7 } = d.enrollments;
      const { c1, c3, c6 } = d.customers;
      const { pyBJ, javaSH } = d.classes;
      const student = (e: Enrollment, c: { id: number; number: string; name: string | null }, figures: object) => ({
        enrollment: { id: e.id, number: e.number },
        customer: { id: c.id, number: c.number, name: c.name },
        class: classOf(e.classId === pyBJ.id ? pyBJ : javaSH),
        ...figures,
      });
      const body = await get('teaching', RANGE);
      expect(body).toEqual({
        period: PERIOD,
        // lessons of 2 March … 8 April: N/A (0) scores are left out, COPY (−100) counts at its value
        totals: attendance(5, 1, 1, 3, [90, 80, 100, -100, 60, 85]),
        byClass: [
          { class: classOf(pyBJ), students: 2, lessons: 4, ...attendance(4, 1, 1, 2, [90, 80, 100, -100, 60]) },
          { class: classOf(javaSH), students: 2, lessons: 1, ...attendance(1, 0, 0, 1, [85]) },
        ],
        byStudent: [
          student(e1, c1, attendance(2, 1, 0, 1, [90, 80])),
          student(e3, c3, attendance(1, 0, 0, 0, [85])),
          student(e6, c6, attendance(2, 0, 1, 1, [100, -100, 60])),
          // absent and never scored: rate 0, no average
          student(e7, c6, attendance(0, 0, 0, 1, [])),
        ],
        lessonsByTeacher: [
          {
            teacher: { id: d.staff.t1.id, name: 'teacher1' },
            lessons: 3,
            months: [
              { month: '2026-03', lessons: 3 },
              { month: '2026-04', lessons: 0 },
            ],
          },
          {
            teacher: { id: d.staff.t2.id, name: 'teacher2' },
            lessons: 2,
            months: [
              { month: '2026-03', lessons: 0 },
              { month: '2026-04', lessons: 2 },
            ],
          },
        ],
      });
      expect(body.totals).toMatchObject({ attendanceRate: 0.7, averageScore: 52.5 });
      expect(body.byStudent[2].averageScore).toBe(20);
    });

    it('filters by campus and course', async () => {
      const shanghai = await get('teaching', { ...RANGE, campusId: d.campuses.shanghai.id });
      expect(shanghai.totals).toEqual(attendance(1, 0, 0, 1, [85]));
      expect(shanghai.byStudent).toHaveLength(2);
      expect(shanghai.lessonsByTeacher).toEqual([
        {
          teacher: { id: d.staff.t2.id, name: 'teacher2' },
          lessons: 1,
          months: [
            { month: '2026-03', lessons: 0 },
            { month: '2026-04', lessons: 1 },
          ],
        },
      ]);
      const python = await get('teaching', { ...RANGE, courseId: d.courses.python.id });
      expect(python.totals).toEqual(attendance(4, 1, 1, 2, [90, 80, 100, -100, 60]));
      expect(python.lessonsByTeacher.map((w: { lessons: number }) => w.lessons)).toEqual([3, 1]);
    });

    it('keeps a consultant to their own students and a teacher to their classes', async () => {
      const { e1, e6 } = d.enrollments;
      // zhao sees their customer 陈一's records, and no lessons (they teach no class and lack teaching.read_all)
      const own = await get('teaching', RANGE, d.staff.zhao.auth);
      expect(own.totals).toEqual(attendance(2, 1, 0, 1, [90, 80]));
      expect(own.byClass).toEqual([
        { class: classOf(d.classes.pyBJ), students: 1, lessons: 4, ...attendance(2, 1, 0, 1, [90, 80]) },
      ]);
      expect(own.byStudent.map((s: { enrollment: { id: number } }) => s.enrollment.id)).toEqual([e1.id]);
      expect(own.lessonsByTeacher).toEqual([]);
      // teacher1 sees the class they teach: every student in it, and its lessons whoever held them
      const teacher = await get('teaching', RANGE, d.staff.t1.auth);
      expect(teacher.byClass.map((c: { class: { id: number } }) => c.class.id)).toEqual([d.classes.pyBJ.id]);
      expect(teacher.byStudent.map((s: { enrollment: { id: number } }) => s.enrollment.id)).toEqual([e1.id, e6.id]);
      expect(
        teacher.lessonsByTeacher.map((w: { teacher: { id: number }; lessons: number }) => [w.teacher.id, w.lessons]),
      ).toEqual([
        [d.staff.t1.id, 3],
        [d.staff.t2.id, 1],
      ]);
    });

    it('answers zeros and empty lists for an empty range', async () => {
      expect(await get('teaching', { from: '2020-01-01', to: '2020-01-31' })).toEqual({
        period: { from: '2020-01-01', to: '2020-01-31', timeZone: 'Asia/Shanghai' },
        totals: attendance(0, 0, 0, 0, []),
        byClass: [],
        byStudent: [],
        lessonsByTeacher: [],
      });
    });
  });

  describe('service', () => {
    const byCode = (table: CodeTable, key: string, rows: Record<number, object>) =>
      table.values.map((code) => ({ [key]: codeLabel(table, code), ...(rows[code] ?? noService) }));

    it('counts tickets by type, status and priority with response and resolution times, overdue and satisfaction', async () => {
      const T = FeedbackType.code;
      const S = FeedbackStatus.code;
      const P = FeedbackPriority.code;
      const body = await get('service', RANGE);
      expect(body).toEqual({
        period: PERIOD,
        asOf: body.asOf,
        // first responses after 2, 4, 10 and 1 hours; resolutions after 26, 48 and 2 hours; the open
        // consultation and the suggestion in progress are long past their targets
        totals: service(5, [4, 4.25], [3, 25.33], 2, [2, 3]),
        byType: byCode(FeedbackType, 'type', {
          [T.consultation]: service(1, [0, null], [0, null], 1, [0, null]),
          [T.complaint]: service(2, [2, 3], [2, 37], 0, [2, 3]),
          [T.suggestion]: service(1, [1, 10], [0, null], 1, [0, null]),
          [T.praise]: service(1, [1, 1], [1, 2], 0, [0, null]),
        }),
        byStatus: byCode(FeedbackStatus, 'status', {
          [S.open]: service(1, [0, null], [0, null], 1, [0, null]),
          [S.inProgress]: service(1, [1, 10], [0, null], 1, [0, null]),
          [S.resolved]: service(2, [2, 2.5], [2, 25], 0, [1, 2]),
          [S.closed]: service(1, [1, 2], [1, 26], 0, [1, 4]),
        }),
        byPriority: byCode(FeedbackPriority, 'priority', {
          [P.low]: service(2, [2, 5.5], [1, 2], 1, [0, null]),
          [P.normal]: service(2, [1, 4], [1, 48], 1, [1, 2]),
          [P.high]: service(1, [1, 2], [1, 26], 0, [1, 4]),
        }),
      });
      expect(body.byType[1].type).toEqual({ code: 1, en: 'Complaint', zh: '投诉' });
    });

    it("filters by campus, course and the customers' consultant", async () => {
      const beijing = await get('service', { ...RANGE, campusId: d.campuses.beijing.id });
      expect(beijing.totals).toEqual(service(1, [1, 2], [1, 26], 0, [1, 4]));
      const java = await get('service', { ...RANGE, courseId: d.courses.java.id });
      expect(java.totals).toEqual(service(1, [1, 4], [1, 48], 0, [1, 2]));
      const byWang = await get('service', { ...RANGE, consultantId: d.staff.wang.id });
      expect(byWang.totals).toEqual(service(2, [2, 2.5], [2, 25], 0, [1, 2]));
    });

    it("shows a scoped reader their own customers' tickets and those assigned to them", async () => {
      // 陈一's complaint and 陈二's suggestion, and 王五's consultation, assigned to zhao
      const own = await get('service', RANGE, d.staff.zhao.auth);
      expect(own.totals).toEqual(service(3, [2, 6], [1, 26], 2, [1, 4]));
    });

    it('answers zeros for an empty range', async () => {
      const body = await get('service', { from: '2020-01-01', to: '2020-01-31' });
      expect(body.totals).toEqual(noService);
      expect(body.byType).toEqual(byCode(FeedbackType, 'type', {}));
      expect(body.byStatus).toEqual(byCode(FeedbackStatus, 'status', {}));
      expect(body.byPriority).toEqual(byCode(FeedbackPriority, 'priority', {}));
    });
  });
});
