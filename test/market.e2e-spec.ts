import type { Response } from 'supertest';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { CustomerSource, FollowUpIntention, LostReason } from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { ChannelSpend } from '../src/market/entities/channel-spend.entity.js';
import { Competitor } from '../src/market/entities/competitor.entity.js';
import { FollowUp } from '../src/sales/entities/follow-up.entity.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const I = FollowUpIntention.code;
const R = LostReason.code;

describe('market intelligence: competitors, channel spend, customers lost to competitors', () => {
  let t: TestApp;
  let admin: Auth;
  let lina: { id: number; auth: Auth };
  let wang: { id: number; auth: Auth };
  let boss: { id: number; auth: Auth };
  let teacher: { id: number; auth: Auth };
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    lina = await staffWithRole(t, admin, 'lina', 'consultant');
    wang = await staffWithRole(t, admin, 'wang', 'consultant');
    boss = await staffWithRole(t, admin, 'boss', 'manager');
    teacher = await staffWithRole(t, admin, 'teacher', 'teacher');
  });
  afterAll(() => t.close());

  const api = (path: string) => `/api/v1${path}`;
  const audit = () => t.dataSource.getRepository(AuditLog);

  async function customer(consultantId: number): Promise<Customer> {
    const repo = t.dataSource.getRepository(Customer);
    return repo.save(repo.create({ name: `客户${++seq}`, source: CustomerSource.code.baiduAds, consultantId }));
  }

  async function competitor(name: string): Promise<number> {
    const res = await t.http.post(api('/competitors')).set(boss.auth).send({ name }).expect(201);
    return res.body.id;
  }

  /** A 400 in the problem shape naming exactly `fields`, and nothing stored. */
  async function expectBad(request: PromiseLike<Response>, fields: string[]) {
    const res = await request;
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, type: expect.any(String), title: expect.any(String) });
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([...fields].sort());
  }

  describe('competitors', () => {
    it('creates, reads, lists, edits (versioned, audited, who and when) and deletes', async () => {
      const created = await t.http
        .post(api('/competitors'))
        .set(boss.auth)
        .send({
          name: '  达内教育 ',
          website: 'https://www.tedu.cn',
          cities: ['北京', '上海'],
          courses: [
            { name: 'Java全栈', minPrice: 1_800_000, maxPrice: 2_200_000 },
            { name: 'Python', minPrice: null },
          ],
          strengths: '校区多',
          weaknesses: '班级大',
        })
        .expect(201);
      expect(created.body).toMatchObject({
        name: '达内教育',
        website: 'https://www.tedu.cn',
        cities: ['北京', '上海'],
        courses: [
          { name: 'Java全栈', minPrice: 1_800_000, maxPrice: 2_200_000 },
          { name: 'Python', minPrice: null, maxPrice: null },
        ],
        strengths: '校区多',
        weaknesses: '班级大',
        notes: null,
        updatedBy: { id: boss.id, name: 'boss' },
        version: 1,
      });
      const id = created.body.id;
      // a consultant reads competitors (to name one on a follow-up)
      const read = await t.http
        .get(api(`/competitors/${id}`))
        .set(lina.auth)
        .expect(200);
      expect(read.body).toEqual(created.body);
      const list = await t.http.get(api('/competitors')).query({ q: '达内' }).set(lina.auth).expect(200);
      expect(list.body.data.map((c: { id: number }) => c.id)).toEqual([id]);
      expect(list.body.meta).toMatchObject({ page: 1, pageSize: 20, total: 1 });

      const edited = await t.http
        .patch(api(`/competitors/${id}`))
        .set(admin)
        .send({ version: 1, notes: '2026 春季降价', website: null, cities: ['北京'] })
        .expect(200);
      expect(edited.body).toMatchObject({ notes: '2026 春季降价', website: null, cities: ['北京'], version: 2 });
      expect(edited.body.updatedBy).toEqual({ id: expect.any(Number), name: 'Administrator' });
      expect(new Date(edited.body.updatedAt).getTime()).toBeGreaterThanOrEqual(
        new Date(created.body.updatedAt).getTime(),
      );
      // stale version: 409, nothing changed
      const stale = await t.http
        .patch(api(`/competitors/${id}`))
        .set(boss.auth)
        .send({ version: 1, notes: 'x' });
      expect(stale.status).toBe(409);
      expect((await t.dataSource.getRepository(Competitor).findOneByOrFail({ id })).notes).toBe('2026 春季降价');
      // duplicate name, any case: 409
      await competitor('Other School');
      const duplicate = await t.http.post(api('/competitors')).set(boss.auth).send({ name: 'other school' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.errors).toEqual([{ field: 'name', message: 'is already taken' }]);

      const entries = await audit().find({
        where: { entity: 'competitor', entityId: String(id) },
        order: { id: 'ASC' },
      });
      expect(entries.map((e) => e.action)).toEqual(['create', 'update']);
      expect(entries[1].changes).toMatchObject({ notes: [null, '2026 春季降价'] });

      await t.http
        .delete(api(`/competitors/${id}`))
        .set(boss.auth)
        .expect(204);
      await t.http
        .get(api(`/competitors/${id}`))
        .set(boss.auth)
        .expect(404);
      expect(await audit().countBy({ entity: 'competitor', entityId: String(id), action: 'delete' })).toBe(1);
    });

    it('refuses bad input with 400 and field errors, and stores nothing', async () => {
      const before = await t.dataSource.getRepository(Competitor).count();
      const post = (body: unknown) =>
        t.http
          .post(api('/competitors'))
          .set(boss.auth)
          .send(body as object);
      await expectBad(post({}), ['name']);
      await expectBad(post({ name: '   ' }), ['name']);
      await expectBad(post({ name: 'A', unknown: 1 }), ['unknown']);
      await expectBad(post({ name: 'A', cities: '北京' }), ['cities']);
      await expectBad(post({ name: 'A', courses: [{ name: 'X', minPrice: 1.5 }] }), ['courses.0.minPrice']);
      await expectBad(post({ name: 'A', courses: [{ name: 'X', maxPrice: -1 }] }), ['courses.0.maxPrice']);
      await expectBad(post({ name: 'A', courses: [{ name: 'X', minPrice: 2 ** 53 }] }), ['courses.0.minPrice']);
      await expectBad(post({ name: 'A', courses: [{ name: 'X', extra: true }] }), ['courses.0.extra']);
      await expectBad(post({ name: 'A', courses: [{ name: 'X', minPrice: 500, maxPrice: 100 }] }), [
        'courses.0.maxPrice',
      ]);
      await expectBad(post({ name: 'x'.repeat(65) }), ['name']);
      expect(await t.dataSource.getRepository(Competitor).count()).toBe(before);
      const id = await competitor('Bad Input School');
      const patch = (body: unknown) =>
        t.http
          .patch(api(`/competitors/${id}`))
          .set(boss.auth)
          .send(body as object);
      await expectBad(patch({ notes: 'no version' }), ['version']);
      await expectBad(patch({ version: 1, name: null }), ['name']);
      await expectBad(patch({ version: 1, courses: null }), ['courses']);
      await t.http.get(api('/competitors/abc')).set(boss.auth).expect(400);
      await t.http.get(api('/competitors')).query({ sort: 'website' }).set(boss.auth).expect(400);
      await t.http.get(api('/competitors')).query({ pageSize: 1000 }).set(boss.auth).expect(400);
      await t.http.get(api('/competitors/999999')).set(boss.auth).expect(404);
    });

    it('answers 401 without a token and 403 without market.read / market.write', async () => {
      await t.http.get(api('/competitors')).expect(401);
      await t.http.post(api('/competitors')).send({ name: 'X' }).expect(401);
      await t.http.get(api('/competitors')).set(teacher.auth).expect(403);
      const id = await competitor('Guarded School');
      await t.http
        .get(api(`/competitors/${id}`))
        .set(teacher.auth)
        .expect(403);
      await t.http.post(api('/competitors')).set(lina.auth).send({ name: 'By a consultant' }).expect(403);
      await t.http
        .patch(api(`/competitors/${id}`))
        .set(lina.auth)
        .send({ version: 1, notes: 'x' })
        .expect(403);
      await t.http
        .delete(api(`/competitors/${id}`))
        .set(lina.auth)
        .expect(403);
      expect(await t.dataSource.getRepository(Competitor).countBy({ name: 'By a consultant' })).toBe(0);
    });
  });

  it('answers malformed bodies and queries with 4xx problems, never 5xx', async () => {
    const id = await competitor('Malformed School');
    const spend = await t.http
      .post(api('/channel-spend'))
      .set(boss.auth)
      .send({ source: 0, month: '2026-01', amount: 1 })
      .expect(201);
    const bodies: unknown[] = [
      [],
      [{ name: 'x' }],
      { name: { $gt: '' } },
      { name: 'x', courses: [null] },
      { name: 'x', courses: 'Java' },
      { name: 'x', courses: [{ name: 'J', minPrice: '100' }] },
      { name: 'x', cities: [null, 1] },
      { name: 'x', website: {} },
      { source: 0, month: ['2026-01'], amount: 1 },
      { source: '0', month: '2026-01', amount: 1e300 },
      { source: 0, month: '2026-01', amount: 1, campaign: 7 },
      { version: 1, source: null, month: null, amount: null },
      { version: 'one' },
      { version: 1e300, name: 'y' },
    ];
    for (const body of bodies) {
      for (const [method, path] of [
        ['post', '/competitors'],
        ['patch', `/competitors/${id}`],
        ['post', '/channel-spend'],
        ['patch', `/channel-spend/${spend.body.id}`],
      ] as const) {
        const res = await t.http[method](api(path))
          .set(boss.auth)
          .send(body as object);
        if (res.status < 400 || res.status >= 500)
          throw new Error(`${method} ${path} ${JSON.stringify(body)}: ${res.status}`);
        expect(res.body).toMatchObject({ status: res.status, type: expect.any(String), detail: expect.any(String) });
      }
    }
    for (const [path, query] of [
      ['/competitors', { page: '0' }],
      ['/competitors', { q: 'x'.repeat(101) }],
      ['/channel-spend', { source: ['1', '2'] }],
      ['/channel-spend', { toMonth: '2026-00' }],
      ['/customers', { lostToCompetitorId: ['1', '2'] }],
      ['/followups', { competitorId: '-1' }],
      ['/reports/channels', { source: '3.5' }],
      ['/reports/competitors', { consultantId: 'me' }],
    ] as const) {
      const res = await t.http.get(api(path)).query(query).set(boss.auth);
      expect([path, res.status]).toEqual([path, 400]);
    }
    await t.http.get(api('/competitors/1.5')).set(boss.auth).expect(400);
    await t.http.delete(api('/channel-spend/-1')).set(boss.auth).expect(404);
    await t.http
      .delete(api(`/channel-spend/${spend.body.id}`))
      .set(boss.auth)
      .expect(204);
  });

  describe('channel spend', () => {
    it('records, reads, lists, edits and deletes spend per channel and month (audited)', async () => {
      const created = await t.http
        .post(api('/channel-spend'))
        .set(boss.auth)
        .send({ source: CustomerSource.code.baiduAds, month: '2026-03', amount: 500_000, campaign: '春季竞价' })
        .expect(201);
      expect(created.body).toMatchObject({
        source: CustomerSource.code.baiduAds,
        month: '2026-03',
        amount: 500_000,
        campaign: '春季竞价',
        memo: null,
        updatedBy: { id: boss.id, name: 'boss' },
        version: 1,
      });
      const id = created.body.id;
      await t.http
        .post(api('/channel-spend'))
        .set(boss.auth)
        .send({ source: CustomerSource.code.zhihu, month: '2026-04', amount: 100 })
        .expect(201);
      const list = await t.http
        .get(api('/channel-spend'))
        .query({ source: CustomerSource.code.baiduAds, fromMonth: '2026-01', toMonth: '2026-03' })
        .set(boss.auth)
        .expect(200);
      expect(list.body.data.map((s: { id: number }) => s.id)).toEqual([id]);
      const all = await t.http.get(api('/channel-spend')).query({ sort: 'month' }).set(boss.auth).expect(200);
      expect(all.body.data.map((s: { month: string }) => s.month)).toEqual(['2026-03', '2026-04']);
      const edited = await t.http
        .patch(api(`/channel-spend/${id}`))
        .set(boss.auth)
        .send({ version: 1, amount: 450_000, campaign: null })
        .expect(200);
      expect(edited.body).toMatchObject({ amount: 450_000, campaign: null, version: 2 });
      await t.http
        .patch(api(`/channel-spend/${id}`))
        .set(boss.auth)
        .send({ version: 1, amount: 1 })
        .expect(409);
      const entries = await audit().find({
        where: { entity: 'channel_spend', entityId: String(id) },
        order: { id: 'ASC' },
      });
      expect(entries.map((e) => e.action)).toEqual(['create', 'update']);
      expect(entries[1].changes).toMatchObject({ amount: [500_000, 450_000] });
      await t.http
        .delete(api(`/channel-spend/${id}`))
        .set(boss.auth)
        .expect(204);
      await t.http
        .get(api(`/channel-spend/${id}`))
        .set(boss.auth)
        .expect(404);
    });

    it('refuses bad input with 400 and field errors, and stores nothing', async () => {
      const before = await t.dataSource.getRepository(ChannelSpend).count();
      const post = (body: unknown) =>
        t.http
          .post(api('/channel-spend'))
          .set(boss.auth)
          .send(body as object);
      const good = { source: CustomerSource.code.zhihu, month: '2026-03', amount: 100 };
      await expectBad(post({}), ['source', 'month', 'amount']);
      await expectBad(post({ ...good, source: 99 }), ['source']);
      await expectBad(post({ ...good, month: '2026-13' }), ['month']);
      await expectBad(post({ ...good, month: '2026-3' }), ['month']);
      await expectBad(post({ ...good, amount: 1.5 }), ['amount']);
      await expectBad(post({ ...good, amount: -1 }), ['amount']);
      await expectBad(post({ ...good, amount: 2 ** 53 + 2 }), ['amount']);
      await expectBad(post({ ...good, amount: '100' }), ['amount']);
      await expectBad(post({ ...good, extra: 1 }), ['extra']);
      expect(await t.dataSource.getRepository(ChannelSpend).count()).toBe(before);
      const list = (query: Record<string, string>) => t.http.get(api('/channel-spend')).query(query).set(boss.auth);
      await expectBad(list({ fromMonth: 'March' }), ['fromMonth']);
      await expectBad(list({ fromMonth: '2026-04', toMonth: '2026-03' }), ['toMonth']);
      await expectBad(list({ source: 'x' }), ['source']);
      await t.http.patch(api('/channel-spend/0')).set(boss.auth).send({ version: 1 }).expect(404);
    });

    it('answers 401 without a token and 403 without market.spend (consultants have none)', async () => {
      await t.http.get(api('/channel-spend')).expect(401);
      await t.http.get(api('/channel-spend')).set(lina.auth).expect(403);
      const post = await t.http
        .post(api('/channel-spend'))
        .set(lina.auth)
        .send({ source: 0, month: '2026-03', amount: 1 });
      expect(post.status).toBe(403);
      expect(post.body).toMatchObject({ status: 403, detail: expect.stringContaining('market.spend') });
    });
  });

  describe('customers lost to a competitor (on follow-ups)', () => {
    const record = (auth: Auth, customerId: number, body: Record<string, unknown>) =>
      t.http
        .post(api(`/customers/${customerId}/followups`))
        .set(auth)
        .send(body);

    it('records the competitor, reason and offered price with intention 3, and the customer list filters by it', async () => {
      const tedu = await competitor('达内 Lost');
      const other = await competitor('北大青鸟 Lost');
      const c1 = await customer(lina.id);
      const c2 = await customer(lina.id);
      const c3 = await customer(wang.id);
      const lost = await record(lina.auth, c1.id, {
        intention: I.enrolledElsewhere,
        content: '已在达内报名',
        competitorId: tedu,
        lostReason: R.price,
        offeredPrice: 1_500_000,
      }).expect(201);
      expect(lost.body).toMatchObject({
        intention: I.enrolledElsewhere,
        competitor: { id: tedu, name: '达内 Lost' },
        lostReason: R.price,
        offeredPrice: 1_500_000,
      });
      await record(lina.auth, c2.id, { intention: I.enrolledElsewhere, content: '去了青鸟', competitorId: other });
      await record(wang.auth, c3.id, {
        intention: I.enrolledElsewhere,
        content: '达内',
        competitorId: tedu,
        lostReason: R.schedule,
      }).expect(201);
      expect((await t.dataSource.getRepository(Customer).findOneByOrFail({ id: c1.id })).lostToCompetitorId).toBe(tedu);

      const lostTo = (auth: Auth, id: number) =>
        t.http.get(api('/customers')).query({ lostToCompetitorId: id, sort: 'createdAt' }).set(auth).expect(200);
      expect((await lostTo(boss.auth, tedu)).body.data.map((c: { id: number }) => c.id)).toEqual([c1.id, c3.id]);
      expect((await lostTo(lina.auth, tedu)).body.data.map((c: { id: number }) => c.id)).toEqual([c1.id]); // scope
      const page = await lostTo(boss.auth, other);
      expect(page.body.data).toHaveLength(1);
      expect(page.body.data[0]).toMatchObject({ id: c2.id, lostToCompetitorId: other });
      // the follow-up list filters by competitor too
      const followUps = await t.http.get(api('/followups')).query({ competitorId: tedu }).set(boss.auth).expect(200);
      expect(followUps.body.data.map((f: { customer: { id: number } }) => f.customer.id).sort()).toEqual(
        [c1.id, c3.id].sort(),
      );
      // one rows query and one count per list page
      const queries = await captureQueries(t.dataSource, () => lostTo(boss.auth, tedu));
      expect(queries.filter((q) => /^\s*SELECT/i.test(q))).toHaveLength(2);

      // a later follow-up that is not a loss: the customer is no longer lost to it
      await record(lina.auth, c1.id, { intention: I.withinMonth, content: '又回来咨询了' }).expect(201);
      expect((await lostTo(boss.auth, tedu)).body.data.map((c: { id: number }) => c.id)).toEqual([c3.id]);

      // editing the loss: the competitor can change; changing intention away from 3 clears the loss fields
      const edited = await t.http
        .patch(api(`/followups/${lost.body.id}`))
        .set(lina.auth)
        .send({ version: lost.body.version, lostReason: R.teacher, offeredPrice: null })
        .expect(200);
      expect(edited.body).toMatchObject({ lostReason: R.teacher, offeredPrice: null, competitor: { id: tedu } });
      const cleared = await t.http
        .patch(api(`/followups/${lost.body.id}`))
        .set(lina.auth)
        .send({ version: edited.body.version, intention: I.noPlan })
        .expect(200);
      expect(cleared.body).toMatchObject({ competitor: null, lostReason: null, offeredPrice: null });

      // a competitor named by a follow-up cannot be deleted
      const inUse = await t.http.delete(api(`/competitors/${tedu}`)).set(boss.auth);
      expect(inUse.status).toBe(409);
      expect(inUse.body).toMatchObject({ status: 409, references: { followUps: 1 } });
    });

    it('refuses loss fields unless intention is 3, an unknown competitor, and bad values (400, nothing stored)', async () => {
      const c = await customer(lina.id);
      const tedu = await competitor('达内 Bad');
      const before = await t.dataSource.getRepository(FollowUp).count();
      const base = { content: '沟通' };
      await expectBad(record(lina.auth, c.id, { ...base, intention: I.noPlan, competitorId: tedu }), ['competitorId']);
      await expectBad(
        record(lina.auth, c.id, { ...base, intention: I.withinMonth, lostReason: R.price, offeredPrice: 1 }),
        ['lostReason', 'offeredPrice'],
      );
      const elsewhere = { ...base, intention: I.enrolledElsewhere };
      await expectBad(record(lina.auth, c.id, { ...elsewhere, competitorId: 999_999 }), ['competitorId']);
      await expectBad(record(lina.auth, c.id, { ...elsewhere, competitorId: 0 }), ['competitorId']);
      await expectBad(record(lina.auth, c.id, { ...elsewhere, competitorId: '1' }), ['competitorId']);
      await expectBad(record(lina.auth, c.id, { ...elsewhere, lostReason: 7 }), ['lostReason']);
      await expectBad(record(lina.auth, c.id, { ...elsewhere, offeredPrice: -5 }), ['offeredPrice']);
      await expectBad(record(lina.auth, c.id, { ...elsewhere, offeredPrice: 12.5 }), ['offeredPrice']);
      expect(await t.dataSource.getRepository(FollowUp).count()).toBe(before);
      // an update that would leave loss fields on another intention
      const ok = await record(lina.auth, c.id, { ...base, intention: I.noPlan }).expect(201);
      await expectBad(
        t.http
          .patch(api(`/followups/${ok.body.id}`))
          .set(lina.auth)
          .send({ version: ok.body.version, competitorId: tedu }),
        ['competitorId'],
      );
      const list = (query: Record<string, string>) => t.http.get(api('/customers')).query(query).set(boss.auth);
      await expectBad(list({ lostToCompetitorId: 'x' }), ['lostToCompetitorId']);
      await expectBad(list({ lostToCompetitorId: '0' }), ['lostToCompetitorId']);
      await expectBad(list({ lostToCompetitorId: '1.5' }), ['lostToCompetitorId']);
    });

    it('serves the lostReason code table', async () => {
      const codes = await t.http.get(api('/codes')).expect(200);
      const table = codes.body.find((c: { name: string }) => c.name === 'lostReason');
      expect(table.items.map((i: { code: number; zh: string }) => [i.code, i.zh])).toEqual([
        [0, '价格'],
        [1, '上课时间'],
        [2, '地点'],
        [3, '师资'],
        [9, '其他'],
      ]);
    });
  });
});
