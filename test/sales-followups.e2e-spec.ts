import { Role } from '../src/auth/entities/role.entity.js';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { CustomerSource, FollowUpIntention } from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { FollowUp } from '../src/sales/entities/follow-up.entity.js';
import { DAY_MS, startOfToday } from '../src/common/time/school-time.js';
import { followUpDueAt } from '../src/sales/due-rules.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const I = FollowUpIntention.code;
const HOUR_MS = 3_600_000;

describe('sales: follow-ups and the due list', () => {
  let t: TestApp;
  let admin: Auth;
  let lina: { id: number; auth: Auth };
  let bo: { id: number; auth: Auth };
  let boss: { id: number; auth: Auth };
  let teacher: { id: number; auth: Auth };
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    lina = await staffWithRole(t, admin, 'lina', 'consultant');
    bo = await staffWithRole(t, admin, 'wang', 'consultant');
    boss = await staffWithRole(t, admin, 'boss', 'manager');
    teacher = await staffWithRole(t, admin, 'teacher', 'teacher');
  });
  afterAll(() => t.close());

  const customers = () => t.dataSource.getRepository(Customer);
  const followUps = () => t.dataSource.getRepository(FollowUp);
  const followUpCount = () => followUps().count();

  async function customer(consultantId: number, name = `客户${++seq}`): Promise<Customer> {
    const repo = customers();
    return repo.save(
      repo.create({
        name,
        phone: `1380000${String(++seq).padStart(4, '0')}`,
        source: CustomerSource.code.website,
        consultantId,
      }),
    );
  }

  const record = (auth: Auth, customerId: number, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/customers/${customerId}/followups`).set(auth).send(body);

  it('records, reads, lists, edits and deletes follow-ups, keeping the customer latest intention right', async () => {
    const c = await customer(lina.id, '张三');
    const first = await record(lina.auth, c.id, { intention: I.withinMonth, content: '  咨询 Python 课程  ' }).expect(
      201,
    );
    expect(first.body).toMatchObject({
      customer: { id: c.id, number: c.number, name: '张三' },
      consultant: { id: lina.id, name: 'lina' },
      intention: I.withinMonth,
      content: '咨询 Python 课程',
      nextFollowUpAt: null,
      version: 1,
    });
    let stored = await customers().findOneByOrFail({ id: c.id });
    expect(stored.latestIntention).toBe(I.withinMonth);
    expect(stored.lastFollowUpAt?.toISOString()).toBe(first.body.createdAt);

    const next = new Date(Date.now() + 3 * DAY_MS).toISOString();
    const second = await record(lina.auth, c.id, {
      intention: I.withinTwoWeeks,
      content: '试听后很满意',
      nextFollowUpAt: next,
    }).expect(201);
    expect(second.body.nextFollowUpAt).toBe(next);
    stored = await customers().findOneByOrFail({ id: c.id });
    expect(stored.latestIntention).toBe(I.withinTwoWeeks);
    expect(stored.lastFollowUpAt?.toISOString()).toBe(second.body.createdAt);

    await t.http.get(`/api/v1/followups/${second.body.id}`).set(lina.auth).expect(200);
    const perCustomer = await t.http.get(`/api/v1/customers/${c.id}/followups`).set(lina.auth).expect(200);
    expect(perCustomer.body.meta).toEqual({ page: 1, pageSize: 20, total: 2, totalCapped: false, next: null });
    expect(perCustomer.body.data.map((f: { id: number }) => f.id)).toEqual([second.body.id, first.body.id]);

    // editing the latest follow-up's intention moves the customer's; editing an older one does not
    const edited = await t.http
      .patch(`/api/v1/followups/${second.body.id}`)
      .set(lina.auth)
      .send({ version: 1, intention: I.noPlan, nextFollowUpAt: null })
      .expect(200);
    expect(edited.body).toMatchObject({
      intention: I.noPlan,
      nextFollowUpAt: null,
      version: 2,
      consultant: { name: 'lina' },
    });
    expect((await customers().findOneByOrFail({ id: c.id })).latestIntention).toBe(I.noPlan);
    await t.http
      .patch(`/api/v1/followups/${first.body.id}`)
      .set(lina.auth)
      .send({ version: 1, intention: I.enrolled, content: '改正' })
      .expect(200);
    expect((await customers().findOneByOrFail({ id: c.id })).latestIntention).toBe(I.noPlan);

    // deleting the latest falls back to the one before; deleting the last one clears both fields
    await t.http.delete(`/api/v1/followups/${second.body.id}`).set(lina.auth).expect(204);
    await t.http.get(`/api/v1/followups/${second.body.id}`).set(lina.auth).expect(404);
    stored = await customers().findOneByOrFail({ id: c.id });
    expect(stored.latestIntention).toBe(I.enrolled);
    expect(stored.lastFollowUpAt?.toISOString()).toBe(first.body.createdAt);
    await t.http.delete(`/api/v1/followups/${first.body.id}`).set(lina.auth).expect(204);
    stored = await customers().findOneByOrFail({ id: c.id });
    expect(stored.latestIntention).toBeNull();
    expect(stored.lastFollowUpAt).toBeNull();

    const audit = t.dataSource.getRepository(AuditLog);
    const entries = await audit.find({
      where: { entity: 'customer_follow_up', entityId: String(second.body.id) },
      order: { id: 'ASC' },
    });
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ['create', lina.id],
      ['update', lina.id],
      ['delete', lina.id],
    ]);
    expect(entries[1].changes).toMatchObject({ intention: [I.withinTwoWeeks, I.noPlan] });
    // the customer's copy of the latest follow-up is bookkeeping: no new version (open edit forms stay valid)
    expect((await customers().findOneByOrFail({ id: c.id })).version).toBe(1);
    expect(await audit.countBy({ entity: 'customer', entityId: String(c.id), action: 'update' })).toBe(0);
  });

  it('refuses bad input with 400 and field errors, and stores nothing', async () => {
    const c = await customer(lina.id);
    const before = await followUpCount();
    const bad = async (body: Record<string, unknown>, fields: string[]) => {
      const res = await record(lina.auth, c.id, body).expect(400);
      expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(fields));
    };
    await bad({}, ['intention', 'content']);
    await bad({ intention: 9, content: '   ' }, ['intention', 'content']);
    await bad({ intention: '0', content: 'x'.repeat(5001) }, ['content']);
    await bad({ intention: 0, content: 'ok', nextFollowUpAt: 'tomorrow' }, ['nextFollowUpAt']);
    await bad({ intention: 0, content: 'ok', nextFollowUpAt: '2030-01-01T10:00:00' }, ['nextFollowUpAt']);
    await bad({ intention: 0, content: 'ok', consultantId: bo.id }, ['consultantId']);
    const yesterday = new Date(startOfToday('Asia/Shanghai').getTime() - HOUR_MS).toISOString();
    const past = await record(lina.auth, c.id, { intention: 0, content: 'ok', nextFollowUpAt: yesterday }).expect(400);
    expect(past.body.errors).toEqual([{ field: 'nextFollowUpAt', message: 'must be today or later' }]);
    await t.http
      .post('/api/v1/customers/abc/followups')
      .set(lina.auth)
      .send({ intention: 0, content: 'ok' })
      .expect(400);
    const missing = await record(lina.auth, 999999, { intention: 0, content: 'ok' }).expect(404);
    expect(missing.body.detail).toBe('Customer 999999 does not exist');
    expect(await followUpCount()).toBe(before);

    // the edges that are allowed: 5000 characters, earlier today (school time zone)
    const today = startOfToday('Asia/Shanghai').toISOString();
    const ok = await record(lina.auth, c.id, { intention: 0, content: 'x'.repeat(5000), nextFollowUpAt: today }).expect(
      201,
    );
    const patchBad = async (body: Record<string, unknown>, field: string) => {
      const res = await t.http.patch(`/api/v1/followups/${ok.body.id}`).set(lina.auth).send(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await patchBad({ intention: I.noPlan }, 'version');
    await patchBad({ version: 1, intention: null }, 'intention');
    await patchBad({ version: 1, content: '' }, 'content');
    await patchBad({ version: 1, nextFollowUpAt: yesterday }, 'nextFollowUpAt');
    await patchBad({ version: 1, customerId: 1 }, 'customerId');
    const unchanged = await followUps().findOneByOrFail({ id: ok.body.id });
    expect(unchanged).toMatchObject({ version: 1, intention: 0 });
  });

  it('answers 401 without a token and 403 without the permission', async () => {
    const c = await customer(lina.id);
    await t.http.get('/api/v1/followups').expect(401);
    await t.http.get('/api/v1/followups/due').expect(401);
    await t.http.post(`/api/v1/customers/${c.id}/followups`).send({ intention: 0, content: 'x' }).expect(401);
    for (const path of ['/api/v1/followups', '/api/v1/followups/due', `/api/v1/customers/${c.id}/followups`]) {
      const res = await t.http.get(path).set(teacher.auth).expect(403);
      expect(res.body.detail).toBe('Requires permission followups.read');
    }
    await record(teacher.auth, c.id, { intention: 0, content: 'x' }).expect(403);
    const created = await record(lina.auth, c.id, { intention: 0, content: 'x' }).expect(201);
    await t.http.patch(`/api/v1/followups/${created.body.id}`).set(teacher.auth).send({ version: 1 }).expect(403);
    await t.http.delete(`/api/v1/followups/${created.body.id}`).set(teacher.auth).expect(403);
  });

  it("keeps each consultant to their own customers' follow-ups; a manager sees and manages all", async () => {
    const mine = await customer(lina.id);
    const theirs = await customer(bo.id);
    const linas = await record(lina.auth, mine.id, { intention: 1, content: 'lina 的' }).expect(201);
    const bos = await record(bo.auth, theirs.id, { intention: 1, content: 'wang 的' }).expect(201);

    await t.http.get(`/api/v1/followups/${bos.body.id}`).set(lina.auth).expect(404);
    await t.http.get(`/api/v1/customers/${theirs.id}/followups`).set(lina.auth).expect(404);
    await record(lina.auth, theirs.id, { intention: 1, content: 'x' }).expect(404);
    await t.http
      .patch(`/api/v1/followups/${bos.body.id}`)
      .set(lina.auth)
      .send({ version: 1, content: 'x' })
      .expect(404);
    await t.http.delete(`/api/v1/followups/${bos.body.id}`).set(lina.auth).expect(404);
    const linaList = await t.http.get('/api/v1/followups?pageSize=100').set(lina.auth).expect(200);
    const linaIds = linaList.body.data.map((f: { id: number }) => f.id);
    expect(linaIds).toContain(linas.body.id);
    expect(linaIds).not.toContain(bos.body.id);
    const filtered = await t.http.get(`/api/v1/followups?customerId=${theirs.id}`).set(lina.auth).expect(200);
    expect(filtered.body.meta.total).toBe(0);
    expect((await followUps().findOneByOrFail({ id: bos.body.id })).content).toBe('wang 的');

    const all = await t.http.get('/api/v1/followups?pageSize=100').set(boss.auth).expect(200);
    const allIds = all.body.data.map((f: { id: number }) => f.id);
    expect(allIds).toEqual(expect.arrayContaining([linas.body.id, bos.body.id]));
    await t.http.get(`/api/v1/customers/${theirs.id}/followups`).set(boss.auth).expect(200);

    // a manager writes on lina's customer: lina (no followups.manage) may not change it; the manager may change hers
    const bosses = await record(boss.auth, mine.id, { intention: 2, content: '主管回访' }).expect(201);
    expect(bosses.body.consultant).toEqual({ id: boss.id, name: 'boss' });
    const denied = await t.http
      .patch(`/api/v1/followups/${bosses.body.id}`)
      .set(lina.auth)
      .send({ version: 1, content: 'x' })
      .expect(403);
    expect(denied.body.detail).toMatch(/followups\.manage/);
    await t.http.delete(`/api/v1/followups/${bosses.body.id}`).set(lina.auth).expect(403);
    await t.http.get(`/api/v1/followups/${bosses.body.id}`).set(lina.auth).expect(200);
    await t.http
      .patch(`/api/v1/followups/${linas.body.id}`)
      .set(boss.auth)
      .send({ version: 1, content: '主管修改' })
      .expect(200);
    await t.http.delete(`/api/v1/followups/${bosses.body.id}`).set(boss.auth).expect(204);
  });

  it('refuses an edit with a stale version with 409 and changes nothing', async () => {
    const c = await customer(lina.id);
    const created = await record(lina.auth, c.id, { intention: 1, content: 'v1' }).expect(201);
    await t.http
      .patch(`/api/v1/followups/${created.body.id}`)
      .set(lina.auth)
      .send({ version: 1, content: 'v2' })
      .expect(200);
    const stale = await t.http
      .patch(`/api/v1/followups/${created.body.id}`)
      .set(lina.auth)
      .send({ version: 1, content: 'v3', intention: I.blacklisted })
      .expect(409);
    expect(stale.body.currentVersion).toBe(2);
    expect(await followUps().findOneByOrFail({ id: created.body.id })).toMatchObject({ content: 'v2', intention: 1 });
    expect((await customers().findOneByOrFail({ id: c.id })).latestIntention).toBe(1);
  });

  it('lists with filters and sorting in one rows query and one count, each row naming customer and consultant', async () => {
    const c1 = await customer(bo.id, '过滤甲');
    const c2 = await customer(bo.id, '过滤乙');
    await record(bo.auth, c1.id, { intention: I.withinTwoWeeks, content: 'a' }).expect(201);
    await record(bo.auth, c2.id, { intention: I.noPlan, content: 'b' }).expect(201);
    const old = await record(boss.auth, c2.id, { intention: I.withinMonth, content: 'c' }).expect(201);
    await followUps().update(old.body.id, { createdAt: new Date('2025-03-10T02:00:00Z') });

    let res!: { body: { data: Array<Record<string, unknown>>; meta: { total: number } } };
    const queries = await captureQueries(t.dataSource, async () => {
      res = await t.http.get(`/api/v1/followups?customerId=${c2.id}&sort=intention`).set(boss.auth).expect(200);
    });
    expect(queries).toHaveLength(2);
    expect(res.body.meta.total).toBe(2);
    expect(res.body.data.map((f) => f.intention)).toEqual([I.withinMonth, I.noPlan]);
    expect(res.body.data[0]).toMatchObject({
      customer: { id: c2.id, number: c2.number, name: '过滤乙' },
      consultant: { id: boss.id, name: 'boss' },
    });

    const get = (query: string) => t.http.get(`/api/v1/followups?${query}`).set(boss.auth).expect(200);
    expect((await get(`intention=${I.withinTwoWeeks}&consultantId=${bo.id}&q=过滤`)).body.meta.total).toBe(1);
    expect((await get(`consultantId=${boss.id}&customerId=${c2.id}`)).body.meta.total).toBe(1);
    // dates are whole days in the school's time zone (Asia/Shanghai): 2025-03-10 02:00Z is 10:00 there
    expect((await get(`from=2025-03-10&to=2025-03-10`)).body.data.map((f: { id: number }) => f.id)).toEqual([
      old.body.id,
    ]);
    expect((await get(`to=2025-03-09`)).body.meta.total).toBe(0);
    expect((await get(`from=2025-03-10T02:00:01Z&customerId=${c2.id}`)).body.meta.total).toBe(1);
    await t.http.get('/api/v1/followups?sort=content').set(boss.auth).expect(400);
    await t.http.get('/api/v1/followups?from=2025-13-01').set(boss.auth).expect(400);
    await t.http.get('/api/v1/followups?from=2025-03-10&to=2025-03-01').set(boss.auth).expect(400);
    await t.http.get('/api/v1/followups?intention=8').set(boss.auth).expect(400);
  });

  describe('the due list', () => {
    let owner: { id: number; auth: Auth };

    /** A follow-up recorded `days` ago: the follow-up and the customer's copy moved back in the database. */
    async function followUpAgo(c: Customer, intention: number, days: number, nextFollowUpAt: Date | null = null) {
      const res = await record(owner.auth, c.id, { intention, content: `${days} 天前` }).expect(201);
      const at = new Date(Date.now() - days * DAY_MS);
      await followUps().update(res.body.id, { createdAt: at, nextFollowUpAt });
      const latest = await followUps().findOneOrFail({
        where: { customerId: c.id },
        order: { createdAt: 'DESC', id: 'DESC' },
      });
      const copy = {
        latestIntention: latest.intention,
        lastFollowUpAt: latest.createdAt,
        nextFollowUpAt: latest.nextFollowUpAt,
      };
      await customers().update(c.id, { ...copy, followUpDueAt: followUpDueAt(copy) });
      return res.body.id as number;
    }

    beforeAll(async () => {
      owner = await staffWithRole(t, admin, 'duty', 'consultant');
    });

    it('lists the customers due, most overdue first, with the day boundaries of each rule', async () => {
      const twoWeeks13 = await customer(owner.id, '十三天');
      const twoWeeks15 = await customer(owner.id, '十五天');
      const month29 = await customer(owner.id, '二十九天');
      const month31 = await customer(owner.id, '三十一天');
      const twoWeeks24 = await customer(owner.id, '二十四天');
      const nextPassed = await customer(owner.id, '约定已过');
      const nextAhead = await customer(owner.id, '约定未到');
      const superseded = await customer(owner.id, '已更新');
      const oldNext = await customer(owner.id, '旧约定');
      const deleted = await customer(owner.id, '已删除');
      const others = await customer(bo.id, '别人的');

      await followUpAgo(twoWeeks13, I.withinTwoWeeks, 13);
      await followUpAgo(twoWeeks15, I.withinTwoWeeks, 15);
      await followUpAgo(month29, I.withinMonth, 29);
      await followUpAgo(month31, I.withinMonth, 31);
      await followUpAgo(twoWeeks24, I.withinTwoWeeks, 24);
      await followUpAgo(nextPassed, I.noPlan, 60, new Date(Date.now() - 3 * DAY_MS - HOUR_MS));
      await followUpAgo(nextAhead, I.noPlan, 60, new Date(Date.now() + DAY_MS));
      // a newer follow-up replaces an overdue intention
      await followUpAgo(superseded, I.withinMonth, 40);
      await record(owner.auth, superseded.id, { intention: I.noPlan, content: '不想报了' }).expect(201);
      // only the latest follow-up's nextFollowUpAt counts
      await followUpAgo(oldNext, I.noPlan, 10, new Date(Date.now() - DAY_MS));
      await record(owner.auth, oldNext.id, { intention: I.noPlan, content: '没有下次' }).expect(201);
      await followUpAgo(deleted, I.withinTwoWeeks, 20);
      await customers().softDelete(deleted.id);
      const othersCopy = {
        latestIntention: I.withinTwoWeeks,
        lastFollowUpAt: new Date(Date.now() - 20 * DAY_MS),
        nextFollowUpAt: null,
      };
      await customers().update(others.id, { ...othersCopy, followUpDueAt: followUpDueAt(othersCopy) });

      let res!: { body: { data: Array<Record<string, unknown>>; meta: Record<string, number> } };
      const queries = await captureQueries(t.dataSource, async () => {
        res = await t.http.get('/api/v1/followups/due').set(owner.auth).expect(200);
      });
      expect(queries).toHaveLength(2);
      expect(res.body.meta).toEqual({ page: 1, pageSize: 20, total: 4, totalCapped: false, next: null });
      const names = res.body.data.map((row) => row.name);
      expect(names.slice(0, 2)).toEqual(['二十四天', '约定已过']);
      expect(new Set(names.slice(2))).toEqual(new Set(['十五天', '三十一天']));
      const byName = Object.fromEntries(res.body.data.map((row) => [row.name, row]));
      expect(byName['二十四天']).toMatchObject({
        customerId: twoWeeks24.id,
        number: twoWeeks24.number,
        phone: twoWeeks24.phone,
        latestIntention: I.withinTwoWeeks,
        overdueDays: 10,
        reasons: ['withinTwoWeeks'],
      });
      expect(byName['约定已过']).toMatchObject({
        overdueDays: 3,
        reasons: ['nextFollowUpAt'],
        latestIntention: I.noPlan,
      });
      expect(byName['约定已过'].dueAt).toBe(byName['约定已过'].nextFollowUpAt);
      expect(byName['三十一天']).toMatchObject({ overdueDays: 1, reasons: ['withinMonth'] });
      expect(byName['十五天']).toMatchObject({ overdueDays: 1, reasons: ['withinTwoWeeks'] });
      expect(new Date(byName['十五天'].lastFollowUpAt as string).getTime()).toBeLessThan(
        Date.now() - 15 * DAY_MS + HOUR_MS,
      );

      const page2 = await t.http.get('/api/v1/followups/due?page=2&pageSize=3').set(owner.auth).expect(200);
      expect(page2.body.meta.total).toBe(4);
      expect(page2.body.data).toHaveLength(1);
    });

    it("is the caller's own list, even for a manager; another consultant's needs customers.read_all", async () => {
      const mine = await t.http.get('/api/v1/followups/due').set(boss.auth).expect(200);
      expect(mine.body.meta.total).toBe(0);
      const owners = await t.http.get(`/api/v1/followups/due?consultantId=${owner.id}`).set(boss.auth).expect(200);
      expect(owners.body.meta.total).toBe(4);
      const denied = await t.http.get(`/api/v1/followups/due?consultantId=${bo.id}`).set(owner.auth).expect(403);
      expect(denied.body.detail).toMatch(/customers\.read_all/);
      await t.http.get(`/api/v1/followups/due?consultantId=${owner.id}`).set(owner.auth).expect(200);
      await t.http.get('/api/v1/followups/due?pageSize=101').set(owner.auth).expect(400);
      await t.http.get('/api/v1/followups/due?sort=name').set(owner.auth).expect(400);
      const role = await t.dataSource.getRepository(Role).findOneByOrFail({ code: 'consultant' });
      expect(role.permissions).not.toContain('customers.read_all');
    });
  });
});
