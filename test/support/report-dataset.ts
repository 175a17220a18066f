import {
  Attendance,
  ClassType,
  CustomerSource,
  CustomerStatus,
  EnrollmentStatus,
  FeedbackChannel,
  FeedbackPriority,
  FeedbackStatus,
  FeedbackType,
  FollowUpIntention,
  PaymentMethod,
  PaymentType,
  Score,
} from '../../src/common/codes/codes.js';
import { DAY_MS, startOfToday } from '../../src/common/time/school-time.js';
import { Customer } from '../../src/customers/entities/customer.entity.js';
import { rebuildFunnelDays } from '../../src/customers/funnel/funnel-days.js';
import { Enrollment } from '../../src/enrollment/entities/enrollment.entity.js';
import { Feedback } from '../../src/feedback/entities/feedback.entity.js';
import { FollowUp } from '../../src/sales/entities/follow-up.entity.js';
import { Payment } from '../../src/sales/entities/payment.entity.js';
import { Branch } from '../../src/teaching/entities/branch.entity.js';
import { Course } from '../../src/teaching/entities/course.entity.js';
import { Lesson } from '../../src/teaching/entities/lesson.entity.js';
import { SchoolClass } from '../../src/teaching/entities/school-class.entity.js';
import { StudyRecord } from '../../src/teaching/entities/study-record.entity.js';
import { adminAuth, staffWithRole, type Auth } from './fixtures.js';
import type { TestApp } from './test-app.js';

export type Person = { id: number; auth: Auth };

const HOUR_MS = 3_600_000;
const at = (iso: string) => new Date(iso);
const hoursAfter = (from: Date, hours: number) => new Date(from.getTime() + hours * HOUR_MS);

/** A role made for a test, and a staff member holding it (signed in). */
export async function staffWithPermissions(
  t: TestApp,
  admin: Auth,
  username: string,
  permissions: string[],
): Promise<Person> {
  const role = await t.http
    .post('/api/v1/roles')
    .set(admin)
    .send({ code: `${username}-role`, name: `${username} role`, permissions, menuIds: [] });
  if (role.status !== 201)
    throw new Error(`creating role for ${username}: ${role.status} ${JSON.stringify(role.body)}`);
  return staffWithRole(t, admin, username, `${username}-role`);
}

/**
 * The known dataset of the report tests, written through the repositories with explicit times, mostly in March
 * and April 2026 (school time zone Asia/Shanghai). The expected figures in the tests are worked out from the
 * comments here.
 *
 * Staff: lina, wang (built-in consultants), zhao (a custom role: reports.read + customers.read, no read_all —
 * owns customers), boss (manager), t1 (a custom role: reports.read + teaching.read; teaches pyBJ), t2 (teacher;
 * teaches javaSH), plain (a built-in consultant without reports.read).
 */
export async function buildReportDataset(t: TestApp) {
  const admin = await adminAuth(t);
  const lina = await staffWithRole(t, admin, 'lina', 'consultant');
  const wang = await staffWithRole(t, admin, 'wang', 'consultant');
  const zhao = await staffWithPermissions(t, admin, 'zhao', ['reports.read', 'customers.read']);
  const boss = await staffWithRole(t, admin, 'boss', 'manager');
  const t1 = await staffWithPermissions(t, admin, 'teacher1', ['reports.read', 'teaching.read']);
  const t2 = await staffWithRole(t, admin, 'teacher2', 'teacher');
  const plain = await staffWithRole(t, admin, 'plain', 'consultant');
  const m = t.dataSource.manager;

  const python = await m.save(m.create(Course, { name: 'Python', price: 1_200_000, periodMonths: 6, outline: '…' }));
  const java = await m.save(m.create(Course, { name: 'Java', price: 1_500_000, periodMonths: 6, outline: '…' }));
  const beijing = await m.save(m.create(Branch, { name: '北京校区', address: '海淀' }));
  const shanghai = await m.save(m.create(Branch, { name: '上海校区', address: '浦东' }));
  const klass = (course: Course, campus: Branch, teacherId: number) =>
    m.save(
      m.create(SchoolClass, {
        branchId: campus.id,
        courseId: course.id,
        classType: ClassType.code.weekend,
        semester: 1,
        startDate: '2026-02-01',
        teachers: [{ id: teacherId }],
      }),
    );
  const pyBJ = await klass(python, beijing, t1.id);
  const javaSH = await klass(java, shanghai, t2.id);

  const S = CustomerSource.code;
  const customer = (name: string, source: number, consultant: Person, createdAt: string, course?: Course) =>
    m.save(
      m.create(Customer, {
        name,
        source,
        consultantId: consultant.id,
        consultCourseId: course?.id ?? null,
        createdAt: at(createdAt),
      }),
    );
  // customers created in the range 2026-03-01 … 2026-04-30 (Shanghai) unless said otherwise
  const c1 = await customer('陈一', S.referral, zhao, '2026-03-05T02:00:00Z', python); // enrolled by an approved enrollment
  const c2 = await customer('陈二', S.referral, zhao, '2026-03-20T02:00:00Z', java);
  const c3 = await customer('张三', S.website, wang, '2026-03-31T17:00:00Z', java); // 1 April 01:00 in Shanghai
  const c4 = await customer('李四', S.website, wang, '2026-04-10T02:00:00Z', python);
  const c5 = await customer('王五', S.baiduAds, lina, '2026-04-15T02:00:00Z', python); // followed up, never enrolled
  const c6 = await customer('赵六', S.qqGroup, lina, '2026-02-10T02:00:00Z', python); // February: outside
  const c7 = await customer('孙七', S.zhihu, zhao, '2026-04-20T02:00:00Z'); // enrolled by status only
  const c8 = await customer('周八', S.referral, zhao, '2026-03-15T02:00:00Z'); // soft-deleted below
  const c9 = await customer('吴九', S.marketing, wang, '2026-02-28T16:30:00Z'); // 1 March 00:30 in Shanghai: inside
  const c10 = await customer('郑十', S.marketing, wang, '2026-04-30T16:30:00Z'); // 1 May 00:30 in Shanghai: outside
  await m.update(Customer, c7.id, { status: CustomerStatus.code.enrolled });

  const I = FollowUpIntention.code;
  const followUp = (c: Customer, intention: number, createdAt: string) =>
    m.save(
      m.create(FollowUp, {
        customerId: c.id,
        consultantId: c.consultantId,
        content: '电话沟通',
        intention,
        createdAt: at(createdAt),
      }),
    );
  await followUp(c1, I.withinTwoWeeks, '2026-03-06T02:00:00Z');
  await followUp(c1, I.enrolled, '2026-03-10T02:00:00Z');
  await followUp(c2, I.withinMonth, '2026-03-21T02:00:00Z');
  await followUp(c3, I.withinTwoWeeks, '2026-04-02T02:00:00Z');
  await followUp(c5, I.noPlan, '2026-04-16T02:00:00Z');
  await followUp(c6, I.enrolled, '2026-02-12T02:00:00Z');
  await followUp(c8, I.withinMonth, '2026-03-16T02:00:00Z');
  // what the follow-up service keeps on the customer; due times relative to now (the due figures are as of now)
  const now = Date.now();
  const todayStart = startOfToday('Asia/Shanghai').getTime();
  const latest = (c: Customer, intention: number, lastAt: string, dueAt: number | null) =>
    m.update(Customer, c.id, {
      latestIntention: intention,
      lastFollowUpAt: at(lastAt),
      followUpDueAt: dueAt === null ? null : new Date(dueAt),
    });
  await latest(c1, I.enrolled, '2026-03-10T02:00:00Z', null);
  await latest(c2, I.withinMonth, '2026-03-21T02:00:00Z', now - 3 * DAY_MS); // zhao: overdue
  await latest(c3, I.withinTwoWeeks, '2026-04-02T02:00:00Z', todayStart + 60_000); // wang: due today
  await latest(c5, I.noPlan, '2026-04-16T02:00:00Z', now + 3 * DAY_MS); // lina: due in the next 7 days
  await latest(c6, I.enrolled, '2026-02-12T02:00:00Z', null);
  await latest(c8, I.withinMonth, '2026-03-16T02:00:00Z', now - DAY_MS); // deleted: not counted
  await m.update(Customer, c7.id, { followUpDueAt: new Date(now + 30 * DAY_MS) }); // beyond the week
  await m.update(Customer, c9.id, { followUpDueAt: new Date(todayStart - 60_000) }); // wang: overdue (yesterday)

  const E = EnrollmentStatus.code;
  const enrollment = (
    c: Customer,
    schoolClass: SchoolClass,
    status: number,
    createdAt: string,
    purchasedLessons: number,
    agreedAt?: string,
  ) =>
    m.save(
      m.create(Enrollment, {
        customerId: c.id,
        classId: schoolClass.id,
        consultantId: c.consultantId,
        status,
        price: 1_200_000,
        purchasedLessons,
        contractAgreedAt: agreedAt ? at(agreedAt) : null,
        createdAt: at(createdAt),
      }),
    );
  const e1 = await enrollment(c1, pyBJ, E.approved, '2026-03-08T02:00:00Z', 10, '2026-03-08T03:00:00Z');
  const e2 = await enrollment(c2, javaSH, E.cancelled, '2026-03-22T02:00:00Z', 10);
  const e3 = await enrollment(c3, javaSH, E.agreed, '2026-04-02T02:00:00Z', 10, '2026-04-02T03:00:00Z');
  const e4 = await enrollment(c4, pyBJ, E.pending, '2026-04-11T02:00:00Z', 10);
  const e5 = await enrollment(c5, pyBJ, E.rejected, '2026-04-16T02:00:00Z', 10, '2026-04-16T03:00:00Z');
  const e6 = await enrollment(c6, pyBJ, E.approved, '2026-02-11T02:00:00Z', 4, '2026-02-11T03:00:00Z'); // outside
  const e7 = await enrollment(c6, javaSH, E.agreed, '2026-02-12T02:00:00Z', 2, '2026-02-12T03:00:00Z'); // outside

  const P = PaymentType.code;
  const payment = (
    c: Customer,
    course: Course,
    e: Enrollment | null,
    type: number,
    amount: number,
    paidAt: string,
    consultant: Person,
  ) =>
    m.save(
      m.create(Payment, {
        customerId: c.id,
        courseId: course.id,
        enrollmentId: e?.id ?? null,
        classId: e?.classId ?? null, // as the payment service copies it
        type,
        method: PaymentMethod.code.wechatPay,
        amount,
        consultantId: consultant.id,
        paidAt: at(paidAt),
      }),
    );
  await payment(c1, python, e1, P.payment, 600_000, '2026-03-10T02:00:00Z', zhao);
  await payment(c1, python, e1, P.payment, 600_000, '2026-03-31T17:00:00Z', zhao); // April in Shanghai
  await payment(c1, python, e1, P.refund, 100_000, '2026-04-05T02:00:00Z', zhao);
  await payment(c3, java, e3, P.payment, 300_000, '2026-04-03T02:00:00Z', wang);
  await payment(c4, java, null, P.payment, 50_000, '2026-04-12T02:00:00Z', wang);
  await payment(c6, python, e6, P.payment, 200_000, '2026-02-20T02:00:00Z', lina); // outside
  await payment(c8, python, null, P.payment, 10_000, '2026-03-15T02:00:00Z', zhao); // customer deleted: still money
  await payment(c2, java, null, P.payment, 20_000, '2026-04-20T02:00:00Z', wang); // zhao's customer, credited to wang

  const lesson = (schoolClass: SchoolClass, dayNum: number, date: string, teacher: Person) =>
    m.save(
      m.create(Lesson, { classId: schoolClass.id, dayNum, date, teacherId: teacher.id, outline: `第${dayNum}课` }),
    );
  await lesson(pyBJ, 1, '2026-02-23', t1); // outside, no records
  const l1 = await lesson(pyBJ, 2, '2026-03-02', t1);
  const l2 = await lesson(pyBJ, 3, '2026-03-09', t1);
  const l3 = await lesson(pyBJ, 4, '2026-03-16', t1);
  const l4 = await lesson(pyBJ, 5, '2026-04-06', t2); // a substitute teacher
  const l5 = await lesson(javaSH, 1, '2026-04-08', t2);
  const l6 = await lesson(javaSH, 2, '2026-05-06', t2); // outside
  const A = Attendance.code;
  const G = Score.code;
  const record = (e: Enrollment, l: Lesson, attendance: number, score: number) =>
    m.save(m.create(StudyRecord, { enrollmentId: e.id, lessonId: l.id, attendance, score }));
  await record(e1, l1, A.present, G.a);
  await record(e1, l2, A.present, G.b);
  await record(e1, l3, A.late, G.na);
  await record(e1, l4, A.absent, G.na);
  await record(e6, l1, A.present, G.aPlus);
  await record(e6, l2, A.present, G.copy);
  await record(e6, l3, A.leftEarly, G.c);
  await record(e6, l4, A.absent, G.na);
  await record(e3, l5, A.present, G.bPlus);
  await record(e3, l6, A.present, G.a);
  await record(e7, l5, A.absent, G.na);
  await record(e7, l6, A.absent, G.na);

  const T = FeedbackType.code;
  const FS = FeedbackStatus.code;
  const FP = FeedbackPriority.code;
  const ticket = (
    c: Customer,
    schoolClass: SchoolClass | null,
    type: number,
    priority: number,
    status: number,
    createdAt: string,
    times: { response?: number; resolution?: number; satisfaction?: number; assigneeId?: number } = {},
  ) => {
    const created = at(createdAt);
    return m.save(
      m.create(Feedback, {
        customerId: c.id,
        classId: schoolClass?.id ?? null,
        type,
        channel: FeedbackChannel.code.phone,
        priority,
        status,
        title: '反馈',
        content: '内容',
        assigneeId: times.assigneeId ?? null,
        firstResponseAt: times.response === undefined ? null : hoursAfter(created, times.response),
        resolvedAt: times.resolution === undefined ? null : hoursAfter(created, times.resolution),
        satisfaction: times.satisfaction ?? null,
        createdAt: created,
      }),
    );
  };
  await ticket(c1, pyBJ, T.complaint, FP.high, FS.closed, '2026-03-10T00:00:00Z', {
    response: 2,
    resolution: 26,
    satisfaction: 4,
  });
  await ticket(c3, javaSH, T.complaint, FP.normal, FS.resolved, '2026-04-02T00:00:00Z', {
    response: 4,
    resolution: 48,
    satisfaction: 2,
  });
  await ticket(c5, null, T.consultation, FP.normal, FS.open, '2026-04-20T00:00:00Z', { assigneeId: zhao.id });
  await ticket(c2, null, T.suggestion, FP.low, FS.inProgress, '2026-03-25T00:00:00Z', { response: 10 });
  await ticket(c6, null, T.complaint, FP.urgent, FS.open, '2026-02-01T00:00:00Z'); // outside
  await ticket(c9, null, T.praise, FP.low, FS.resolved, '2026-04-28T00:00:00Z', { response: 1, resolution: 2 });

  await m.softDelete(Customer, c8.id);
  // the funnel's daily counts, as the services keep them (the rows above were written around the services)
  await rebuildFunnelDays(m);

  return {
    admin,
    staff: { lina, wang, zhao, boss, t1, t2, plain },
    courses: { python, java },
    campuses: { beijing, shanghai },
    classes: { pyBJ, javaSH },
    customers: { c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 },
    enrollments: { e1, e2, e3, e4, e5, e6, e7 },
  };
}

export type ReportDataset = Awaited<ReturnType<typeof buildReportDataset>>;
