import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { Contact } from '../src/customers/entities/contact.entity.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Tag } from '../src/customers/entities/tag.entity.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const API = '/api/v1';

describe('customer contacts and tags', () => {
  let t: TestApp;
  let admin: Auth;
  let a: { id: number; auth: Auth };
  let b: { id: number; auth: Auth };
  let manager: { id: number; auth: Auth };
  let teacher: { id: number; auth: Auth };
  let service: { id: number; auth: Auth };
  let qqSeq = 600000000;

  const contactCount = () => t.dataSource.getRepository(Contact).count();
  const tagCount = () => t.dataSource.getRepository(Tag).count();
  const auditOf = (entity: string, id: number) =>
    t.dataSource.getRepository(AuditLog).find({ where: { entity, entityId: String(id) }, order: { id: 'ASC' } });

  async function customer(auth: Auth, body: Record<string, unknown> = {}) {
    const res = await t.http
      .post(`${API}/customers`)
      .set(auth)
      .send({ name: '客户', qq: String(qqSeq++), source: 1, ...body })
      .expect(201);
    return res.body as { id: number; version: number };
  }
  async function tag(name: string) {
    return (await t.http.post(`${API}/tags`).set(manager.auth).send({ name }).expect(201)).body as { id: number };
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    a = await staffWithRole(t, admin, 'ct_a', 'consultant');
    b = await staffWithRole(t, admin, 'ct_b', 'consultant');
    manager = await staffWithRole(t, admin, 'ct_manager', 'manager');
    teacher = await staffWithRole(t, admin, 'ct_teacher', 'teacher');
    service = await staffWithRole(t, admin, 'ct_service', 'service');
  });
  afterAll(() => t.close());

  describe('contacts', () => {
    it('creates, lists, reads, updates and deletes a contact, with audit entries', async () => {
      const c = await customer(a.auth);
      const base = `${API}/customers/${c.id}/contacts`;
      const created = await t.http
        .post(base)
        .set(a.auth)
        .send({ name: ' 王父 ', relation: 1, phone: '135 0000-0001', email: 'wang@example.cn' })
        .expect(201);
      expect(created.body).toMatchObject({
        customerId: c.id,
        name: '王父',
        relation: 1,
        phone: '13500000001',
        email: 'wang@example.cn',
        wechat: null,
        version: 1,
      });
      const other = await t.http.post(base).set(a.auth).send({ name: '王母' }).expect(201);
      expect(other.body.relation).toBe(9); // other, the default

      const list = await t.http.get(`${base}?sort=name`).set(a.auth).expect(200);
      expect(list.body.meta.total).toBe(2);
      expect(list.body.data.map((x: { id: number }) => x.id).sort()).toEqual([created.body.id, other.body.id].sort());
      const found = await t.http.get(`${base}?q=135`).set(a.auth).expect(200);
      expect(found.body.data.map((x: { id: number }) => x.id)).toEqual([created.body.id]);
      await t.http.get(`${base}/${created.body.id}`).set(a.auth).expect(200);

      const id = created.body.id;
      const updated = await t.http
        .patch(`${base}/${id}`)
        .set(a.auth)
        .send({ version: 1, wechat: 'wang_dad', email: null })
        .expect(200);
      expect(updated.body).toMatchObject({ name: '王父', wechat: 'wang_dad', email: null, version: 2 });
      const stale = await t.http.patch(`${base}/${id}`).set(a.auth).send({ version: 1, name: 'x' }).expect(409);
      expect(stale.body.currentVersion).toBe(2);

      await t.http.delete(`${base}/${id}`).set(a.auth).expect(204);
      await t.http.get(`${base}/${id}`).set(a.auth).expect(404);
      const entries = await auditOf('contact', id);
      expect(entries.map((e) => [e.action, e.actorId])).toEqual([
        ['create', a.id],
        ['update', a.id],
        ['delete', a.id],
      ]);
      expect(entries[1].changes).toEqual({ wechat: [null, 'wang_dad'], email: ['wang@example.cn', null] });
    });

    it('refuses bad input with field errors and stores nothing', async () => {
      const c = await customer(a.auth);
      const base = `${API}/customers/${c.id}/contacts`;
      const before = await contactCount();
      const bad = await t.http
        .post(base)
        .set(a.auth)
        .send({ name: '', relation: 7, phone: 'abc', email: 'not-mail' })
        .expect(400);
      expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(
        new Set(['name', 'relation', 'phone', 'email']),
      );
      await t.http.post(base).set(a.auth).send({ name: 'x', customerId: 5 }).expect(400);
      await t.http.post(`${API}/customers/abc/contacts`).set(a.auth).send({ name: 'x' }).expect(400);
      expect(await contactCount()).toBe(before);

      const created = await t.http.post(base).set(a.auth).send({ name: '赵叔' }).expect(201);
      const nulls = await t.http
        .patch(`${base}/${created.body.id}`)
        .set(a.auth)
        .send({ version: 1, name: null, relation: null })
        .expect(400);
      expect(new Set(nulls.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['name', 'relation']));
      await t.http.patch(`${base}/${created.body.id}`).set(a.auth).send({ name: 'y' }).expect(400); // no version
    });

    it("follows the customer's scope: another consultant's, a deleted or a wrong customer's contact is 404", async () => {
      const c = await customer(a.auth);
      const base = `${API}/customers/${c.id}/contacts`;
      const contact = (await t.http.post(base).set(a.auth).send({ name: '钱姐' }).expect(201)).body;
      const before = await contactCount();
      await t.http.get(base).set(b.auth).expect(404);
      await t.http.get(`${base}/${contact.id}`).set(b.auth).expect(404);
      await t.http.post(base).set(b.auth).send({ name: '入侵' }).expect(404);
      await t.http.patch(`${base}/${contact.id}`).set(b.auth).send({ version: 1, name: 'x' }).expect(404);
      await t.http.delete(`${base}/${contact.id}`).set(b.auth).expect(404);
      expect(await contactCount()).toBe(before);
      await t.http.get(`${base}/${contact.id}`).set(manager.auth).expect(200);

      // a contact asked for under another customer does not exist there
      const second = await customer(a.auth);
      await t.http.get(`${API}/customers/${second.id}/contacts/${contact.id}`).set(a.auth).expect(404);
      await t.http
        .patch(`${API}/customers/${second.id}/contacts/${contact.id}`)
        .set(a.auth)
        .send({ version: 1, name: 'x' })
        .expect(404);
      await t.http.delete(`${API}/customers/${second.id}/contacts/${contact.id}`).set(a.auth).expect(404);

      await t.http.delete(`${API}/customers/${c.id}`).set(manager.auth).expect(204);
      await t.http.get(base).set(manager.auth).expect(404);
      await t.http.post(base).set(manager.auth).send({ name: 'x' }).expect(404);
      expect(await t.dataSource.getRepository(Contact).existsBy({ id: contact.id })).toBe(true); // kept
    });

    it('answers 401 without a token and 403 without the permission', async () => {
      const c = await customer(a.auth);
      const base = `${API}/customers/${c.id}/contacts`;
      await t.http.get(base).expect(401);
      await t.http.post(base).send({ name: 'x' }).expect(401);
      await t.http.patch(`${base}/1`).send({ version: 1 }).expect(401);
      await t.http.delete(`${base}/1`).expect(401);
      await t.http.get(base).set(teacher.auth).expect(403);
      // the service role reads every customer but may not write
      await t.http.get(base).set(service.auth).expect(200);
      const denied = await t.http.post(base).set(service.auth).send({ name: 'x' }).expect(403);
      expect(denied.body.detail).toBe('Requires permission customers.write');
    });
  });

  describe('tags', () => {
    it('manages the catalogue: create, list, read, rename; names are unique regardless of case', async () => {
      const vip = await tag('VIP客户');
      const list = await t.http.get(`${API}/tags?q=VIP`).set(a.auth).expect(200);
      expect(list.body.data.map((x: { id: number }) => x.id)).toEqual([vip.id]);
      await t.http.get(`${API}/tags/${vip.id}`).set(a.auth).expect(200);
      await t.http.get(`${API}/tags/99999`).set(a.auth).expect(404);

      const before = await tagCount();
      const dup = await t.http.post(`${API}/tags`).set(manager.auth).send({ name: ' vip客户 ' }).expect(409);
      expect(dup.body.errors).toEqual([{ field: 'name', message: 'is already taken' }]);
      const bad = await t.http.post(`${API}/tags`).set(manager.auth).send({ name: '' }).expect(400);
      expect(bad.body.errors[0].field).toBe('name');
      await t.http
        .post(`${API}/tags`)
        .set(manager.auth)
        .send({ name: 'x'.repeat(33) })
        .expect(400);
      expect(await tagCount()).toBe(before);

      const renamed = await t.http
        .patch(`${API}/tags/${vip.id}`)
        .set(manager.auth)
        .send({ name: 'vip客户' })
        .expect(200);
      expect(renamed.body.name).toBe('vip客户');
      const other = await tag('老学员');
      await t.http.patch(`${API}/tags/${other.id}`).set(manager.auth).send({ name: 'VIP客户' }).expect(409);
      const entries = await auditOf('tag', vip.id);
      expect(entries.map((e) => [e.action, e.actorId])).toEqual([
        ['create', manager.id],
        ['update', manager.id],
      ]);
    });

    it('answers 401 without a token and 403 without tags.manage or customers.read', async () => {
      await t.http.get(`${API}/tags`).expect(401);
      await t.http.post(`${API}/tags`).send({ name: 'x' }).expect(401);
      await t.http.get(`${API}/tags`).set(teacher.auth).expect(403);
      const before = await tagCount();
      const denied = await t.http.post(`${API}/tags`).set(a.auth).send({ name: '顾问标签' }).expect(403);
      expect(denied.body.detail).toBe('Requires permission tags.manage');
      const t1 = await tag('待删除');
      await t.http.patch(`${API}/tags/${t1.id}`).set(a.auth).send({ name: 'x' }).expect(403);
      await t.http.delete(`${API}/tags/${t1.id}`).set(a.auth).expect(403);
      expect(await tagCount()).toBe(before + 1);
    });

    it("adds and removes a customer's tags as audited edits that move the version", async () => {
      const [hot, night] = [await tag('热线索'), await tag('晚间')];
      const c = await customer(a.auth);
      const base = `${API}/customers/${c.id}/tags`;
      const added = await t.http
        .post(base)
        .set(a.auth)
        .send({ tagIds: [hot.id, night.id] })
        .expect(200);
      expect(added.body.version).toBe(2);
      expect(added.body.tags.map((x: { id: number }) => x.id).sort()).toEqual([hot.id, night.id].sort());
      const again = await t.http
        .post(base)
        .set(a.auth)
        .send({ tagIds: [hot.id] })
        .expect(200);
      expect(again.body.version).toBe(2); // nothing new, nothing written

      await t.http.delete(`${base}/${hot.id}`).set(a.auth).expect(204);
      const after = await t.http.get(`${API}/customers/${c.id}`).set(a.auth).expect(200);
      expect(after.body).toMatchObject({ version: 3, tags: [{ id: night.id, name: '晚间' }] });
      await t.http.delete(`${base}/${hot.id}`).set(a.auth).expect(204); // not on it: no change
      expect((await t.http.get(`${API}/customers/${c.id}`).set(a.auth)).body.version).toBe(3);
      await t.http.delete(`${base}/99999`).set(a.auth).expect(404);

      const entries = await auditOf('customer', c.id);
      expect(entries.map((e) => [e.action, e.actorId, e.changes?.tags])).toEqual([
        ['create', a.id, undefined],
        ['update', a.id, [[], [hot.id, night.id].sort((x, y) => x - y)]],
        ['update', a.id, [[hot.id, night.id].sort((x, y) => x - y), [night.id]]],
      ]);

      const bad = await t.http
        .post(base)
        .set(a.auth)
        .send({ tagIds: [99999] })
        .expect(400);
      expect(bad.body.errors).toEqual([{ field: 'tagIds', message: 'no tag with id 99999' }]);
      await t.http.post(base).set(a.auth).send({ tagIds: 'x' }).expect(400);
      await t.http.post(base).set(a.auth).send({}).expect(400);

      // scope and permission
      await t.http
        .post(base)
        .set(b.auth)
        .send({ tagIds: [hot.id] })
        .expect(404);
      await t.http.delete(`${base}/${night.id}`).set(b.auth).expect(404);
      await t.http
        .post(base)
        .set(service.auth)
        .send({ tagIds: [hot.id] })
        .expect(403);
      await t.http
        .post(base)
        .send({ tagIds: [hot.id] })
        .expect(401);
      const unchanged = await t.http.get(`${API}/customers/${c.id}`).set(a.auth).expect(200);
      expect(unchanged.body.version).toBe(3);
    });

    it('refuses to delete a tag a live customer has (409), and takes it off deleted customers as an audited edit', async () => {
      const used = await tag('在用');
      const live = await customer(a.auth, { tagIds: [used.id] });
      const gone = await customer(a.auth, { tagIds: [used.id] });
      const res = await t.http.delete(`${API}/tags/${used.id}`).set(manager.auth).expect(409);
      expect(res.body).toMatchObject({
        detail: 'Tag 在用 is on 2 customer(s); remove it from them first',
        customerCount: 2,
      });

      await t.http.delete(`${API}/customers/${gone.id}`).set(manager.auth).expect(204);
      const still = await t.http.delete(`${API}/tags/${used.id}`).set(manager.auth).expect(409);
      expect(still.body.customerCount).toBe(1);
      await t.http.delete(`${API}/customers/${live.id}/tags/${used.id}`).set(a.auth).expect(204);
      await t.http.delete(`${API}/tags/${used.id}`).set(manager.auth).expect(204);
      await t.http.get(`${API}/tags/${used.id}`).set(manager.auth).expect(404);

      const deleted = await t.dataSource
        .getRepository(Customer)
        .findOne({ where: { id: gone.id }, withDeleted: true, relations: { tags: true } });
      expect(deleted?.tags).toEqual([]);
      const last = (await auditOf('customer', gone.id)).at(-1);
      expect(last).toMatchObject({ action: 'update', actorId: manager.id, changes: { tags: [[used.id], []] } });
      expect((await auditOf('tag', used.id)).map((e) => e.action)).toEqual(['create', 'delete']);
      await t.http.delete(`${API}/tags/${used.id}`).set(manager.auth).expect(404);
    });
  });
});
