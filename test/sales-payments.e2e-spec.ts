import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import {
  ClassType,
  CustomerSource,
  CustomerStatus,
  EnrollmentStatus,
  PaymentMethod,
  PaymentType,
} from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { Payment } from '../src/sales/entities/payment.entity.js';
import { Branch } from '../src/teaching/entities/branch.entity.js';
import { Course } from '../src/teaching/entities/course.entity.js';
import { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const M = PaymentMethod.code;
const REFUND = PaymentType.code.refund;
const HOUR_MS = 3_600_000;

describe('sales: payments and refunds', () => {
  let t: TestApp;
  let admin: Auth;
  let lina: { id: number; auth: Auth };
  let wang: { id: number; auth: Auth };
  let boss: { id: number; auth: Auth };
  let teacher: { id: number; auth: Auth };
  let python: Course;
  let java: Course;
  let pythonClass: SchoolClass;
  let javaClass: SchoolClass;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    lina = await staffWithRole(t, admin, 'lina', 'consultant');
    wang = await staffWithRole(t, admin, 'wang', 'consultant');
    boss = await staffWithRole(t, admin, 'boss', 'manager');
    teacher = await staffWithRole(t, admin, 'teacher', 'teacher');
    const m = t.dataSource.manager;
    python = await m.save(m.create(Course, { name: 'Python 全栈', price: 1_200_000, periodMonths: 6, outline: '…' }));
    java = await m.save(m.create(Course, { name: 'Java 架构', price: 1_500_000, periodMonths: 6, outline: '…' }));
    const branch = await m.save(m.create(Branch, { name: '北京校区', address: '海淀' }));
    const klass = (course: Course) =>
      m.create(SchoolClass, {
        branchId: branch.id,
        courseId: course.id,
        classType: ClassType.code.weekend,
        semester: 1,
        startDate: '2026-01-10',
      });
    pythonClass = await m.save(klass(python));
    javaClass = await m.save(klass(java));
  });
  afterAll(() => t.close());

  const paymentCount = () => t.dataSource.getRepository(Payment).count();

  async function customer(consultantId: number, name = `学员${++seq}`): Promise<Customer> {
    const repo = t.dataSource.getRepository(Customer);
    return repo.save(repo.create({ name, source: CustomerSource.code.referral, consultantId }));
  }

  async function enrollment(c: Customer, schoolClass: SchoolClass): Promise<Enrollment> {
    const repo = t.dataSource.getRepository(Enrollment);
    const row = await repo.insert({ customerId: c.id, classId: schoolClass.id, consultantId: c.consultantId });
    return repo.findOneOrFail({ where: { id: row.identifiers[0].id }, select: { id: true } });
  }

  const pay = (auth: Auth, body: Record<string, unknown>) => t.http.post('/api/v1/payments').set(auth).send(body);

  it('records, reads and lists a payment with its readable number, and audits it', async () => {
    const c = await customer(lina.id, '王小明');
    const e = await enrollment(c, pythonClass);
    const before = Date.now();
    const res = await pay(lina.auth, {
      customerId: c.id,
      courseId: python.id,
      enrollmentId: e.id,
      amount: 300_000,
      method: M.wechatPay,
      memo: '  定金  ',
    }).expect(201);
    expect(res.body).toMatchObject({
      number: `P-${String(res.body.id).padStart(6, '0')}`,
      customer: { id: c.id, number: c.number, name: '王小明' },
      course: { id: python.id, name: 'Python 全栈' },
      enrollment: { id: e.id, number: e.number },
      type: PaymentType.code.payment,
      method: M.wechatPay,
      amount: 300_000,
      consultant: { id: lina.id, name: 'lina' },
      memo: '定金',
      version: 1,
    });
    const paidAt = new Date(res.body.paidAt).getTime();
    expect(paidAt).toBeGreaterThanOrEqual(before - 1000);
    expect(paidAt).toBeLessThanOrEqual(Date.now());
    expect(new Date(res.body.editableUntil).getTime() - new Date(res.body.createdAt).getTime()).toBe(24 * HOUR_MS);

    const one = await t.http.get(`/api/v1/payments/${res.body.id}`).set(lina.auth).expect(200);
    expect(one.body).toEqual(res.body);
    const perCustomer = await t.http.get(`/api/v1/customers/${c.id}/payments`).set(lina.auth).expect(200);
    expect(perCustomer.body.data.map((p: { id: number }) => p.id)).toEqual([res.body.id]);
    expect(perCustomer.body.meta).toEqual({
      page: 1,
      pageSize: 20,
      total: 1,
      totalCapped: false,
      next: null,
      totals: { paid: 300_000, refunded: 0, net: 300_000 },
    });

    const audit = await t.dataSource
      .getRepository(AuditLog)
      .findOneByOrFail({ entity: 'payment', entityId: String(res.body.id), action: 'create' });
    expect(audit.actorId).toBe(lina.id);
    expect(audit.changes).toMatchObject({ amount: [null, 300_000], method: [null, M.wechatPay], memo: [null, '定金'] });
  });

  it('refuses bad input with 400 and field errors, and stores nothing', async () => {
    const c = await customer(lina.id);
    const valid = { customerId: c.id, courseId: python.id, amount: 1000, method: M.cash };
    const before = await paymentCount();
    const bad = async (body: Record<string, unknown>, fields: string[]) => {
      const res = await pay(lina.auth, body).expect(400);
      expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(fields));
    };
    await bad({}, ['customerId', 'courseId', 'amount', 'method']);
    await bad({ ...valid, amount: 0 }, ['amount']);
    await bad({ ...valid, amount: -500 }, ['amount']);
    await bad({ ...valid, amount: 10.5 }, ['amount']);
    await bad({ ...valid, amount: '1000' }, ['amount']);
    await bad({ ...valid, amount: 100_000_001 }, ['amount']);
    await bad({ ...valid, method: 7 }, ['method']);
    await bad({ ...valid, type: 2 }, ['type']);
    await bad({ ...valid, paidAt: 'yesterday' }, ['paidAt']);
    await bad({ ...valid, paidAt: new Date(Date.now() + 2 * 24 * HOUR_MS).toISOString() }, ['paidAt']);
    await bad({ ...valid, customerId: 'C-000001' }, ['customerId']);
    await bad({ ...valid, memo: 'x'.repeat(2001) }, ['memo']);
    await bad({ ...valid, number: 'P-000999' }, ['number']);
    expect(await paymentCount()).toBe(before);
    // the largest amount is allowed, and a payment may be dated in the past
    await pay(lina.auth, { ...valid, amount: 100_000_000, paidAt: '2026-01-05T10:00:00+08:00' }).expect(201);
  });

  it('answers 422 naming the field for an unknown or mismatched customer, course, enrollment or consultant', async () => {
    const c = await customer(lina.id);
    const other = await customer(lina.id);
    const valid = { customerId: c.id, courseId: python.id, amount: 1000, method: M.cash };
    const before = await paymentCount();
    const both = await pay(lina.auth, { ...valid, customerId: 999999, courseId: 999999 }).expect(422);
    expect(both.body.errors).toEqual([
      { field: 'customerId', message: 'customer 999999 does not exist' },
      { field: 'courseId', message: 'course 999999 does not exist' },
    ]);
    const noEnrollment = await pay(lina.auth, { ...valid, enrollmentId: 999999 }).expect(422);
    expect(noEnrollment.body.errors).toEqual([{ field: 'enrollmentId', message: 'enrollment 999999 does not exist' }]);
    const othersEnrollment = await enrollment(other, pythonClass);
    const wrongCustomer = await pay(lina.auth, { ...valid, enrollmentId: othersEnrollment.id }).expect(422);
    expect(wrongCustomer.body.errors[0]).toEqual({
      field: 'enrollmentId',
      message: `enrollment ${othersEnrollment.number} is not customer ${c.number}'s enrollment in Python 全栈`,
    });
    const javaEnrollment = await enrollment(c, javaClass);
    await pay(lina.auth, { ...valid, enrollmentId: javaEnrollment.id }).expect(422);
    await pay(boss.auth, { ...valid, consultantId: 999999 }).expect(422);
    expect(await paymentCount()).toBe(before);
  });

  it('answers 401 without a token and 403 without the permission', async () => {
    const c = await customer(lina.id);
    const valid = { customerId: c.id, courseId: python.id, amount: 1000, method: M.cash };
    await t.http.get('/api/v1/payments').expect(401);
    await t.http.post('/api/v1/payments').send(valid).expect(401);
    for (const path of ['/api/v1/payments', '/api/v1/payments/1', `/api/v1/customers/${c.id}/payments`]) {
      const res = await t.http.get(path).set(teacher.auth).expect(403);
      expect(res.body.detail).toBe('Requires permission payments.read');
    }
    await pay(teacher.auth, valid).expect(403);
    const before = await paymentCount();
    const refund = await pay(lina.auth, { ...valid, type: REFUND }).expect(403);
    expect(refund.body.detail).toMatch(/payments\.refund/);
    const credit = await pay(lina.auth, { ...valid, consultantId: wang.id }).expect(403);
    expect(credit.body.detail).toMatch(/customers\.assign/);
    expect(await paymentCount()).toBe(before);
    // crediting oneself explicitly is fine; a manager may credit someone else
    await pay(lina.auth, { ...valid, consultantId: lina.id }).expect(201);
    const credited = await pay(boss.auth, { ...valid, consultantId: wang.id }).expect(201);
    expect(credited.body.consultant).toEqual({ id: wang.id, name: 'wang' });
  });

  it("keeps each consultant to their own customers' payments; a manager sees all", async () => {
    const mine = await customer(lina.id);
    const theirs = await customer(wang.id);
    const linas = await pay(lina.auth, { customerId: mine.id, courseId: python.id, amount: 1000, method: M.cash });
    const wangs = await pay(wang.auth, { customerId: theirs.id, courseId: python.id, amount: 2000, method: M.cash });
    expect([linas.status, wangs.status]).toEqual([201, 201]);

    await t.http.get(`/api/v1/payments/${wangs.body.id}`).set(lina.auth).expect(404);
    await t.http.get(`/api/v1/customers/${theirs.id}/payments`).set(lina.auth).expect(404);
    await t.http.patch(`/api/v1/payments/${wangs.body.id}`).set(lina.auth).send({ version: 1, memo: 'x' }).expect(404);
    const before = await paymentCount();
    const foreign = await pay(lina.auth, { customerId: theirs.id, courseId: python.id, amount: 1, method: M.cash });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].field).toBe('customerId');
    expect(await paymentCount()).toBe(before);
    const list = await t.http.get('/api/v1/payments?pageSize=100').set(lina.auth).expect(200);
    const ids = list.body.data.map((p: { id: number }) => p.id);
    expect(ids).toContain(linas.body.id);
    expect(ids).not.toContain(wangs.body.id);
    expect((await t.http.get(`/api/v1/payments?customerId=${theirs.id}`).set(lina.auth)).body.meta).toMatchObject({
      total: 0,
      totals: { paid: 0, refunded: 0, net: 0 },
    });

    const all = await t.http.get('/api/v1/payments?pageSize=100').set(boss.auth).expect(200);
    expect(all.body.data.map((p: { id: number }) => p.id)).toEqual(
      expect.arrayContaining([linas.body.id, wangs.body.id]),
    );
    await t.http.get(`/api/v1/payments/${wangs.body.id}`).set(boss.auth).expect(200);
  });

  it('refuses a refund beyond what the customer has net paid for the course, naming the figures', async () => {
    const c = await customer(lina.id);
    const body = { customerId: c.id, courseId: python.id, method: M.bankTransfer };
    await pay(lina.auth, { ...body, amount: 300_000 }).expect(201);
    await pay(lina.auth, { ...body, courseId: java.id, amount: 900_000 }).expect(201);
    const refund = (amount: number, courseId = python.id) =>
      pay(boss.auth, { ...body, courseId, amount, type: REFUND, memo: '退费' });

    const tooMuch = await refund(300_001).expect(409);
    expect(tooMuch.body).toMatchObject({ requested: 300_001, paid: 300_000, refunded: 0, net: 300_000 });
    expect(tooMuch.body.detail).toBe(
      `A refund of ¥3,000.01 exceeds what customer ${c.number} has paid for Python 全栈: ` +
        'paid ¥3,000.00, refunded ¥0.00, net ¥3,000.00',
    );
    await refund(100_000).expect(201);
    const again = await refund(200_001).expect(409);
    expect(again.body).toMatchObject({ paid: 300_000, refunded: 100_000, net: 200_000 });
    await refund(200_000).expect(201);
    await refund(1).expect(409);
    // money paid for another course does not count
    const otherCustomer = await customer(lina.id);
    await pay(boss.auth, { ...body, customerId: otherCustomer.id, amount: 1, type: REFUND }).expect(409);

    const totals = await t.http.get(`/api/v1/customers/${c.id}/payments`).set(lina.auth).expect(200);
    expect(totals.body.meta.totals).toEqual({ paid: 1_200_000, refunded: 300_000, net: 900_000 });
    const refunds = await t.http.get(`/api/v1/payments?customerId=${c.id}&type=${REFUND}`).set(lina.auth).expect(200);
    expect(refunds.body.meta).toMatchObject({ total: 2, totals: { paid: 0, refunded: 300_000, net: -300_000 } });
  });

  it('of two refunds at once that together exceed the net paid, exactly one is recorded', async () => {
    const c = await customer(lina.id);
    const body = { customerId: c.id, courseId: python.id, method: M.cash };
    await pay(lina.auth, { ...body, amount: 100_000 }).expect(201);
    const refund = () => pay(boss.auth, { ...body, amount: 60_000, type: REFUND });
    const results = await Promise.all([refund(), refund()]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const refunds = await t.dataSource.getRepository(Payment).countBy({ customerId: c.id, type: REFUND });
    expect(refunds).toBe(1);
  });

  it('makes the customer enrolled when a payment completes an approved enrollment', async () => {
    const c = await customer(lina.id);
    const e = await enrollment(c, pythonClass);
    await t.dataSource
      .getRepository(Enrollment)
      .update(e.id, { status: EnrollmentStatus.code.approved, price: python.price });
    const status = async () => (await t.dataSource.getRepository(Customer).findOneByOrFail({ id: c.id })).status;
    const body = { customerId: c.id, courseId: python.id, enrollmentId: e.id, method: M.card };
    await pay(lina.auth, { ...body, amount: 1_000_000 }).expect(201);
    expect(await status()).toBe(CustomerStatus.code.notEnrolled);
    await pay(lina.auth, { ...body, amount: 200_000 }).expect(201);
    expect(await status()).toBe(CustomerStatus.code.enrolled);
  });

  it('totals every filtered row, not just the page, in one rows query, one count and one totals query', async () => {
    const c = await customer(wang.id, '合计学员');
    const d = await customer(wang.id, '其他学员');
    const at = (iso: string) => ({ customerId: c.id, courseId: java.id, method: M.alipay, paidAt: iso });
    // 2026-01-10 23:30 and 2026-01-11 00:30 in Asia/Shanghai: different days there, the same day in UTC
    await pay(wang.auth, { ...at('2026-01-10T23:30:00+08:00'), amount: 100_000 }).expect(201);
    await pay(wang.auth, { ...at('2026-01-11T00:30:00+08:00'), amount: 200_000 }).expect(201);
    await pay(wang.auth, { ...at('2026-01-12T10:00:00+08:00'), amount: 400_000, method: M.card }).expect(201);
    await pay(boss.auth, { ...at('2026-01-13T10:00:00+08:00'), amount: 50_000, type: REFUND }).expect(201);
    await pay(wang.auth, { ...at('2026-01-12T11:00:00+08:00'), customerId: d.id, amount: 7 }).expect(201);

    let res!: { body: { data: Array<Record<string, unknown>>; meta: Record<string, unknown> } };
    const queries = await captureQueries(t.dataSource, async () => {
      res = await t.http.get(`/api/v1/payments?customerId=${c.id}&pageSize=2&sort=paidAt`).set(wang.auth).expect(200);
    });
    expect(queries).toHaveLength(3);
    expect(res.body.data.map((p) => p.amount)).toEqual([100_000, 200_000]);
    expect(res.body.meta).toEqual({
      page: 1,
      pageSize: 2,
      total: 4,
      totalCapped: false,
      next: expect.any(String),
      totals: { paid: 700_000, refunded: 50_000, net: 650_000 },
    });
    const page2 = await t.http.get(`/api/v1/payments?customerId=${c.id}&pageSize=2&page=2`).set(wang.auth).expect(200);
    expect(page2.body.meta.totals).toEqual(res.body.meta.totals);

    const meta = async (query: string) =>
      (await t.http.get(`/api/v1/payments?${query}`).set(boss.auth).expect(200)).body.meta;
    expect(await meta(`customerId=${c.id}&paidFrom=2026-01-11&paidTo=2026-01-11`)).toMatchObject({
      total: 1,
      totals: { paid: 200_000, refunded: 0, net: 200_000 },
    });
    expect(
      await meta(`courseId=${java.id}&paidFrom=2026-01-12T10:00:00%2B08:00&paidTo=2026-01-12T11:00:00%2B08:00`),
    ).toMatchObject({ total: 2, totals: { paid: 400_007 } });
    expect(await meta(`customerId=${c.id}&method=${M.card}`)).toMatchObject({ total: 1, totals: { paid: 400_000 } });
    expect(await meta(`customerId=${c.id}&consultantId=${boss.id}`)).toMatchObject({
      total: 1,
      totals: { paid: 0, refunded: 50_000, net: -50_000 },
    });
    expect(await meta(`q=合计&courseId=${java.id}`)).toMatchObject({ total: 4, totals: { net: 650_000 } });
    await t.http.get('/api/v1/payments?sort=amount').set(boss.auth).expect(400);
    await t.http.get('/api/v1/payments?paidFrom=2026-02-01&paidTo=2026-01-01').set(boss.auth).expect(400);
    await t.http.get('/api/v1/payments?type=5').set(boss.auth).expect(400);

    // a soft-deleted customer's payments stay in lists and totals; new ones cannot be recorded for them
    await t.dataSource.getRepository(Customer).softDelete(d.id);
    expect(await meta(`courseId=${java.id}&paidFrom=2026-01-12&paidTo=2026-01-12`)).toMatchObject({ total: 2 });
    await t.http.get(`/api/v1/customers/${d.id}/payments`).set(wang.auth).expect(200);
    await pay(wang.auth, { ...at('2026-01-12T11:00:00+08:00'), customerId: d.id, amount: 7 }).expect(422);
  });

  it('lets memo and method be corrected for 24 hours with the version, and never deleted', async () => {
    const c = await customer(lina.id);
    const created = await pay(lina.auth, { customerId: c.id, courseId: python.id, amount: 5000, method: M.cash });
    const id = created.body.id;
    const edited = await t.http
      .patch(`/api/v1/payments/${id}`)
      .set(lina.auth)
      .send({ version: 1, method: M.alipay, memo: '支付宝转账' })
      .expect(200);
    expect(edited.body).toMatchObject({ method: M.alipay, memo: '支付宝转账', amount: 5000, version: 2 });
    const stale = await t.http
      .patch(`/api/v1/payments/${id}`)
      .set(lina.auth)
      .send({ version: 1, memo: 'x' })
      .expect(409);
    expect(stale.body.currentVersion).toBe(2);
    const amount = await t.http
      .patch(`/api/v1/payments/${id}`)
      .set(lina.auth)
      .send({ version: 2, amount: 1, customerId: 1, paidAt: '2026-01-01T00:00:00Z' })
      .expect(400);
    expect(new Set(amount.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['amount', 'customerId', 'paidAt']),
    );
    await t.http.patch(`/api/v1/payments/${id}`).set(lina.auth).send({ version: 2, method: null }).expect(400);
    await t.http.patch(`/api/v1/payments/${id}`).set(lina.auth).send({ version: 2, method: 42 }).expect(400);

    const entry = await t.dataSource
      .getRepository(AuditLog)
      .findOneByOrFail({ entity: 'payment', entityId: String(id), action: 'update' });
    expect(entry.actorId).toBe(lina.id);
    expect(entry.changes).toEqual({ method: [M.cash, M.alipay], memo: [null, '支付宝转账'] });

    // a day later it is closed: correct it with a refund instead
    await t.dataSource.getRepository(Payment).update(id, { createdAt: new Date(Date.now() - 25 * HOUR_MS) });
    const late = await t.http
      .patch(`/api/v1/payments/${id}`)
      .set(lina.auth)
      .send({ version: 3, memo: 'x' })
      .expect(409);
    expect(late.body.detail).toMatch(/more than 24 hours ago.*refund/);
    expect((await t.dataSource.getRepository(Payment).findOneByOrFail({ id })).memo).toBe('支付宝转账');

    await t.http.delete(`/api/v1/payments/${id}`).set(boss.auth).expect(404);
    expect(await t.dataSource.getRepository(Payment).existsBy({ id })).toBe(true);

    // a refund record is changed only by someone who may record refunds
    const refund = await pay(boss.auth, {
      customerId: c.id,
      courseId: python.id,
      amount: 100,
      method: M.cash,
      type: REFUND,
    });
    await t.http.patch(`/api/v1/payments/${refund.body.id}`).set(lina.auth).send({ version: 1, memo: 'x' }).expect(403);
    await t.http
      .patch(`/api/v1/payments/${refund.body.id}`)
      .set(boss.auth)
      .send({ version: 1, memo: '退课' })
      .expect(200);
  });
});
