import { LIST_WINDOW } from '../src/common/list/paginate.js';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Tag } from '../src/customers/entities/tag.entity.js';
import { adminSession, backOffice, startBackOfficeApp, type BackOfficeClient } from './support/back-office.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import type { TestApp } from './support/test-app.js';

type Staff = { id: number; auth: Auth; bo: BackOfficeClient };

describe('back office: customers go through the customer services', () => {
  let t: TestApp;
  let admin: Auth;
  let a: Staff;
  let b: Staff;
  let manager: Staff;
  let teacher: Staff;
  let qqSeq = 700000000;
  const nextQq = () => String(qqSeq++);

  const customers = () => t.dataSource.getRepository(Customer);
  const audit = (id: number) =>
    t.dataSource
      .getRepository(AuditLog)
      .find({ where: { entity: 'customer', entityId: String(id) }, order: { id: 'ASC' } });

  async function staff(username: string, role: string): Promise<Staff> {
    const { id, auth } = await staffWithRole(t, admin, username, role);
    return { id, auth, bo: backOffice(t, await adminSession(t, username, `${username}#Pass2026`)) };
  }
  async function apiCustomer(auth: Auth, body: Record<string, unknown> = {}) {
    const res = await t.http
      .post('/api/v1/customers')
      .set(auth)
      .send({ qq: nextQq(), source: 1, ...body })
      .expect(201);
    return res.body as { id: number; number: string; version: number };
  }
  const ids = (res: { body: { records: { params: { id: number } }[] } }) => res.body.records.map((r) => r.params.id);

  beforeAll(async () => {
    t = await startBackOfficeApp();
    admin = await adminAuth(t);
    a = await staff('bo_a', 'consultant');
    b = await staff('bo_b', 'consultant');
    manager = await staff('bo_manager', 'manager');
    teacher = await staff('bo_teacher', 'teacher');
  });
  afterAll(() => t.close());

  it("lists a consultant's own customers only, with names, labels and the API's filters", async () => {
    const tag = await t.dataSource.getRepository(Tag).save({ name: 'bo-vip' });
    const own = await apiCustomer(a.auth, { name: '甲客户', source: 3, tagIds: [tag.id] });
    const other = await apiCustomer(b.auth, { name: '乙客户', source: 3 });
    const list = await a.bo.list('Customer', { perPage: 100 }).expect(200);
    expect(ids(list)).toContain(own.id);
    expect(ids(list)).not.toContain(other.id);
    const row = list.body.records.find((r: { params: { id: number } }) => r.params.id === own.id);
    expect(row.params).toMatchObject({
      number: own.number,
      source: 'baiduAds',
      status: 'notEnrolled',
      'tagIds.0': tag.id,
    });
    expect(row.populated.consultantId).toMatchObject({ title: 'bo_a' });
    expect(row.populated['tagIds.0']).toMatchObject({ title: 'bo-vip' });

    const all = await manager.bo.list('Customer', { perPage: 100, 'filters.source': 'baiduAds' }).expect(200);
    expect(ids(all)).toEqual(expect.arrayContaining([own.id, other.id]));
    const byTag = await manager.bo.list('Customer', { 'filters.tag': tag.id }).expect(200);
    expect(ids(byTag)).toEqual([own.id]);
    const byConsultant = await manager.bo.list('Customer', { 'filters.consultantId': b.id }).expect(200);
    expect(ids(byConsultant)).toEqual([other.id]);
    const search = await manager.bo.list('Customer', { 'filters.q': '乙客' }).expect(200);
    expect(ids(search)).toEqual([other.id]);
    const byNumber = await manager.bo.list('Customer', { 'filters.q': own.number }).expect(200);
    expect(ids(byNumber)).toEqual([own.id]);
    const today = new Date().toISOString().slice(0, 10);
    const created = await manager.bo.list('Customer', { 'filters.createdAt~~from': today, perPage: 100 }).expect(200);
    expect(ids(created)).toContain(own.id);
    const badRange = await manager.bo
      .list('Customer', { 'filters.createdAt~~from': today, 'filters.createdAt~~to': '2000-01-01' })
      .expect(200);
    expect(badRange.body.notice).toMatchObject({ type: 'error', message: expect.stringMatching(/createdTo/) });
  });

  it("refuses another consultant's customer by URL, as not found", async () => {
    const other = await apiCustomer(b.auth);
    const shown = await a.bo.record('Customer', other.id).expect(200);
    expect(shown.body.notice).toMatchObject({ type: 'error', message: expect.stringMatching(/cannot be found/) });
    expect(shown.body.record.params).toEqual({});
    const edited = await a.bo.edit('Customer', other.id, { name: 'hijack', version: '1' }).expect(200);
    expect(edited.body.notice.type).toBe('error');
    expect((await customers().findOneByOrFail({ id: other.id })).name).not.toBe('hijack');
    await b.bo.record('Customer', other.id).expect(200);
  });

  it('creates a customer with the API rules and an audit entry naming the staff member', async () => {
    const qq = nextQq();
    const res = await a.bo
      .create('Customer', { name: ' 新客户 ', qq, phone: '138 0013-9000', source: 'website', status: '' })
      .expect(200);
    expect(res.body.notice).toMatchObject({ type: 'success' });
    const id = res.body.record.params.id;
    expect(res.body.redirectUrl).toBe(`/admin/resources/Customer/records/${id}/show`);
    const stored = await customers().findOneByOrFail({ id });
    expect(stored).toMatchObject({
      name: '新客户',
      qq,
      phone: '13800139000',
      source: 2,
      status: 1,
      consultantId: a.id,
    });
    expect((await audit(id)).map((e) => [e.action, e.actorId])).toEqual([['create', a.id]]);
    expect((await audit(id))[0].requestId).toBeTruthy();
  });

  it('refuses bad input field by field and stores nothing', async () => {
    const before = await customers().count({ withDeleted: true });
    const bad = await a.bo.create('Customer', { qq: '12ab', phone: 'call me', source: '', consultCourseId: '999' });
    expect(bad.status).toBe(200);
    expect(bad.body.notice.type).toBe('error');
    expect(Object.keys(bad.body.record.errors).sort()).toEqual(['phone', 'qq', 'source']);
    expect(bad.body.record.params).toMatchObject({ qq: '12ab', phone: 'call me' }); // the form keeps what was typed

    const unreachable = await a.bo.create('Customer', { name: '无联系方式', source: 'website' });
    expect(Object.keys(unreachable.body.record.errors).sort()).toEqual(['phone', 'qq']);
    const assigned = await a.bo.create('Customer', { qq: nextQq(), source: 'website', consultantId: String(b.id) });
    expect(assigned.body.notice.message).toMatch(/customers\.assign/);

    const taken = await apiCustomer(b.auth);
    const { qq } = await customers().findOneByOrFail({ id: taken.id });
    const duplicate = await a.bo.create('Customer', { qq: qq!, source: 'website' });
    expect(duplicate.body.record.errors.qq.message).toBe(`is already used by ${taken.number}`);
    expect(await customers().count({ withDeleted: true })).toBe(before + 1);
  });

  it('edits with the version the form was loaded with: a stale edit is refused and changes nothing', async () => {
    const c = await apiCustomer(a.auth, { name: '原名' });
    const form = await a.bo.record('Customer', c.id, 'edit').expect(200);
    expect(form.body.record.params.version).toBe(1);
    const ok = await a.bo.edit('Customer', c.id, { ...form.body.record.params, name: '新名' }).expect(200);
    expect(ok.body.notice.type).toBe('success');
    expect(ok.body.record.params).toMatchObject({ name: '新名', version: 2 });

    const stale = await a.bo.edit('Customer', c.id, { ...form.body.record.params, name: '旧表单' }).expect(200);
    // a message key: the page shows it in the staff member's language
    expect(stale.body.notice).toMatchObject({ type: 'error', message: 'problemStaleVersion' });
    expect(await customers().findOneByOrFail({ id: c.id })).toMatchObject({ name: '新名', version: 2 });
    expect((await audit(c.id)).map((e) => [e.action, e.actorId])).toEqual([
      ['create', a.id],
      ['update', a.id],
    ]);
  });

  it('soft-deletes (customers.delete only) and restores, audited', async () => {
    const c = await apiCustomer(a.auth);
    const denied = await a.bo.act('Customer', c.id, 'delete');
    expect(denied.body.notice.type).toBe('error');
    expect((await customers().findOneByOrFail({ id: c.id })).deletedAt).toBeNull();

    const deleted = await manager.bo.act('Customer', c.id, 'delete');
    expect(deleted.body.notice.type).toBe('success');
    const row = await customers().findOneOrFail({ where: { id: c.id }, withDeleted: true });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(ids(await manager.bo.list('Customer', { perPage: 100 }))).not.toContain(c.id);
    expect(ids(await manager.bo.list('Customer', { 'filters.deleted': 'true', perPage: 100 }))).toContain(c.id);
    const refused = await a.bo.list('Customer', { 'filters.deleted': 'true' }).expect(200);
    expect(refused.body.notice.type).toBe('error');

    const restored = await manager.bo.act('Customer', c.id, 'restore');
    expect(restored.body.notice).toMatchObject({ type: 'success', message: 'customerRestored' });
    expect((await customers().findOneByOrFail({ id: c.id })).deletedAt).toBeNull();
    expect((await audit(c.id)).map((e) => [e.action, e.actorId])).toEqual([
      ['create', a.id],
      ['soft-delete', manager.id],
      ['restore', manager.id],
    ]);
  });

  it('shows each role only what its permissions allow', async () => {
    const list = await teacher.bo.list('Customer').expect(200);
    expect(list.body.notice.type).toBe('error');
    expect(list.body.records).toEqual([]);
    const page = await teacher.bo.page('/admin/resources/Course').expect(200);
    const state = JSON.parse(/window\.REDUX_STATE = (.*?);\n/s.exec(page.text)![1]);
    const visible = state.resources.filter((r: { href: string | null }) => r.href).map((r: { id: string }) => r.id);
    expect(visible).toEqual(['Enrollment', 'Course', 'Branch', 'SchoolClass', 'Lesson', 'StudyRecord', 'Feedback']);
    const consultantPage = await a.bo.page('/admin/resources/Customer').expect(200);
    const consultant = JSON.parse(/window\.REDUX_STATE = (.*?);\n/s.exec(consultantPage.text)![1]);
    const customer = consultant.resources.find((r: { id: string }) => r.id === 'Customer');
    // import (customers.import), but no export: a consultant lacks reports.export
    expect(customer.resourceActions.map((x: { name: string }) => x.name).sort()).toEqual(['import', 'list', 'new']);
  });

  it('keeps tag and contact rules: unique tag names, a tag in use stays, contacts follow the customer', async () => {
    const tag = await manager.bo.create('Tag', { name: 'bo-tag' }).expect(200);
    const dup = await manager.bo.create('Tag', { name: 'BO-TAG' }).expect(200);
    expect(dup.body.record.errors.name.message).toBe('is already taken');
    const tagId = tag.body.record.params.id;
    await apiCustomer(a.auth, { tagIds: [tagId] });
    const inUse = await manager.bo.act('Tag', tagId, 'delete');
    expect(inUse.body.notice.message).toMatch(/remove it from them first/);
    expect((await a.bo.create('Tag', { name: 'x' })).body.notice.type).toBe('error'); // needs tags.manage

    const mine = await apiCustomer(a.auth);
    const theirs = await apiCustomer(b.auth);
    const contact = await a.bo.create('Contact', { customerId: String(mine.id), name: '家长', relation: 'mother' });
    expect(contact.body.notice.type).toBe('success');
    expect(contact.body.record.params).toMatchObject({ customerId: mine.id, relation: 'mother' });
    const foreign = await a.bo.create('Contact', { customerId: String(theirs.id), name: '别人家长' });
    expect(foreign.body.notice.message).toBe(`Customer ${theirs.id} does not exist`);
    const listed = await a.bo.list('Contact', { 'filters.customerId': mine.id }).expect(200);
    expect(ids(listed)).toEqual([contact.body.record.params.id]);
    const shown = await a.bo.record('Customer', mine.id).expect(200);
    expect(shown.body.record.params).toMatchObject({ 'contacts.0.name': '家长', 'contacts.0.relation': 'mother' });
    expect((await b.bo.record('Contact', contact.body.record.params.id)).body.notice.type).toBe('error');
  });

  it('counts a list only up to LIST_WINDOW and pages no deeper (a million customers stay fast)', async () => {
    const sql = await captureQueries(t.dataSource, () => manager.bo.list('Customer').expect(200));
    expect(sql.filter((q) => /^SELECT COUNT\(/i.test(q))).toEqual([
      expect.stringMatching(
        new RegExp(`^SELECT COUNT\\(\\*\\) AS n FROM \\(.*LIMIT ${LIST_WINDOW + 1}\\) counted$`, 's'),
      ),
    ]);
    const deep = await manager.bo.list('Customer', { page: LIST_WINDOW / 20 + 1 }).expect(200);
    expect(deep.body.records).toEqual([]);
    expect(deep.body.meta.total).toBeLessThan(LIST_WINDOW);
  });

  it.each(['FollowUp', 'Enrollment'])('counts the %s list only up to LIST_WINDOW too', async (resource) => {
    const sql = await captureQueries(t.dataSource, () => manager.bo.list(resource).expect(200));
    const counts = sql.filter((q) => /^SELECT COUNT\(/i.test(q)); // the total's query, not a count in a column
    expect(counts).toEqual([
      expect.stringMatching(
        new RegExp(`^SELECT COUNT\\(\\*\\) AS n FROM \\(.*LIMIT ${LIST_WINDOW + 1}\\) counted$`, 's'),
      ),
    ]);
  });
});
