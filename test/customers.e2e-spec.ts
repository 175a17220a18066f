import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Tag } from '../src/customers/entities/tag.entity.js';
import { FollowUp } from '../src/sales/entities/follow-up.entity.js';
import { Course } from '../src/teaching/entities/course.entity.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const API = '/api/v1/customers';
const number = (id: number) => `C-${String(id).padStart(6, '0')}`;

describe('customers', () => {
  let t: TestApp;
  let admin: Auth;
  let a: { id: number; auth: Auth };
  let b: { id: number; auth: Auth };
  let manager: { id: number; auth: Auth };
  let teacher: { id: number; auth: Auth };
  let courseId: number;
  let qqSeq = 100000000;
  let phoneSeq = 13900000000;

  const nextQq = () => String(qqSeq++);
  const nextPhone = () => String(phoneSeq++);
  const customerCount = () => t.dataSource.getRepository(Customer).count({ withDeleted: true });
  const audit = (id: number) =>
    t.dataSource
      .getRepository(AuditLog)
      .find({ where: { entity: 'customer', entityId: String(id) }, order: { id: 'ASC' } });

  async function create(auth: Auth, body: Record<string, unknown> = {}) {
    const res = await t.http
      .post(API)
      .set(auth)
      .send({ name: '客户', qq: nextQq(), source: 1, ...body });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    a = await staffWithRole(t, admin, 'consultant_a', 'consultant');
    b = await staffWithRole(t, admin, 'consultant_b', 'consultant');
    manager = await staffWithRole(t, admin, 'manager1', 'manager');
    teacher = await staffWithRole(t, admin, 'teacher1', 'teacher');
    const course = await t.dataSource
      .getRepository(Course)
      .save({ name: 'Python 全栈开发', price: 1_280_000, periodMonths: 6, outline: 'Python, Django' });
    courseId = course.id;
  });
  afterAll(() => t.close());

  it('creates, reads and updates a customer, with audit entries naming the actor', async () => {
    const tag = await t.dataSource.getRepository(Tag).save({ name: '高意向' });
    const created = await t.http
      .post(API)
      .set(a.auth)
      .send({
        name: ' 张三 ',
        qq: ' 123456789 ',
        qqName: '小三',
        phone: '138 0013-8000',
        source: 0,
        referralFrom: '10001',
        consultCourseId: courseId,
        content: '想学 Python',
        tagIds: [tag.id],
        memo: '晚上联系',
      })
      .expect(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({
      number: number(id),
      name: '张三',
      qq: '123456789',
      phone: '13800138000',
      source: 0,
      status: 1,
      consultantId: a.id,
      consultant: { id: a.id, name: 'consultant_a' },
      consultCourse: { id: courseId, name: 'Python 全栈开发' },
      tags: [{ id: tag.id, name: '高意向' }],
      latestIntention: null,
      lastFollowUpAt: null,
      deletedAt: null,
      version: 1,
    });

    const read = await t.http.get(`${API}/${id}`).set(a.auth).expect(200);
    expect(read.body).toEqual(created.body);

    const updated = await t.http
      .patch(`${API}/${id}`)
      .set(a.auth)
      .send({ version: 1, name: '张三丰', phone: '139-0000-1111', memo: null })
      .expect(200);
    expect(updated.body).toMatchObject({
      name: '张三丰',
      phone: '13900001111',
      memo: null,
      qq: '123456789',
      version: 2,
    });
    expect(updated.body.tags).toEqual([{ id: tag.id, name: '高意向' }]);

    const entries = await audit(id);
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ['create', a.id],
      ['update', a.id],
    ]);
    expect(entries[0].changes).toMatchObject({ name: [null, '张三'], phone: [null, '13800138000'] });
    expect(entries[1].changes).toEqual({
      name: ['张三', '张三丰'],
      phone: ['13800138000', '13900001111'],
      memo: ['晚上联系', null],
    });
  });

  it('refuses an update with a stale version with 409 and changes nothing', async () => {
    const c = await create(a.auth, { name: '李四' });
    await t.http.patch(`${API}/${c.id}`).set(a.auth).send({ version: 1, name: '李四四' }).expect(200);
    const stale = await t.http.patch(`${API}/${c.id}`).set(a.auth).send({ version: 1, name: '李小四' }).expect(409);
    expect(stale.body).toMatchObject({ type: 'urn:easycrm:problem:stale-version', currentVersion: 2 });
    const now = await t.http.get(`${API}/${c.id}`).set(a.auth).expect(200);
    expect(now.body).toMatchObject({ name: '李四四', version: 2 });
    expect((await audit(c.id)).map((e) => e.action)).toEqual(['create', 'update']);
  });

  it('refuses bad input with field errors and stores nothing', async () => {
    const before = await customerCount();
    const bad = await t.http
      .post(API)
      .set(a.auth)
      .send({ qq: '12ab', phone: 'call me', source: 42, status: 'x', tagIds: 'vip', consultantId: 'me' })
      .expect(400);
    const fields = new Set(bad.body.errors.map((e: { field: string }) => e.field));
    expect(fields).toEqual(new Set(['qq', 'phone', 'source', 'status', 'tagIds', 'consultantId']));

    const unknown = await t.http.post(API).set(a.auth).send({ qq: nextQq(), source: 1, vip: true }).expect(400);
    expect(unknown.body.errors).toEqual([{ field: 'vip', message: 'property vip should not exist' }]);
    const missing = await t.http.post(API).set(a.auth).send({ qq: nextQq() }).expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['source', 'source']);
    const unreachable = await t.http.post(API).set(a.auth).send({ name: '王五', source: 1 }).expect(400);
    expect(unreachable.body.errors.map((e: { field: string }) => e.field)).toEqual(['qq', 'phone']);
    const noCourse = await t.http
      .post(API)
      .set(a.auth)
      .send({ qq: nextQq(), source: 1, consultCourseId: 9999 })
      .expect(400);
    expect(noCourse.body.errors).toEqual([{ field: 'consultCourseId', message: 'no course with id 9999' }]);
    const noTag = await t.http
      .post(API)
      .set(a.auth)
      .send({ qq: nextQq(), source: 1, tagIds: [9999] })
      .expect(400);
    expect(noTag.body.errors).toEqual([{ field: 'tagIds', message: 'no tag with id 9999' }]);
    expect(await customerCount()).toBe(before);

    const c = await create(a.auth);
    const nulls = await t.http
      .patch(`${API}/${c.id}`)
      .set(a.auth)
      .send({ version: 1, source: null, consultantId: null })
      .expect(400);
    expect(new Set(nulls.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['source', 'consultantId']),
    );
    await t.http.patch(`${API}/${c.id}`).set(a.auth).send({ name: 'x' }).expect(400); // no version
    await t.http.patch(`${API}/${c.id}`).set(a.auth).send({ version: 1, qq: null }).expect(400); // no way to reach
    await t.http.get(`${API}/abc`).set(a.auth).expect(400);
    await t.http.get(`${API}/abc/overview`).set(a.auth).expect(400);
    await t.http.delete(`${API}/1.5`).set(manager.auth).expect(400);
    await t.http.post(`${API}/abc/restore`).set(manager.auth).expect(400);
    await t.http.get(`${API}/duplicates?name=`).set(a.auth).expect(400);
    const same = await t.http.get(`${API}/${c.id}`).set(a.auth).expect(200);
    expect(same.body.version).toBe(1);
  });

  it('answers 401 without a token and 403 without the permission', async () => {
    const c = await create(a.auth);
    for (const [method, path] of [
      ['get', API],
      ['get', `${API}/duplicates?qq=1`],
      ['get', `${API}/${c.id}`],
      ['get', `${API}/${c.id}/overview`],
      ['post', API],
      ['patch', `${API}/${c.id}`],
      ['delete', `${API}/${c.id}`],
      ['post', `${API}/${c.id}/restore`],
    ] as const) {
      await t.http[method](path).expect(401);
    }
    const denied = await t.http.get(API).set(teacher.auth).expect(403);
    expect(denied.body.detail).toBe('Requires permission customers.read');
    await t.http.get(`${API}/${c.id}`).set(teacher.auth).expect(403);
    await t.http.post(API).set(teacher.auth).send({ qq: nextQq(), source: 1 }).expect(403);
    const noDelete = await t.http.delete(`${API}/${c.id}`).set(a.auth).expect(403);
    expect(noDelete.body.detail).toBe('Requires permission customers.delete');
    await t.http.post(`${API}/${c.id}/restore`).set(a.auth).expect(403);
    await t.http.get(`${API}?deleted=true`).set(a.auth).expect(403);
  });

  it('defaults the consultant to the caller; giving a customer to someone else needs customers.assign', async () => {
    const before = await customerCount();
    const res = await t.http.post(API).set(a.auth).send({ qq: nextQq(), source: 1, consultantId: b.id }).expect(403);
    expect(res.body.detail).toMatch(/customers\.assign/);
    expect(await customerCount()).toBe(before);
    const own = await create(a.auth, { consultantId: a.id });
    expect(own.consultantId).toBe(a.id);
    await t.http.patch(`${API}/${own.id}`).set(a.auth).send({ version: 1, consultantId: b.id }).expect(403);
    await t.http.patch(`${API}/${own.id}`).set(a.auth).send({ version: 1, consultantId: a.id }).expect(200);

    const assigned = await create(manager.auth, { consultantId: b.id });
    expect(assigned.consultant).toEqual({ id: b.id, name: 'consultant_b' });
    const moved = await t.http
      .patch(`${API}/${own.id}`)
      .set(manager.auth)
      .send({ version: 2, consultantId: b.id })
      .expect(200);
    expect(moved.body.consultant).toEqual({ id: b.id, name: 'consultant_b' });
    await t.http.get(`${API}/${own.id}`).set(a.auth).expect(404);
    await t.http.get(`${API}/${own.id}`).set(b.auth).expect(200);

    // the consultant must be an active staff account
    const gone = await staffWithRole(t, admin, 'leaver', 'consultant');
    const leaver = await t.http.get(`/api/v1/staff/${gone.id}`).set(admin).expect(200);
    await t.http
      .patch(`/api/v1/staff/${gone.id}`)
      .set(admin)
      .send({ version: leaver.body.version, isActive: false })
      .expect(200);
    const inactive = await t.http
      .post(API)
      .set(manager.auth)
      .send({ qq: nextQq(), source: 1, consultantId: gone.id })
      .expect(400);
    expect(inactive.body.errors).toEqual([
      { field: 'consultantId', message: `no active staff account with id ${gone.id}` },
    ]);
    await t.http.post(API).set(manager.auth).send({ qq: nextQq(), source: 1, consultantId: 99999 }).expect(400);
  });

  it('refuses a duplicate qq or phone with 409 naming the existing customer, whoever owns it', async () => {
    const qq = nextQq();
    const phone = nextPhone();
    const first = await create(a.auth, { qq, phone });
    const before = await customerCount();

    const dupQq = await t.http
      .post(API)
      .set(b.auth)
      .send({ qq: ` ${qq} `, source: 1 })
      .expect(409);
    expect(dupQq.body).toMatchObject({
      detail: `A customer with this qq already exists: ${number(first.id)}`,
      errors: [{ field: 'qq', message: `is already used by ${number(first.id)}` }],
      existing: number(first.id),
    });
    const formatted = `${phone.slice(0, 3)} ${phone.slice(3, 7)}-${phone.slice(7)}`;
    const dupPhone = await t.http.post(API).set(b.auth).send({ phone: formatted, source: 1 }).expect(409);
    expect(dupPhone.body).toMatchObject({
      detail: `A customer with this phone already exists: ${number(first.id)}`,
      errors: [{ field: 'phone', message: `is already used by ${number(first.id)}` }],
      existing: number(first.id),
    });
    expect(await customerCount()).toBe(before);

    const other = await create(b.auth);
    const intoDup = await t.http.patch(`${API}/${other.id}`).set(b.auth).send({ version: 1, phone }).expect(409);
    expect(intoDup.body.existing).toBe(number(first.id));
    // keeping one's own qq and phone is not a duplicate
    await t.http.patch(`${API}/${first.id}`).set(a.auth).send({ version: 1, qq, phone }).expect(200);
  });

  it('soft-deletes and restores, keeping follow-ups; a deleted customer is 404 and its qq stays taken', async () => {
    const qq = nextQq();
    const phone = nextPhone();
    const c = await create(a.auth, { qq, phone });
    await t.dataSource
      .getRepository(FollowUp)
      .save({ customerId: c.id, consultantId: a.id, content: '电话沟通', intention: 1 });

    await t.http.delete(`${API}/${c.id}`).set(manager.auth).expect(204);
    await t.http.get(`${API}/${c.id}`).set(manager.auth).expect(404);
    await t.http.get(`${API}/${c.id}`).set(a.auth).expect(404);
    await t.http.patch(`${API}/${c.id}`).set(manager.auth).send({ version: 2, name: 'x' }).expect(404);
    await t.http.get(`${API}/${c.id}/overview`).set(manager.auth).expect(404);
    await t.http.delete(`${API}/${c.id}`).set(manager.auth).expect(404);
    const live = await t.http.get(`${API}?q=${qq}`).set(manager.auth).expect(200);
    expect(live.body.data).toEqual([]);
    const deleted = await t.http.get(`${API}?deleted=true&q=${qq}`).set(manager.auth).expect(200);
    expect(deleted.body.data.map((r: { id: number }) => r.id)).toEqual([c.id]);
    expect(deleted.body.data[0].deletedAt).toBeTruthy();
    expect(await t.dataSource.getRepository(FollowUp).countBy({ customerId: c.id })).toBe(1);

    const dupQq = await t.http.post(API).set(a.auth).send({ qq, source: 1 }).expect(409);
    expect(dupQq.body.detail).toBe(`A deleted customer has this qq: ${number(c.id)}; restore it instead`);

    const restored = await t.http.post(`${API}/${c.id}/restore`).set(manager.auth).expect(200);
    expect(restored.body).toMatchObject({ id: c.id, deletedAt: null, phone });
    await t.http.get(`${API}/${c.id}`).set(a.auth).expect(200);
    await t.http.post(`${API}/${c.id}/restore`).set(manager.auth).expect(409);

    const entries = await audit(c.id);
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ['create', a.id],
      ['soft-delete', manager.id],
      ['restore', manager.id],
    ]);
  });

  it('refuses to restore a customer whose phone a live customer took meanwhile', async () => {
    const phone = nextPhone();
    const old = await create(a.auth, { phone });
    await t.http.delete(`${API}/${old.id}`).set(manager.auth).expect(204);
    const taker = await create(b.auth, { phone: phone }); // phones are unique among live customers only
    const res = await t.http.post(`${API}/${old.id}/restore`).set(manager.auth).expect(409);
    expect(res.body).toMatchObject({
      detail: `A customer with this phone already exists: ${number(taker.id)}`,
      existing: number(taker.id),
    });
    await t.http.get(`${API}/${old.id}`).set(manager.auth).expect(404);
  });

  it("keeps a consultant to their own customers: another's is 404 everywhere, a manager sees all", async () => {
    const mine = await create(a.auth, { name: '范围测试' });
    const theirs = await create(b.auth, { name: '范围测试' });
    await t.http.get(`${API}/${mine.id}`).set(b.auth).expect(404);
    await t.http.get(`${API}/${mine.id}/overview`).set(b.auth).expect(404);
    await t.http.patch(`${API}/${mine.id}`).set(b.auth).send({ version: 1, name: 'hijack' }).expect(404);
    // a stale version on someone else's customer is still 404, not 409
    await t.http.patch(`${API}/${mine.id}`).set(b.auth).send({ version: 99, name: 'hijack' }).expect(404);
    const listed = await t.http.get(`${API}?q=范围测试`).set(b.auth).expect(200);
    expect(listed.body.data.map((r: { id: number }) => r.id)).toEqual([theirs.id]);
    const all = await t.http.get(`${API}?q=范围测试&sort=createdAt`).set(manager.auth).expect(200);
    expect(all.body.data.map((r: { id: number }) => r.id)).toEqual([mine.id, theirs.id]);
    await t.http.get(`${API}/${mine.id}`).set(manager.auth).expect(200);

    // a consultant granted customers.delete still deletes and restores only their own
    const deleter = await t.http
      .post('/api/v1/roles')
      .set(admin)
      .send({ code: 'deleter', name: 'Deleter', permissions: ['customers.read', 'customers.delete'], menuIds: [] })
      .expect(201);
    await t.http
      .post('/api/v1/staff')
      .set(admin)
      .send({
        username: 'deleter1',
        name: 'Deleter',
        password: 'Deleter#2026',
        roleIds: [deleter.body.id],
      });
    const d = { Authorization: `Bearer ${await t.login('deleter1', 'Deleter#2026')}` };
    await t.http.delete(`${API}/${mine.id}`).set(d).expect(404);
    await t.http.delete(`${API}/${mine.id}`).set(manager.auth).expect(204);
    await t.http.post(`${API}/${mine.id}/restore`).set(d).expect(404);
    await t.http.post(`${API}/${mine.id}/restore`).set(b.auth).expect(403);
    expect((await t.http.get(`${API}?deleted=true&q=范围测试`).set(d).expect(200)).body.data).toEqual([]);
    const found = await t.dataSource.getRepository(Customer).findOne({ where: { id: mine.id }, withDeleted: true });
    expect(found?.name).toBe('范围测试');
  });

  it('checks for duplicates before creating, hiding the details of customers the caller may not read', async () => {
    const mine = await create(a.auth, { name: '欧阳明', qq: nextQq(), phone: nextPhone() });
    const theirs = await create(b.auth, { name: '欧阳丽', qq: nextQq(), phone: nextPhone() });

    const byName = await t.http.get(`${API}/duplicates?name=欧阳`).set(a.auth).expect(200);
    expect(byName.body).toEqual([
      {
        id: mine.id,
        number: number(mine.id),
        name: '欧阳明',
        consultantId: a.id,
        consultantName: 'consultant_a',
        matchedOn: ['name'],
        ownedByYou: true,
      },
    ]);
    const byPhone = await t.http
      .get(`${API}/duplicates`)
      .query({ phone: `${theirs.phone.slice(0, 3)}-${theirs.phone.slice(3)}`, name: '欧阳' })
      .set(a.auth)
      .expect(200);
    expect(byPhone.body).toEqual([
      { number: number(theirs.id), matchedOn: ['phone'], ownedByYou: false },
      expect.objectContaining({ id: mine.id, matchedOn: ['name'] }),
    ]);
    const byQq = await t.http.get(`${API}/duplicates?qq=${theirs.qq}`).set(a.auth).expect(200);
    expect(byQq.body).toEqual([{ number: number(theirs.id), matchedOn: ['qq'], ownedByYou: false }]);

    const managerView = await t.http.get(`${API}/duplicates?name=欧阳&qq=${mine.qq}`).set(manager.auth).expect(200);
    expect(managerView.body).toEqual([
      expect.objectContaining({
        id: mine.id,
        matchedOn: ['qq', 'name'],
        consultantName: 'consultant_a',
        ownedByYou: false,
      }),
      expect.objectContaining({
        id: theirs.id,
        matchedOn: ['name'],
        consultantName: 'consultant_b',
        ownedByYou: false,
      }),
    ]);

    await t.http.delete(`${API}/${theirs.id}`).set(manager.auth).expect(204);
    expect((await t.http.get(`${API}/duplicates?qq=${theirs.qq}`).set(a.auth).expect(200)).body).toEqual([]);
    const none = await t.http.get(`${API}/duplicates`).set(a.auth).expect(400);
    expect(none.body.errors.map((e: { field: string }) => e.field)).toEqual(['qq', 'phone', 'name']);
    await t.http.get(`${API}/duplicates?qq=1`).set(teacher.auth).expect(403);
  });
});
