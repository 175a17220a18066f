import type { Response } from 'supertest';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { CustomerStatus, EnrollmentStatus, PaymentMethod, PaymentType } from '../src/common/codes/codes.js';
import { ProblemType } from '../src/common/errors/problem.js';
import { sha256 } from '../src/common/idempotency/idempotency-key-header.js';
import { IdempotencyKey } from '../src/common/idempotency/idempotency-key.entity.js';
import { IdempotencyStore } from '../src/common/idempotency/idempotency.store.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { Payment } from '../src/sales/entities/payment.entity.js';
import { Lesson } from '../src/teaching/entities/lesson.entity.js';
import { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import { absent, EnrollmentFixtures } from './support/enrollment-fixtures.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** How many requests race in each test: enough to overlap on a 2-core machine, few enough to stay quick. */
const N = 10;
const KEY = 'Idempotency-Key';

const statuses = (responses: Response[]) => responses.map((r) => r.status).sort();
const count = (responses: Response[], status: number) => responses.filter((r) => r.status === status).length;

describe('concurrency and idempotency (real HTTP, requests in parallel)', () => {
  let t: TestApp;
  let f: EnrollmentFixtures;
  let admin: Auth;
  let adminId: number;
  let boss: { id: number; auth: Auth };
  let klass: SchoolClass;
  let keySeq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    f = new EnrollmentFixtures(t);
    admin = await adminAuth(t);
    adminId = (await t.http.get('/api/v1/auth/me').set(admin)).body.id;
    boss = await staffWithRole(t, admin, 'boss', 'manager');
    klass = await f.schoolClass();
  });
  afterAll(() => t.close());

  const newKey = () => `key-${process.pid}-${++keySeq}`;
  const rows = <T extends object>(entity: new () => T) => t.dataSource.getRepository(entity);
  const auditCount = (entity: string, entityId?: number) =>
    rows(AuditLog).countBy({ entity, ...(entityId ? { entityId: String(entityId) } : {}) });
  const funnelEnrolled = async () =>
    Number((await t.dataSource.query('SELECT COALESCE(SUM(enrolled), 0) AS n FROM customer_funnel_day'))[0].n);

  /** An enrollment of a new customer in `klass`, agreed and ready to approve; its current version. */
  async function agreedEnrollment(): Promise<{ enrollment: Enrollment; customer: Customer }> {
    const customer = await f.customer(adminId);
    const created = await t.http
      .post('/api/v1/enrollments')
      .set(admin)
      .send({ customerId: customer.id, classId: klass.id });
    expect(created.status).toBe(201);
    const agreed = await t.http
      .post(`/api/v1/enrollments/${created.body.id}/agree`)
      .set(admin)
      .send({ version: created.body.version });
    expect(agreed.status).toBe(200);
    return { enrollment: await f.enrollment(created.body.id), customer };
  }

  const paymentBody = (customer: Customer, amount = 10_000, type: number = PaymentType.code.payment) => ({
    customerId: customer.id,
    courseId: klass.courseId,
    type,
    method: PaymentMethod.code.cash,
    amount,
  });

  describe('optimistic versions: of N updates with the same version exactly one wins', () => {
    it('customer: one 200, the rest 409 stale-version, the row holds the winner and version + 1', async () => {
      const customer = await f.customer(adminId);
      const { version } = await rows(Customer).findOneByOrFail({ id: customer.id });
      const responses = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          t.http
            .patch(`/api/v1/customers/${customer.id}`)
            .set(admin)
            .send({ version, qqName: `nick-${i}` }),
        ),
      );
      expect(statuses(responses)).toEqual([200, ...Array(N - 1).fill(409)]);
      for (const loser of responses.filter((r) => r.status === 409)) {
        expect(loser.body).toMatchObject({ type: ProblemType.staleVersion, status: 409 });
      }
      const winner = responses.find((r) => r.status === 200)!;
      const stored = await rows(Customer).findOneByOrFail({ id: customer.id });
      expect(stored.qqName).toBe(winner.body.qqName);
      expect(stored.version).toBe(version + 1);
      expect(winner.body.version).toBe(version + 1);
      expect(await auditCount('customer', customer.id)).toBe(2); // create + the one update
    });

    it('class: one 200, the rest 409 stale-version, the row holds the winner and version + 1', async () => {
      const schoolClass = await f.schoolClass();
      const { version } = schoolClass;
      const responses = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          t.http
            .patch(`/api/v1/classes/${schoolClass.id}`)
            .set(admin)
            .send({ version, endDate: `2026-07-${String(10 + i)}` }),
        ),
      );
      expect(statuses(responses)).toEqual([200, ...Array(N - 1).fill(409)]);
      expect(responses.filter((r) => r.status === 409).every((r) => r.body.type === ProblemType.staleVersion)).toBe(
        true,
      );
      const winner = responses.find((r) => r.status === 200)!;
      const stored = await rows(SchoolClass).findOneByOrFail({ id: schoolClass.id });
      expect(stored.endDate).toBe(winner.body.endDate);
      expect(stored.version).toBe(version + 1);
    });
    it('lesson: one 200, the rest 409 stale-version (a scope check reads before the lock)', async () => {
      const { enrollment } = await agreedEnrollment();
      await f.attend(enrollment, adminId, [absent]);
      const lesson = await rows(Lesson).findOneByOrFail({ classId: enrollment.classId });
      const responses = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          t.http
            .patch(`/api/v1/lessons/${lesson.id}`)
            .set(admin)
            .send({ version: lesson.version, homeworkTitle: `作业 ${i}` }),
        ),
      );
      expect(statuses(responses)).toEqual([200, ...Array(N - 1).fill(409)]);
      const stored = await rows(Lesson).findOneByOrFail({ id: lesson.id });
      expect(stored.homeworkTitle).toBe(responses.find((r) => r.status === 200)!.body.homeworkTitle);
      expect(stored.version).toBe(lesson.version + 1);
    });
  });

  describe('enrollment contracts', () => {
    it('N concurrent approvals of one contract: one 200, the rest 409, one approval effect', async () => {
      const { enrollment, customer } = await agreedEnrollment();
      await f.payment(enrollment, enrollment.price); // paid in full: approval also enrolls the customer
      const funnelBefore = await funnelEnrolled();
      const customerAuditBefore = await auditCount('customer', customer.id);
      const enrollmentAuditBefore = await auditCount('enrollment', enrollment.id);
      const responses = await Promise.all(
        Array.from({ length: N }, () =>
          t.http.post(`/api/v1/enrollments/${enrollment.id}/approve`).set(admin).send({ version: enrollment.version }),
        ),
      );
      expect(statuses(responses)).toEqual([200, ...Array(N - 1).fill(409)]);
      const stored = await f.enrollment(enrollment.id);
      expect(stored.status).toBe(EnrollmentStatus.code.approved);
      expect(stored.version).toBe(enrollment.version + 1);
      expect(await auditCount('enrollment', enrollment.id)).toBe(enrollmentAuditBefore + 1);
      expect(await f.customerStatus(customer.id)).toBe(CustomerStatus.code.enrolled);
      expect(await auditCount('customer', customer.id)).toBe(customerAuditBefore + 1); // status → enrolled, once
      expect(await funnelEnrolled()).toBe(funnelBefore + 1);
    });

    it('N approvals of different contracts of one consultant at once all succeed and all count', async () => {
      const agreed = [];
      for (let i = 0; i < N; i++) agreed.push(await agreedEnrollment());
      const funnelBefore = await funnelEnrolled();
      const responses = await Promise.all(
        agreed.map(({ enrollment }) =>
          t.http.post(`/api/v1/enrollments/${enrollment.id}/approve`).set(admin).send({ version: enrollment.version }),
        ),
      );
      expect(statuses(responses)).toEqual(Array(N).fill(200));
      expect(await funnelEnrolled()).toBe(funnelBefore + N);
    });

    it('N concurrent enrollments of one customer in one class: one 201, the rest 409, never a 500', async () => {
      const customer = await f.customer(adminId);
      const responses = await Promise.all(
        Array.from({ length: N }, () =>
          t.http.post('/api/v1/enrollments').set(admin).send({ customerId: customer.id, classId: klass.id }),
        ),
      );
      expect(statuses(responses)).toEqual([201, ...Array(N - 1).fill(409)]);
      expect(await rows(Enrollment).countBy({ customerId: customer.id })).toBe(1);
    });
  });

  describe('money', () => {
    it('N concurrent refunds of the full amount paid: one 201, the rest 409, refunded once', async () => {
      const customer = await f.customer(adminId);
      expect((await t.http.post('/api/v1/payments').set(admin).send(paymentBody(customer, 30_000))).status).toBe(201);
      const responses = await Promise.all(
        Array.from({ length: N }, () =>
          t.http
            .post('/api/v1/payments')
            .set(admin)
            .send(paymentBody(customer, 30_000, PaymentType.code.refund)),
        ),
      );
      expect(statuses(responses)).toEqual([201, ...Array(N - 1).fill(409)]);
      expect(await rows(Payment).countBy({ customerId: customer.id, type: PaymentType.code.refund })).toBe(1);
    });

    it('N concurrent payments of one enrollment, each enough to settle it: all recorded, the customer enrolled once', async () => {
      const { enrollment, customer } = await agreedEnrollment();
      const approved = await t.http
        .post(`/api/v1/enrollments/${enrollment.id}/approve`)
        .set(admin)
        .send({ version: enrollment.version });
      expect(approved.status).toBe(200);
      const before = await auditCount('customer', customer.id);
      const responses = await Promise.all(
        Array.from({ length: N }, () =>
          t.http
            .post('/api/v1/payments')
            .set(admin)
            .send({ ...paymentBody(customer, enrollment.price), enrollmentId: enrollment.id }),
        ),
      );
      expect(statuses(responses)).toEqual(Array(N).fill(201));
      expect(await f.customerStatus(customer.id)).toBe(CustomerStatus.code.enrolled);
      expect(await auditCount('customer', customer.id)).toBe(before + 1);
    });
  });

  describe('Idempotency-Key', () => {
    const pay = (auth: Auth, body: object, key?: string | string[]) => {
      const req = t.http.post('/api/v1/payments').set(auth);
      return (key === undefined ? req : req.set(KEY, key as string)).send(body); // an array sends the header twice
    };

    it('N concurrent POSTs with one key and body make one payment; the others replay it or get 409 in progress', async () => {
      const customer = await f.customer(adminId);
      const key = newKey();
      const body = paymentBody(customer);
      const responses = await Promise.all(Array.from({ length: N }, () => pay(admin, body, key)));
      expect(await rows(Payment).countBy({ customerId: customer.id })).toBe(1);
      const created = responses.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(created.length + count(responses, 409)).toBe(N);
      const first = created.find((r) => r.headers['idempotent-replayed'] === undefined)!;
      expect(first).toBeDefined();
      for (const r of created) expect(r.body).toEqual(first.body);
      for (const r of responses.filter((x) => x.status === 409)) expect(r.body.detail).toMatch(/in progress/);

      // a later repeat replays exactly the first answer, and writes nothing
      const auditBefore = await auditCount('payment');
      const repeat = await pay(admin, { ...body }, key);
      expect(repeat.status).toBe(201);
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      expect(repeat.body).toEqual(first.body);
      expect(await rows(Payment).countBy({ customerId: customer.id })).toBe(1);
      expect(await auditCount('payment')).toBe(auditBefore);
    });

    it('the same key with a different body is refused with 422; key order in the body does not matter', async () => {
      const customer = await f.customer(adminId);
      const key = newKey();
      const body = paymentBody(customer);
      expect((await pay(admin, body, key)).status).toBe(201);
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      expect((await pay(admin, reordered, key)).headers['idempotent-replayed']).toBe('true');
      const other = await pay(admin, { ...body, amount: 20_000 }, key);
      expect(other.status).toBe(422);
      expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(other.body).toMatchObject({ status: 422, errors: [{ field: KEY }] });
      expect(other.body.detail).toMatch(/different request/);
      expect(await rows(Payment).countBy({ customerId: customer.id })).toBe(1);
    });

    it('keys are per staff member and per operation; without a key every POST counts', async () => {
      const customer = await f.customer(adminId);
      const key = newKey();
      const body = paymentBody(customer);
      const mine = await pay(admin, body, key);
      const theirs = await pay(boss.auth, body, key);
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
      expect(theirs.body.id).not.toBe(mine.body.id);
      const enrollment = await t.http
        .post('/api/v1/enrollments')
        .set(admin)
        .set(KEY, key)
        .send({ customerId: customer.id, classId: klass.id });
      expect(enrollment.status).toBe(201);
      expect((await pay(admin, body)).status).toBe(201);
      expect((await pay(admin, body)).status).toBe(201);
      expect(await rows(Payment).countBy({ customerId: customer.id })).toBe(4);
    });

    it('an error answer releases the key: the client may fix the request and retry with it', async () => {
      const customer = await f.customer(adminId);
      const key = newKey();
      const refused = await pay(admin, { ...paymentBody(customer), courseId: 999_999 }, key);
      expect(refused.status).toBe(422);
      const invalid = await pay(admin, { ...paymentBody(customer), amount: -1 }, key);
      expect(invalid.status).toBe(400);
      const fixed = await pay(admin, paymentBody(customer), key);
      expect(fixed.status).toBe(201);
      expect(fixed.headers['idempotent-replayed']).toBeUndefined();
      expect(await rows(IdempotencyKey).countBy({ keyHash: sha256(key) })).toBe(1);
    });

    it('a malformed key is a 400 problem, and nothing is recorded', async () => {
      const customer = await f.customer(adminId);
      for (const key of ['x'.repeat(256), '""', ['a', 'b']]) {
        const res = await pay(admin, paymentBody(customer), key);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 400, errors: [{ field: KEY }] });
      }
      expect((await pay(admin, paymentBody(customer), 'x'.repeat(255))).status).toBe(201);
      expect((await pay(admin, paymentBody(customer), '"quoted-key"')).status).toBe(201);
      expect(await rows(Payment).countBy({ customerId: customer.id })).toBe(2);
    });

    it('enrollment creation and approval replay their first answer instead of 409', async () => {
      const customer = await f.customer(adminId);
      const key = newKey();
      const body = { customerId: customer.id, classId: klass.id };
      const created = await Promise.all(
        Array.from({ length: 5 }, () => t.http.post('/api/v1/enrollments').set(admin).set(KEY, key).send(body)),
      );
      expect(created.every((r) => r.status === 201 || r.status === 409)).toBe(true);
      expect(await rows(Enrollment).countBy({ customerId: customer.id })).toBe(1);
      const again = await t.http.post('/api/v1/enrollments').set(admin).set(KEY, key).send(body);
      expect(again.status).toBe(201);
      const { id, version } = again.body;
      const agreed = await t.http.post(`/api/v1/enrollments/${id}/agree`).set(admin).send({ version });
      const approveKey = newKey();
      const approve = () =>
        t.http
          .post(`/api/v1/enrollments/${id}/approve`)
          .set(admin)
          .set(KEY, approveKey)
          .send({ version: agreed.body.version });
      const first = await approve();
      const retry = await approve();
      expect([first.status, retry.status]).toEqual([200, 200]);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      // the same key on another enrollment is another request
      const other = await t.http
        .post(`/api/v1/enrollments/${id + 1}/approve`)
        .set(admin)
        .set(KEY, approveKey)
        .send({ version: agreed.body.version });
      expect(other.status).toBe(422);
    });

    it('a key left in progress by a server that stopped answers 409 saying the outcome is unknown', async () => {
      const customer = await f.customer(adminId);
      const key = newKey();
      const body = paymentBody(customer);
      expect((await pay(admin, body, key)).status).toBe(201);
      const claimed = { keyHash: sha256(key) };
      await rows(IdempotencyKey).update(claimed, { responseStatus: null, createdAt: new Date(Date.now() - 60_000) });
      expect((await pay(admin, body, key)).body.detail).toMatch(/in progress/);
      await rows(IdempotencyKey).update(claimed, { createdAt: new Date(Date.now() - 10 * 60_000) });
      const abandoned = await pay(admin, body, key);
      expect(abandoned.status).toBe(409);
      expect(abandoned.body.detail).toMatch(/never finished.*unknown/);
      expect(await rows(Payment).countBy({ customerId: customer.id })).toBe(1);
    });

    it('keys expire after 24 hours and are pruned', async () => {
      const customer = await f.customer(adminId);
      const key = newKey();
      const body = paymentBody(customer);
      expect((await pay(admin, body, key)).status).toBe(201);
      const old = new Date(Date.now() - 25 * 3_600_000);
      await rows(IdempotencyKey).update({ staffId: adminId }, { createdAt: old });
      const later = await pay(admin, body, key);
      expect(later.status).toBe(201);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(await rows(Payment).countBy({ customerId: customer.id })).toBe(2);
      await rows(IdempotencyKey).update({ staffId: adminId }, { createdAt: old });
      expect(await t.app.get(IdempotencyStore).pruneNow(true)).toBeGreaterThan(0);
      expect(await rows(IdempotencyKey).count()).toBe(await rows(IdempotencyKey).countBy({ staffId: boss.id }));
    });

    it('the OpenAPI document shows the header on exactly the idempotent operations', async () => {
      const doc = (await t.http.get('/docs-json')).body;
      const withHeader: string[] = [];
      type Operation = { parameters?: { in: string; name: string }[] };
      for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
        for (const [method, op] of Object.entries(item)) {
          const params = op.parameters ?? [];
          if (params.some((p) => p.in === 'header' && p.name === KEY)) withHeader.push(`${method} ${path}`);
        }
      }
      expect(withHeader.sort()).toEqual([
        'post /api/v1/enrollments',
        'post /api/v1/enrollments/{id}/approve',
        'post /api/v1/payments',
      ]);
    });
  });
});
