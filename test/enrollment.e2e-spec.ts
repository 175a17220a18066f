import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { CustomerStatus, EnrollmentStatus, PaymentType } from '../src/common/codes/codes.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { settleEnrollment } from '../src/enrollment/enrollment-settlement.js';
import { Course } from '../src/teaching/entities/course.entity.js';
import { absent, EnrollmentFixtures, late, leftEarly, present } from './support/enrollment-fixtures.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const S = EnrollmentStatus.code;
const API = '/api/v1/enrollments';

describe('enrollments', () => {
  let t: TestApp;
  let f: EnrollmentFixtures;
  let admin: Auth;
  let lina: { id: number; auth: Auth }; // consultant A
  let wang: { id: number; auth: Auth }; // consultant B
  let teacher: { id: number; auth: Auth };
  let manager: { id: number; auth: Auth };

  beforeAll(async () => {
    t = await startTestApp();
    f = new EnrollmentFixtures(t);
    admin = await adminAuth(t);
    lina = await staffWithRole(t, admin, 'lina', 'consultant');
    wang = await staffWithRole(t, admin, 'wang', 'consultant');
    teacher = await staffWithRole(t, admin, 'zhang', 'teacher');
    manager = await staffWithRole(t, admin, 'chen', 'manager');
  });
  afterAll(() => t.close());

  const enrollmentCount = () => t.dataSource.getRepository(Enrollment).count();

  /** A new pending enrollment of a new customer of `owner` in a new class (or the given one). */
  async function pending(owner = lina, classId?: number) {
    const customer = await f.customer(owner.id);
    const k = classId ?? (await f.schoolClass()).id;
    const res = await t.http.post(API).set(owner.auth).send({ customerId: customer.id, classId: k }).expect(201);
    return res.body as { id: number; version: number; customer: { id: number } };
  }

  const step = (auth: Auth, id: number, action: string, body: object) =>
    t.http.post(`${API}/${id}/${action}`).set(auth).send(body);

  async function agreed(owner = lina) {
    const e = await pending(owner);
    return (await step(owner.auth, e.id, 'agree', { version: e.version }).expect(200)).body;
  }

  describe('create', () => {
    it('copies the contract text, price and lesson count of the course; the caller is the consultant', async () => {
      const course = await f.course({ price: 1280000, lessonCount: 24, contractTemplate: '合同 v1' });
      const campus = await f.campus('北京校区');
      const k = await f.schoolClass({ course, campus, semester: 12 });
      const customer = await f.customer(lina.id, '张三');
      const res = await t.http.post(API).set(lina.auth).send({ customerId: customer.id, classId: k.id }).expect(201);
      expect(res.body).toMatchObject({
        status: S.pending,
        number: `E-${String(res.body.id).padStart(6, '0')}`,
        customer: { id: customer.id, number: customer.number, name: '张三' },
        class: {
          id: k.id,
          displayName: `北京校区 · ${course.name} · term 12`,
          displayNameZh: `北京校区 · ${course.name} · 第12期`,
          courseId: course.id,
          campusId: campus.id,
          startDate: '2026-03-02',
        },
        consultant: { id: lina.id, name: 'lina' },
        price: 1280000,
        lessons: { purchased: 24, used: 0, remaining: 24 },
        contractText: '合同 v1',
        contractAgreedAt: null,
        version: 1,
      });

      // the course changes later: what the customer agreed to stays
      await t.dataSource.getRepository(Course).update(course.id, { price: 1, contractTemplate: '合同 v2' });
      const later = await t.http.get(`${API}/${res.body.id}`).set(lina.auth).expect(200);
      expect(later.body).toMatchObject({ price: 1280000, contractText: '合同 v1', lessons: { purchased: 24 } });

      const audit = await t.dataSource
        .getRepository(AuditLog)
        .findOneByOrFail({ entity: 'enrollment', entityId: String(res.body.id), action: 'create' });
      expect(audit.actorId).toBe(lina.id);
      expect(audit.changes).toMatchObject({ price: [null, 1280000], status: [null, S.pending] });
    });

    it('takes a number of purchased lessons other than the course default', async () => {
      const customer = await f.customer(lina.id);
      const k = await f.schoolClass();
      const res = await t.http
        .post(API)
        .set(lina.auth)
        .send({ customerId: customer.id, classId: k.id, purchasedLessons: 4 })
        .expect(201);
      expect(res.body.lessons).toEqual({ purchased: 4, used: 0, remaining: 4 });
    });

    it('refuses bad input with 400 naming each field, and stores nothing', async () => {
      const before = await enrollmentCount();
      const res = await t.http
        .post(API)
        .set(lina.auth)
        .send({ customerId: 'one', purchasedLessons: 0, consultantId: 5 })
        .expect(400);
      const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
      expect(fields).toEqual(new Set(['customerId', 'classId', 'purchasedLessons', 'consultantId']));
      expect(await enrollmentCount()).toBe(before);
    });

    it('answers 404 for a missing class or a customer the caller may not see, 409 for a duplicate', async () => {
      const mine = await f.customer(lina.id);
      const theirs = await f.customer(wang.id);
      const k = await f.schoolClass();
      const before = await enrollmentCount();
      await t.http.post(API).set(lina.auth).send({ customerId: theirs.id, classId: k.id }).expect(404);
      await t.http.post(API).set(lina.auth).send({ customerId: 999999, classId: k.id }).expect(404);
      await t.http.post(API).set(lina.auth).send({ customerId: mine.id, classId: 999999 }).expect(404);
      expect(await enrollmentCount()).toBe(before);

      await t.http.post(API).set(lina.auth).send({ customerId: mine.id, classId: k.id }).expect(201);
      const dup = await t.http.post(API).set(lina.auth).send({ customerId: mine.id, classId: k.id }).expect(409);
      expect(dup.body.errors).toEqual([
        { field: 'classId', message: 'the customer is already enrolled in this class' },
      ]);
      // a manager sees every customer and may enroll anyone's
      await t.http.post(API).set(manager.auth).send({ customerId: theirs.id, classId: k.id }).expect(201);
      expect(await enrollmentCount()).toBe(before + 2);
    });

    it('answers 401 without a token and 403 to a teacher', async () => {
      const customer = await f.customer(teacher.id);
      const k = await f.schoolClass();
      await t.http.post(API).send({ customerId: customer.id, classId: k.id }).expect(401);
      const res = await t.http.post(API).set(teacher.auth).send({ customerId: customer.id, classId: k.id }).expect(403);
      expect(res.body.detail).toBe('Requires permission enrollments.write');
    });
  });

  describe('workflow', () => {
    it('goes pending → agreed → approved, stamping who and when', async () => {
      const e = await pending();
      const a = await step(lina.auth, e.id, 'agree', { version: 1 }).expect(200);
      expect(a.body).toMatchObject({ status: S.agreed, version: 2, contractApprovedAt: null });
      expect(new Date(a.body.contractAgreedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      const b = await step(manager.auth, e.id, 'approve', { version: 2 }).expect(200);
      expect(b.body).toMatchObject({ status: S.approved, version: 3, approvedById: manager.id });
      expect(new Date(b.body.contractApprovedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      const audit = await t.dataSource
        .getRepository(AuditLog)
        .find({ where: { entity: 'enrollment', entityId: String(e.id) }, order: { id: 'ASC' } });
      expect(audit.map((entry) => [entry.action, entry.actorId, entry.changes?.status])).toEqual([
        ['create', lina.id, [null, S.pending]],
        ['update', lina.id, [S.pending, S.agreed]],
        ['update', manager.id, [S.agreed, S.approved]],
      ]);
    });

    it('rejects with a reason (required, at most 255 characters)', async () => {
      const e = await agreed();
      for (const body of [{ version: 2 }, { version: 2, reason: '   ' }, { version: 2, reason: 'x'.repeat(256) }]) {
        const res = await step(manager.auth, e.id, 'reject', body).expect(400);
        expect(res.body.errors.map((x: { field: string }) => x.field)).toContain('reason');
      }
      expect((await f.enrollment(e.id)).status).toBe(S.agreed);
      const res = await step(manager.auth, e.id, 'reject', { version: 2, reason: ' 身份证信息不符 ' }).expect(200);
      expect(res.body).toMatchObject({ status: S.rejected, rejectReason: '身份证信息不符', approvedById: null });
    });

    it('cancels from pending or agreed, with an optional reason', async () => {
      const p = await pending();
      const c1 = await step(lina.auth, p.id, 'cancel', { version: 1 }).expect(200);
      expect(c1.body).toMatchObject({ status: S.cancelled, cancelReason: null });
      const a = await agreed();
      const c2 = await step(lina.auth, a.id, 'cancel', { version: 2, reason: '改报周末班' }).expect(200);
      expect(c2.body).toMatchObject({ status: S.cancelled, cancelReason: '改报周末班' });
    });

    it('refuses every illegal transition with 409 naming the allowed ones, and changes nothing', async () => {
      const actions: [string, object][] = [
        ['agree', {}],
        ['approve', {}],
        ['reject', { reason: 'no' }],
        ['cancel', {}],
      ];
      const target: Record<string, string> = {
        agree: 'agreed',
        approve: 'approved',
        reject: 'rejected',
        cancel: 'cancelled',
      };
      const cases: [string, () => Promise<{ id: number; version: number }>, string[]][] = [
        ['pending', () => pending(), ['agreed', 'cancelled']],
        ['agreed', () => agreed(), ['approved', 'rejected', 'cancelled']],
        [
          'approved',
          async () => {
            const a = await agreed();
            return (await step(manager.auth, a.id, 'approve', { version: a.version }).expect(200)).body;
          },
          [],
        ],
        [
          'rejected',
          async () => {
            const a = await agreed();
            return (await step(manager.auth, a.id, 'reject', { version: a.version, reason: 'r' }).expect(200)).body;
          },
          [],
        ],
        [
          'cancelled',
          async () => {
            const p = await pending();
            return (await step(lina.auth, p.id, 'cancel', { version: p.version }).expect(200)).body;
          },
          [],
        ],
      ];
      let refused = 0;
      for (const [from, make, allowed] of cases) {
        const e = await make();
        for (const [action, extra] of actions) {
          if (allowed.includes(target[action])) continue;
          const res = await step(admin, e.id, action, { version: e.version, ...extra }).expect(409);
          expect(res.body).toMatchObject({
            type: 'urn:easycrm:problem:illegal-transition',
            from,
            to: target[action],
            allowed,
          });
          refused++;
        }
        expect((await f.enrollment(e.id)).version).toBe(e.version);
      }
      expect(refused).toBe(2 + 1 + 4 + 4 + 4);
    });

    it('refuses a stale version with 409 and the current version', async () => {
      const e = await agreed();
      const res = await step(lina.auth, e.id, 'cancel', { version: 1 }).expect(409);
      expect(res.body.currentVersion).toBe(2);
      await step(lina.auth, e.id, 'cancel', {}).expect(400);
      expect((await f.enrollment(e.id)).status).toBe(S.agreed);
    });

    it('of two concurrent approvals of one enrollment exactly one succeeds', async () => {
      const e = await agreed();
      const results = await Promise.all([
        step(manager.auth, e.id, 'approve', { version: e.version }),
        step(admin, e.id, 'approve', { version: e.version }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const stored = await f.enrollment(e.id);
      expect(stored).toMatchObject({ status: S.approved, version: e.version + 1 });
      const approvals = await t.dataSource
        .getRepository(AuditLog)
        .find({ where: { entity: 'enrollment', entityId: String(e.id), action: 'update' } });
      expect(approvals.filter((entry) => entry.changes?.status?.[1] === S.approved)).toHaveLength(1);
    });

    it('answers 401, and 403 when the permission is missing', async () => {
      const e = await agreed();
      for (const action of ['agree', 'approve', 'reject', 'cancel']) {
        await t.http.post(`${API}/${e.id}/${action}`).send({ version: 2, reason: 'r' }).expect(401);
      }
      for (const action of ['approve', 'reject']) {
        const res = await step(lina.auth, e.id, action, { version: 2, reason: 'r' }).expect(403);
        expect(res.body.detail).toBe('Requires permission enrollments.approve');
      }
      for (const action of ['agree', 'cancel']) {
        await step(teacher.auth, e.id, action, { version: 2 }).expect(403);
      }
      expect((await f.enrollment(e.id)).version).toBe(2);
    });

    it("keeps a consultant away from another consultant's customers' enrollments (404)", async () => {
      const theirs = await agreed(wang);
      await t.http.get(`${API}/${theirs.id}`).set(lina.auth).expect(404);
      await step(lina.auth, theirs.id, 'cancel', { version: 2 }).expect(404);
      await step(lina.auth, theirs.id, 'agree', { version: 2 }).expect(404);
      await t.http.get(`/api/v1/customers/${theirs.customer.id}/enrollments`).set(lina.auth).expect(404);
      const list = await t.http.get(`${API}?customerId=${theirs.customer.id}`).set(lina.auth).expect(200);
      expect(list.body.meta.total).toBe(0);
      expect((await f.enrollment(theirs.id)).version).toBe(2);
      // their own consultant and a manager see it
      await t.http.get(`${API}/${theirs.id}`).set(wang.auth).expect(200);
      await t.http.get(`${API}/${theirs.id}`).set(manager.auth).expect(200);
      await t.http.get(`${API}/999999`).set(manager.auth).expect(404);
    });
  });

  describe('customer becomes enrolled when approved and paid', () => {
    const policy = { allowInstalments: false };

    it('paid first, then approved', async () => {
      const e = await agreed();
      await f.payment(await f.enrollment(e.id), 980000);
      expect(await f.customerStatus(e.customer.id)).toBe(CustomerStatus.code.notEnrolled);
      await step(manager.auth, e.id, 'approve', { version: e.version }).expect(200);
      expect(await f.customerStatus(e.customer.id)).toBe(CustomerStatus.code.enrolled);
      const audit = await t.dataSource
        .getRepository(AuditLog)
        .findOneByOrFail({ entity: 'customer', entityId: String(e.customer.id), action: 'update' });
      expect(audit).toMatchObject({ actorId: manager.id, changes: { status: [1, 0] } });
    });

    it('approved first, then paid (the payments service calls settleEnrollment)', async () => {
      const e = await agreed();
      await step(manager.auth, e.id, 'approve', { version: e.version }).expect(200);
      expect(await f.customerStatus(e.customer.id)).toBe(CustomerStatus.code.notEnrolled);
      const enrollment = await f.enrollment(e.id);

      await f.payment(enrollment, 500000);
      const partly = await t.dataSource.transaction((m) => settleEnrollment(m, e.id, policy));
      expect(partly).toMatchObject({ paidNet: 500000, price: 980000, approved: true, paid: false });
      expect(await f.customerStatus(e.customer.id)).toBe(CustomerStatus.code.notEnrolled);

      await f.payment(enrollment, 480000);
      const settled = await t.dataSource.transaction((m) => settleEnrollment(m, e.id, policy));
      expect(settled).toMatchObject({ paidNet: 980000, paid: true, customerEnrolled: true });
      expect(await f.customerStatus(e.customer.id)).toBe(CustomerStatus.code.enrolled);
      const again = await t.dataSource.transaction((m) => settleEnrollment(m, e.id, policy));
      expect(again).toMatchObject({ paid: true, customerEnrolled: false });
    });

    it('refunds count against payments; unapproved enrollments never enroll', async () => {
      const e = await agreed();
      const enrollment = await f.enrollment(e.id);
      await f.payment(enrollment, 980000);
      await f.payment(enrollment, 100000, PaymentType.code.refund);
      const early = await t.dataSource.transaction((m) => settleEnrollment(m, e.id, policy));
      expect(early).toMatchObject({ approved: false, customerEnrolled: false });
      await step(manager.auth, e.id, 'approve', { version: e.version }).expect(200);
      expect(await f.customerStatus(e.customer.id)).toBe(CustomerStatus.code.notEnrolled);
      await f.payment(enrollment, 100000);
      await t.dataSource.transaction((m) => settleEnrollment(m, e.id, policy));
      expect(await f.customerStatus(e.customer.id)).toBe(CustomerStatus.code.enrolled);
      expect(await t.dataSource.transaction((m) => settleEnrollment(m, 999999, policy))).toMatchObject({
        approved: false,
      });
    });
  });

  describe('lesson balance and lists', () => {
    it('counts present, late and left-early study records as used, absent not', async () => {
      const e = await pending();
      await f.attend(await f.enrollment(e.id), teacher.id, [present, late, absent, leftEarly, absent, present]);
      const res = await t.http.get(`${API}/${e.id}`).set(lina.auth).expect(200);
      expect(res.body.lessons).toEqual({ purchased: 10, used: 4, remaining: 6 });
    });

    it('filters by every field, finds the ones about to run out, in one rows query and one count', async () => {
      const course = await f.course({ lessonCount: 5 });
      const campus = await f.campus();
      const k = await f.schoolClass({ course, campus });
      const other = await f.schoolClass();
      const e1 = await pending(lina, k.id);
      const e2 = await pending(lina, k.id);
      const e3 = await pending(wang, k.id);
      await pending(lina, other.id);
      await f.attend(await f.enrollment(e1.id), teacher.id, [present, present, present, present]);
      await f.attend(await f.enrollment(e2.id), teacher.id, [absent, absent, absent, absent]);
      await step(lina.auth, e2.id, 'agree', { version: 1 }).expect(200);

      const ids = async (query: string, auth = manager.auth) =>
        (await t.http.get(`${API}?${query}`).set(auth).expect(200)).body.data.map((r: { id: number }) => r.id);
      expect(await ids(`classId=${k.id}&sort=createdAt`)).toEqual([e1.id, e2.id, e3.id]);
      expect(await ids(`courseId=${course.id}&sort=createdAt`)).toEqual([e1.id, e2.id, e3.id]);
      expect(await ids(`campusId=${campus.id}&consultantId=${wang.id}`)).toEqual([e3.id]);
      expect(await ids(`classId=${k.id}&status=${S.agreed}`)).toEqual([e2.id]);
      expect(await ids(`customerId=${e1.customer.id}`)).toEqual([e1.id]);
      expect(await ids(`classId=${k.id}&remainingAtMost=1`)).toEqual([e1.id]);
      expect(await ids(`classId=${k.id}&remainingAtMost=5&sort=createdAt`)).toEqual([e1.id, e2.id, e3.id]);
      expect(await ids(`classId=${k.id}&sort=createdAt`, lina.auth)).toEqual([e1.id, e2.id]);
      expect(await ids(`classId=${k.id}&createdFrom=2000-01-01&createdTo=2000-01-02`)).toEqual([]);
      const tomorrow = new Date(Date.now() + 86400_000).toISOString();
      expect(await ids(`classId=${k.id}&createdFrom=2000-01-01T00:00:00Z&createdTo=${tomorrow}`)).toHaveLength(3);

      let body: { data: Record<string, unknown>[]; meta: object } = { data: [], meta: {} };
      const queries = await captureQueries(t.dataSource, async () => {
        body = (await t.http.get(`${API}?classId=${k.id}&pageSize=2&sort=-createdAt`).set(manager.auth).expect(200))
          .body;
      });
      expect(queries).toHaveLength(2);
      expect(body.meta).toEqual({ page: 1, pageSize: 2, total: 3, totalCapped: false, next: expect.any(String) });
      expect(body.data.map((r) => r.id)).toEqual([e3.id, e2.id]);
      expect(body.data[1]).toMatchObject({
        customer: { id: e2.customer.id, number: `C-${String(e2.customer.id).padStart(6, '0')}` },
        class: { id: k.id, courseName: course.name, campusName: campus.name },
        consultant: { id: lina.id, name: 'lina' },
        status: S.agreed,
        price: 980000,
        lessons: { purchased: 5, used: 0, remaining: 5 },
      });
      expect(body.data[1]).not.toHaveProperty('contractText');
    });

    it('lists one customer’s enrollments', async () => {
      const e = await pending();
      const k = await f.schoolClass();
      await t.http.post(API).set(lina.auth).send({ customerId: e.customer.id, classId: k.id }).expect(201);
      const res = await t.http.get(`/api/v1/customers/${e.customer.id}/enrollments`).set(lina.auth).expect(200);
      expect(res.body.meta.total).toBe(2);
      await t.http.get(`/api/v1/customers/${e.customer.id}/enrollments?customerId=1`).set(lina.auth).expect(400);
      await t.http.get(`/api/v1/customers/${e.customer.id}/enrollments`).set(teacher.auth).expect(404);
      await t.http.get(`/api/v1/customers/${e.customer.id}/enrollments`).expect(401);
    });

    it('shows a teacher the enrollments of the classes they teach, and no others', async () => {
      const taught = await f.schoolClass();
      await t.dataSource.query('INSERT INTO class_teachers (class_id, staff_id) VALUES (?, ?)', [
        taught.id,
        teacher.id,
      ]);
      const mine = await pending(lina, taught.id);
      const other = await pending(lina);
      const list = await t.http.get(`${API}?pageSize=100`).set(teacher.auth).expect(200);
      expect(list.body.data.map((e: { id: number }) => e.id)).toEqual([mine.id]);
      await t.http.get(`${API}/${mine.id}`).set(teacher.auth).expect(200);
      await t.http.get(`${API}/${other.id}`).set(teacher.auth).expect(404);
    });

    it('refuses bad filters with 400', async () => {
      for (const query of ['status=9', 'sort=price', 'remainingAtMost=-1', 'createdFrom=yesterday', 'classId=x']) {
        await t.http.get(`${API}?${query}`).set(manager.auth).expect(400);
      }
      await t.http.get(API).expect(401);
      await t.http.get(API).set(teacher.auth).expect(200);
    });
  });
});

describe('enrollments with ENROLLMENT_ALLOW_INSTALMENTS=true', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('enrolls the customer on approval once anything has been paid', async () => {
    t = await startTestApp({ ENROLLMENT_ALLOW_INSTALMENTS: 'true' });
    const f = new EnrollmentFixtures(t);
    const admin = await adminAuth(t);
    const customer = await f.customer(1);
    const unpaid = await f.customer(1);
    const k = await f.schoolClass();
    for (const c of [customer, unpaid]) {
      const e = (await t.http.post(API).set(admin).send({ customerId: c.id, classId: k.id }).expect(201)).body;
      await t.http.post(`${API}/${e.id}/agree`).set(admin).send({ version: 1 }).expect(200);
      if (c === customer) await f.payment(await f.enrollment(e.id), 100000);
      await t.http.post(`${API}/${e.id}/approve`).set(admin).send({ version: 2 }).expect(200);
    }
    expect(await f.customerStatus(customer.id)).toBe(CustomerStatus.code.enrolled);
    expect(await f.customerStatus(unpaid.id)).toBe(CustomerStatus.code.notEnrolled);
  });
});
