import type { CustomerOverviewDto } from '../src/customers/dto/overview.dto.js';
import { Contact } from '../src/customers/entities/contact.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { Feedback } from '../src/feedback/entities/feedback.entity.js';
import { FollowUp } from '../src/sales/entities/follow-up.entity.js';
import { Payment } from '../src/sales/entities/payment.entity.js';
import { Branch } from '../src/teaching/entities/branch.entity.js';
import { Course } from '../src/teaching/entities/course.entity.js';
import { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const API = '/api/v1/customers';

describe('customer overview', () => {
  let t: TestApp;
  let admin: Auth;
  let a: { id: number; auth: Auth };
  let b: { id: number; auth: Auth };
  let service: { id: number; auth: Auth };
  let teacher: { id: number; auth: Auth };
  let customerId: number;
  let courseId: number;
  let classId: number;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '2' }); // a small pool: concurrent overviews must queue
    admin = await adminAuth(t);
    a = await staffWithRole(t, admin, 'ov_a', 'consultant');
    b = await staffWithRole(t, admin, 'ov_b', 'consultant');
    service = await staffWithRole(t, admin, 'ov_service', 'service');
    teacher = await staffWithRole(t, admin, 'ov_teacher', 'teacher');
    const ds = t.dataSource;
    const course = await ds
      .getRepository(Course)
      .save({ name: 'Java 架构师', price: 980000, periodMonths: 5, outline: '-' });
    courseId = course.id;
    const branch = await ds.getRepository(Branch).save({ name: '北京校区', address: '海淀区' });
    const cls = await ds
      .getRepository(SchoolClass)
      .save({ branchId: branch.id, courseId, classType: 1, semester: 3, startDate: '2026-03-01' });
    classId = cls.id;
    const res = await t.http
      .post(API)
      .set(a.auth)
      .send({ name: '周杰', qq: '77777', source: 0, consultCourseId: courseId })
      .expect(201);
    customerId = res.body.id;
  });
  afterAll(() => t.close());

  async function fill() {
    const ds = t.dataSource;
    await ds.getRepository(Contact).save([
      { customerId, name: '周父', relation: 1, phone: '13500000001' },
      { customerId, name: '周母', relation: 2 },
    ]);
    const base = Date.parse('2026-02-01T02:00:00Z');
    for (let i = 0; i < 12; i++) {
      await ds.getRepository(FollowUp).save({
        customerId,
        consultantId: i % 2 ? a.id : b.id,
        content: `跟进 ${i}`,
        intention: i % 3,
        createdAt: new Date(base + i * 3_600_000),
      });
    }
    const enrollment = await ds
      .getRepository(Enrollment)
      .save({ customerId, classId, consultantId: a.id, status: 2, contractText: '合同' });
    const paid = (amount: number, type: number, day: string) => ({
      customerId,
      courseId,
      enrollmentId: enrollment.id,
      type,
      method: 2,
      amount,
      consultantId: a.id,
      paidAt: new Date(`${day}T03:00:00Z`),
    });
    await ds
      .getRepository(Payment)
      .save([paid(500000, 0, '2026-03-01'), paid(480000, 0, '2026-03-10'), paid(100000, 1, '2026-03-20')]);
    const ticket = (title: string, status: number) => ({
      customerId,
      type: 1,
      channel: 0,
      status,
      title,
      content: '-',
      assigneeId: b.id,
    });
    await ds
      .getRepository(Feedback)
      .save([ticket('教室太冷', 0), ticket('发票', 1), ticket('已解决的问题', 2), ticket('已关闭', 3)]);
    return enrollment;
  }

  it('shows the customer with contacts, the latest follow-ups, enrollments, payment totals and open feedback', async () => {
    let empty: unknown;
    const emptyQueries = await captureQueries(t.dataSource, async () => {
      empty = (await t.http.get(`${API}/${customerId}/overview`).set(a.auth).expect(200)).body;
    });
    expect(empty).toMatchObject({
      customer: { id: customerId, name: '周杰' },
      contacts: [],
      followUps: [],
      enrollments: [],
      payments: { paid: 0, refunded: 0, net: 0, recent: [] },
      openFeedback: [],
    });
    const enrollment = await fill();

    let body = {} as CustomerOverviewDto;
    const queries = await captureQueries(t.dataSource, async () => {
      body = (await t.http.get(`${API}/${customerId}/overview`).set(a.auth).expect(200)).body;
    });
    // one statement per section (scope check, customer, contacts, follow-ups, enrollments, totals, payments,
    // feedback), however many rows each has
    expect(queries).toHaveLength(8);
    expect(emptyQueries).toHaveLength(8);
    expect(body.customer).toMatchObject({ id: customerId, consultCourse: { id: courseId, name: 'Java 架构师' } });
    expect(body.contacts.map((c: { name: string }) => c.name)).toEqual(['周父', '周母']);
    expect(body.followUps).toHaveLength(10);
    expect(body.followUps![0]).toMatchObject({ content: '跟进 11', consultantId: a.id, consultantName: 'ov_a' });
    expect(body.followUps![1]).toMatchObject({ content: '跟进 10', consultantName: 'ov_b' });
    expect(body.followUps![9].content).toBe('跟进 2');
    expect(body.enrollments).toEqual([
      expect.objectContaining({
        id: enrollment.id,
        number: `E-${String(enrollment.id).padStart(6, '0')}`,
        classId,
        displayName: '北京校区 · Java 架构师 · term 3',
        displayNameZh: '北京校区 · Java 架构师 · 第3期',
        lessons: { purchased: enrollment.purchasedLessons, used: 0, remaining: enrollment.purchasedLessons },
        courseName: 'Java 架构师',
        branchName: '北京校区',
        semester: 3,
        status: 2,
      }),
    ]);
    expect(body.payments).toMatchObject({ paid: 980000, refunded: 100000, net: 880000 });
    expect(body.payments!.recent.map((p: { amount: number; type: number }) => [p.amount, p.type])).toEqual([
      [100000, 1],
      [480000, 0],
      [500000, 0],
    ]);
    expect(body.payments!.recent[0]).toMatchObject({ courseName: 'Java 架构师', consultantName: 'ov_a' });
    expect(body.openFeedback!.map((f: { title: string }) => f.title).sort()).toEqual(['发票', '教室太冷']);
    expect(body.openFeedback![0]).toMatchObject({ assigneeName: 'ov_b' });
  });

  it('leaves out the sections the caller may not read, and keeps scope and permission', async () => {
    const res = await t.http.get(`${API}/${customerId}/overview`).set(service.auth).expect(200);
    expect(res.body.customer.id).toBe(customerId);
    expect(res.body.followUps).toBeNull(); // the service role lacks followups.read and payments.read
    expect(res.body.payments).toBeNull();
    expect(res.body.enrollments).not.toBeNull();
    expect(res.body.openFeedback).not.toBeNull();
    await t.http.get(`${API}/${customerId}/overview`).set(b.auth).expect(404);
    await t.http.get(`${API}/${customerId}/overview`).set(teacher.auth).expect(403);
    await t.http.get(`${API}/${customerId}/overview`).expect(401);
    await t.http.get(`${API}/999999/overview`).set(admin).expect(404);
  });

  it('answers many overviews at once: each holds one pooled connection, not one per section', async () => {
    // 100 at a time × 8 sections used to be up to 800 queries for a pool of 2 with a queue of 200: 503s
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => t.http.get(`${API}/${customerId}/overview`).set(admin)),
    );
    expect(answers.map((res) => res.status)).toEqual(answers.map(() => 200));
  });
});
