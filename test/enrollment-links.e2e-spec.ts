import { createHash, randomBytes } from 'node:crypto';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { EnrollmentStatus } from '../src/common/codes/codes.js';
import { EnrollmentLink } from '../src/enrollment/entities/enrollment-link.entity.js';
import { EnrollmentFixtures } from './support/enrollment-fixtures.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const S = EnrollmentStatus.code;
const API = '/api/v1/enrollments';
const PUBLIC = '/api/v1/public/enrollment-links';
const ID_NUMBER = '11010519491231002X';

describe('enrollment links', () => {
  let t: TestApp;
  let f: EnrollmentFixtures;
  let lina: { id: number; auth: Auth };
  let wang: { id: number; auth: Auth };
  let teacher: { id: number; auth: Auth };

  beforeAll(async () => {
    t = await startTestApp();
    f = new EnrollmentFixtures(t);
    const admin = await adminAuth(t);
    lina = await staffWithRole(t, admin, 'lina', 'consultant');
    wang = await staffWithRole(t, admin, 'wang', 'consultant');
    teacher = await staffWithRole(t, admin, 'zhang', 'teacher');
  });
  afterAll(() => t.close());

  const links = () => t.dataSource.getRepository(EnrollmentLink);

  async function pending(owner = lina) {
    const customer = await f.customer(owner.id, '王小明');
    const course = await f.course({ name: `Python 全栈 ${customer.id}`, price: 1980000, lessonCount: 40 });
    const campus = await f.campus(`北京校区${customer.id}`);
    const k = await f.schoolClass({ course, campus, semester: 12 });
    const res = await t.http.post(API).set(owner.auth).send({ customerId: customer.id, classId: k.id }).expect(201);
    return { enrollment: res.body as { id: number; version: number }, course, campus };
  }

  async function link(enrollmentId: number, owner = lina) {
    const res = await t.http.post(`${API}/${enrollmentId}/link`).set(owner.auth).expect(201);
    return res.body as { token: string; path: string; expiresAt: string };
  }

  const agree = (token: string, body: object = { idName: '王小明', idNumber: ID_NUMBER, accept: true }) =>
    t.http.post(`${PUBLIC}/${token}/agree`).send(body);

  const enrollmentOf = (id: number) => f.enrollment(id);

  it('makes a link that stores only the hash of a 32-byte token, valid for 7 days', async () => {
    const { enrollment } = await pending();
    const before = Date.now();
    const made = await link(enrollment.id);
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(made.token, 'base64url')).toHaveLength(32);
    expect(made.path).toBe(`${PUBLIC}/${made.token}`);
    const ttl = new Date(made.expiresAt).getTime() - before;
    expect(ttl).toBeGreaterThan(7 * 86400_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(7 * 86400_000 + 60_000);

    const stored = await links().findOneByOrFail({ enrollmentId: enrollment.id });
    expect(stored.tokenHash).toBe(createHash('sha256').update(made.token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(made.token);
    const audit = await t.dataSource
      .getRepository(AuditLog)
      .findOneByOrFail({ entity: 'enrollment_link', entityId: String(stored.id) });
    expect(audit.changes?.tokenHash).toEqual([null, '***']);
  });

  it('shows the customer only the class, start date, contract and price', async () => {
    const { enrollment, course, campus } = await pending();
    const { token, expiresAt } = await link(enrollment.id);
    const res = await t.http.get(`${PUBLIC}/${token}`).expect(200);
    expect(res.body).toEqual({
      campus: campus.name,
      campusAddress: campus.address,
      course: course.name,
      className: `${campus.name} · ${course.name} · 第12期`,
      startDate: '2026-03-02',
      contractText: course.contractTemplate,
      price: 1980000,
      purchasedLessons: 40,
      expiresAt,
    });
  });

  it('lets the customer agree once: pending → agreed, the link used, in one go', async () => {
    const { enrollment } = await pending();
    const { token } = await link(enrollment.id);
    const res = await agree(token, { idName: ' 王小明 ', idNumber: '11010519491231002x', accept: true }).expect(200);
    expect(res.body).toEqual({ status: 'agreed', agreedAt: expect.any(String) });

    const stored = await enrollmentOf(enrollment.id);
    expect(stored).toMatchObject({ status: S.agreed, version: 2 });
    expect(stored.contractAgreedAt?.toISOString()).toBe(res.body.agreedAt);
    const used = await links().findOneByOrFail({ enrollmentId: enrollment.id });
    expect(used).toMatchObject({
      idName: '王小明',
      idNumber: ID_NUMBER,
      agreedIp: expect.stringMatching(/127\.0\.0\.1|::1/),
    });
    expect(used.usedAt?.toISOString()).toBe(res.body.agreedAt);

    // used: refused like any wrong token, nothing changes
    await agree(token).expect(404);
    await t.http.get(`${PUBLIC}/${token}`).expect(404);
    expect((await enrollmentOf(enrollment.id)).version).toBe(2);
    expect((await links().findOneByOrFail({ id: used.id })).usedAt?.toISOString()).toBe(res.body.agreedAt);
    // the consultant carries on from agreed
    await t.http.post(`${API}/${enrollment.id}/agree`).set(lina.auth).send({ version: 2 }).expect(409);
  });

  it('refuses wrong, malformed and expired tokens with the same 404, changing nothing', async () => {
    const { enrollment } = await pending();
    const { token } = await link(enrollment.id);
    const wrong = randomBytes(32).toString('base64url');
    const answers = [];
    for (const bad of [wrong, 'short', `${token}x`]) {
      answers.push((await t.http.get(`${PUBLIC}/${bad}`).expect(404)).body.detail);
      answers.push((await agree(bad).expect(404)).body.detail);
    }
    await links().update({ enrollmentId: enrollment.id }, { expiresAt: new Date(Date.now() - 1000) });
    answers.push((await t.http.get(`${PUBLIC}/${token}`).expect(404)).body.detail);
    answers.push((await agree(token).expect(404)).body.detail);
    expect(new Set(answers)).toEqual(new Set(['This enrollment link is not valid or no longer works']));
    expect(await enrollmentOf(enrollment.id)).toMatchObject({ status: S.pending, version: 1 });
    expect((await links().findOneByOrFail({ enrollmentId: enrollment.id })).usedAt).toBeNull();
  });

  it('refuses bad input with 400 and keeps the link unused', async () => {
    const { enrollment } = await pending();
    const { token } = await link(enrollment.id);
    const cases: [object, string][] = [
      [{ idName: '王小明', idNumber: '110105194912310021', accept: true }, 'idNumber'],
      [{ idName: '王小明', idNumber: '1101051949123100', accept: true }, 'idNumber'],
      [{ idName: '王小明', idNumber: ID_NUMBER, accept: false }, 'accept'],
      [{ idName: '王小明', idNumber: ID_NUMBER }, 'accept'],
      [{ idName: '  ', idNumber: ID_NUMBER, accept: true }, 'idName'],
      [{ idName: '王小明', idNumber: ID_NUMBER, accept: true, status: 2 }, 'status'],
    ];
    for (const [body, field] of cases) {
      const res = await agree(token, body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    expect(await enrollmentOf(enrollment.id)).toMatchObject({ status: S.pending, version: 1 });
    expect((await links().findOneByOrFail({ enrollmentId: enrollment.id })).usedAt).toBeNull();
    await agree(token).expect(200);
  });

  it('of two agreements with one token, only one goes through', async () => {
    const { enrollment } = await pending();
    const { token } = await link(enrollment.id);
    const results = await Promise.all([agree(token), agree(token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 404]);
    expect(await enrollmentOf(enrollment.id)).toMatchObject({ status: S.agreed, version: 2 });
  });

  it('a new link retires the earlier one; a cancelled enrollment’s link stops working', async () => {
    const { enrollment } = await pending();
    const first = await link(enrollment.id);
    const second = await link(enrollment.id);
    await t.http.get(`${PUBLIC}/${first.token}`).expect(404);
    await t.http.get(`${PUBLIC}/${second.token}`).expect(200);
    await t.http.post(`${API}/${enrollment.id}/cancel`).set(lina.auth).send({ version: 1 }).expect(200);
    await t.http.get(`${PUBLIC}/${second.token}`).expect(404);
    await agree(second.token).expect(404);
    expect((await enrollmentOf(enrollment.id)).status).toBe(S.cancelled);
  });

  it('makes links only while pending, for enrollments the caller may see, with enrollments.write', async () => {
    const { enrollment } = await pending();
    const before = await links().count();
    await t.http.post(`${API}/${enrollment.id}/link`).expect(401);
    const denied = await t.http.post(`${API}/${enrollment.id}/link`).set(teacher.auth).expect(403);
    expect(denied.body.detail).toBe('Requires permission enrollments.write');
    await t.http.post(`${API}/${enrollment.id}/link`).set(wang.auth).expect(404);
    await t.http.post(`${API}/999999/link`).set(lina.auth).expect(404);
    await t.http.post(`${API}/${enrollment.id}/agree`).set(lina.auth).send({ version: 1 }).expect(200);
    const late = await t.http.post(`${API}/${enrollment.id}/link`).set(lina.auth).expect(409);
    expect(late.body).toMatchObject({ status: 409, currentStatus: 'agreed' });
    expect(await links().count()).toBe(before);
  });
});

describe('enrollment links with ENROLLMENT_LINK_TTL', () => {
  it('expire after the configured time', async () => {
    const t = await startTestApp({ ENROLLMENT_LINK_TTL: '2h' });
    try {
      const f = new EnrollmentFixtures(t);
      const admin = await adminAuth(t);
      const customer = await f.customer(1);
      const k = await f.schoolClass();
      const e = (await t.http.post(API).set(admin).send({ customerId: customer.id, classId: k.id }).expect(201)).body;
      const before = Date.now();
      const made = (await t.http.post(`${API}/${e.id}/link`).set(admin).expect(201)).body;
      const ttl = new Date(made.expiresAt).getTime() - before;
      expect(ttl).toBeGreaterThan(2 * 3600_000 - 60_000);
      expect(ttl).toBeLessThanOrEqual(2 * 3600_000 + 60_000);
    } finally {
      await t.close();
    }
  });
});
