import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { Staff } from '../src/auth/entities/staff.entity.js';
import { Role } from '../src/auth/entities/role.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('staff and role management', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let consultantRoleId: number;

  beforeAll(async () => {
    t = await startTestApp();
    auth = { Authorization: `Bearer ${await t.login()}` };
    const roles = await t.http.get('/api/v1/roles?pageSize=100').set(auth).expect(200);
    consultantRoleId = roles.body.data.find((r: { code: string }) => r.code === 'consultant').id;
  });
  afterAll(() => t.close());

  const staffCount = () => t.dataSource.getRepository(Staff).count();

  it('creates, reads, lists, updates and deletes a staff account, with audit entries', async () => {
    const created = await t.http
      .post('/api/v1/staff')
      .set(auth)
      .send({
        username: 'lina',
        name: '李娜',
        email: 'lina@school.cn',
        password: 'Lina#2026pass',
        roleIds: [consultantRoleId],
      })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'lina', name: '李娜', isActive: true, version: 1 });
    expect(created.body.roles).toEqual([expect.objectContaining({ code: 'consultant' })]);
    expect(created.body).not.toHaveProperty('passwordHash');

    const id = created.body.id;
    await t.http.get(`/api/v1/staff/${id}`).set(auth).expect(200);
    const list = await t.http.get('/api/v1/staff?q=li&role=consultant&sort=-createdAt').set(auth).expect(200);
    expect(list.body.meta).toEqual({ page: 1, pageSize: 20, total: 1, totalCapped: false, next: null });
    expect(list.body.data[0].username).toBe('lina');

    const updated = await t.http
      .patch(`/api/v1/staff/${id}`)
      .set(auth)
      .send({ version: 1, name: '李娜娜', roleIds: [] })
      .expect(200);
    expect(updated.body).toMatchObject({ name: '李娜娜', version: 2, roles: [] });

    const entries = await t.dataSource
      .getRepository(AuditLog)
      .find({ where: { entity: 'staff', entityId: String(id) }, order: { id: 'ASC' } });
    expect(entries.map((e) => e.action)).toEqual(['create', 'update']);
    expect(entries[0].actorId).toBe(1);
    expect(entries[0].changes?.passwordHash).toEqual([null, '***']);
    expect(entries[1].changes).toMatchObject({ name: ['李娜', '李娜娜'], roles: [[consultantRoleId], []] });
    expect(entries[1].requestId).toBeTruthy();

    // a change of roles alone is an edit too: new version, audited
    const rolesOnly = await t.http
      .patch(`/api/v1/staff/${id}`)
      .set(auth)
      .send({ version: 2, roleIds: [consultantRoleId] })
      .expect(200);
    expect(rolesOnly.body.version).toBe(3);
    const last = await t.dataSource
      .getRepository(AuditLog)
      .findOne({ where: { entity: 'staff', entityId: String(id) }, order: { id: 'DESC' } });
    expect(last?.changes).toEqual({ roles: [[], [consultantRoleId]] });

    await t.http.delete(`/api/v1/staff/${id}`).set(auth).expect(204);
    await t.http.get(`/api/v1/staff/${id}`).set(auth).expect(404);
    const deleted = await t.dataSource
      .getRepository(AuditLog)
      .findOneBy({ entity: 'staff', entityId: String(id), action: 'delete' });
    expect(deleted).not.toBeNull();
  });

  it('refuses an unknown field with 400 naming it, and stores nothing', async () => {
    const before = await staffCount();
    const res = await t.http
      .post('/api/v1/staff')
      .set(auth)
      .send({ username: 'ghost', name: 'Ghost', password: 'Ghost#2026', roleIds: [], isAdmin: true })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'isAdmin', message: 'property isAdmin should not exist' }]);
    expect(await staffCount()).toBe(before);
  });

  it('refuses bad input with a field error for each field, and stores nothing', async () => {
    const before = await staffCount();
    const res = await t.http
      .post('/api/v1/staff')
      .set(auth)
      .send({ username: 'a b', name: '', email: 'not-an-email', password: 7, roleIds: 'admin' })
      .expect(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(new Set(fields)).toEqual(new Set(['username', 'name', 'email', 'password', 'roleIds']));
    expect(res.body.detail).toContain('username');

    const weak = await t.http
      .post('/api/v1/staff')
      .set(auth)
      .send({ username: 'weak', name: 'Weak', password: '12345678', roleIds: [] })
      .expect(400);
    expect(weak.body.errors).toEqual([{ field: 'password', message: 'must not be all digits' }]);
    const sameAsName = await t.http
      .post('/api/v1/staff')
      .set(auth)
      .send({ username: 'samename', name: 'S', password: 'SameName', roleIds: [] })
      .expect(400);
    expect(sameAsName.body.errors).toEqual([{ field: 'password', message: 'must not be the username' }]);
    const noRole = await t.http
      .post('/api/v1/staff')
      .set(auth)
      .send({ username: 'norole', name: 'N', password: 'NoRole#2026', roleIds: [999] })
      .expect(400);
    expect(noRole.body.errors).toEqual([{ field: 'roleIds', message: 'no role with id 999' }]);
    expect(await staffCount()).toBe(before);
  });

  it('refuses text that is not well-formed Unicode with 400 naming the field', async () => {
    const before = await staffCount();
    const res = await t.http
      .post('/api/v1/staff')
      .set(auth)
      .send({ username: 'broken', name: 'Broken', email: '\u0000\ud800', password: 'Broken#2026', roleIds: [] })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'email', message: 'must be well-formed Unicode text' }]);
    await t.http
      .get('/api/v1/staff?q=%ED%A0%80')
      .set(auth)
      .expect((r) => expect(r.status).toBeLessThan(500));
    expect(await staffCount()).toBe(before);
  });

  it('refuses a duplicate username with 409 naming the field', async () => {
    const res = await t.http
      .post('/api/v1/staff')
      .set(auth)
      .send({ username: 'admin', name: 'Twin', password: 'Twin#2026pw', roleIds: [] })
      .expect(409);
    expect(res.body.errors).toEqual([{ field: 'username', message: 'is already taken' }]);
  });

  it('refuses an update with a stale version with 409 and changes nothing', async () => {
    const created = await t.http
      .post('/api/v1/staff')
      .set(auth)
      .send({ username: 'wang', name: '王强', password: 'Wang#2026pw', roleIds: [] })
      .expect(201);
    await t.http.patch(`/api/v1/staff/${created.body.id}`).set(auth).send({ version: 1, name: '王强强' }).expect(200);
    const stale = await t.http
      .patch(`/api/v1/staff/${created.body.id}`)
      .set(auth)
      .send({ version: 1, name: '王小强' })
      .expect(409);
    expect(stale.body.currentVersion).toBe(2);
    const nullName = await t.http
      .patch(`/api/v1/staff/${created.body.id}`)
      .set(auth)
      .send({ version: 2, name: null })
      .expect(400);
    expect(nullName.body.errors[0].field).toBe('name');
    const now = await t.http.get(`/api/v1/staff/${created.body.id}`).set(auth).expect(200);
    expect(now.body.name).toBe('王强强');
  });

  it('resets a password (the old one stops working) and refuses to disable or delete oneself', async () => {
    const created = await t.http
      .post('/api/v1/staff')
      .set(auth)
      .send({ username: 'zhao', name: '赵敏', password: 'Zhao#2026pw', roleIds: [] })
      .expect(201);
    await t.http
      .post(`/api/v1/staff/${created.body.id}/password`)
      .set(auth)
      .send({ password: 'Reset#2026pw' })
      .expect(204);
    await t.http.post('/api/v1/auth/login').send({ username: 'zhao', password: 'Zhao#2026pw' }).expect(401);
    const token = await t.login('zhao', 'Reset#2026pw');
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.mustChangePassword).toBe(true);

    await t.http.patch('/api/v1/staff/1').set(auth).send({ version: 1, isActive: false }).expect(409);
    await t.http.delete('/api/v1/staff/1').set(auth).expect(409);
    await t.http.get('/api/v1/staff/abc').set(auth).expect(400);
    await t.http.get('/api/v1/staff/999999').set(auth).expect(404);
  });

  it('paginates and refuses an unknown sort field or an oversized page', async () => {
    const page = await t.http.get('/api/v1/staff?page=1&pageSize=2&sort=username').set(auth).expect(200);
    expect(page.body.data).toHaveLength(2);
    expect(page.body.meta.total).toBeGreaterThanOrEqual(3);
    const badSort = await t.http.get('/api/v1/staff?sort=passwordHash').set(auth).expect(400);
    expect(badSort.body.errors[0]).toMatchObject({ field: 'sort' });
    const big = await t.http.get('/api/v1/staff?pageSize=1000').set(auth).expect(400);
    expect(big.body.errors[0].field).toBe('pageSize');
    await t.http.get('/api/v1/staff?isActive=maybe').set(auth).expect(400);
    await t.http
      .get('/api/v1/staff?q=%25')
      .set(auth)
      .expect(200)
      .expect((res) => expect(res.body.data).toEqual([]));
  });

  it('manages roles: create with permissions and menus, update, delete; built-in roles stay', async () => {
    const menus = (await t.http.get('/api/v1/menus').set(auth).expect(200)).body;
    const permissions = (await t.http.get('/api/v1/permissions').set(auth).expect(200)).body;
    expect(permissions).toEqual(expect.arrayContaining([{ code: 'reports.read', en: 'Read reports', zh: '查看报表' }]));

    const created = await t.http
      .post('/api/v1/roles')
      .set(auth)
      .send({
        code: 'auditor',
        name: 'Auditor 审计',
        permissions: ['audit.read', 'reports.read'],
        menuIds: [menus[0].id],
      })
      .expect(201);
    expect(created.body).toMatchObject({
      code: 'auditor',
      builtIn: false,
      permissions: ['audit.read', 'reports.read'],
    });
    const updated = await t.http
      .patch(`/api/v1/roles/${created.body.id}`)
      .set(auth)
      .send({ version: created.body.version, permissions: ['audit.read'], menuIds: [] })
      .expect(200);
    expect(updated.body).toMatchObject({ permissions: ['audit.read'], menus: [] });

    const bad = await t.http
      .post('/api/v1/roles')
      .set(auth)
      .send({ code: 'x1', name: 'X', permissions: ['everything'], menuIds: [] })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('permissions');
    await t.http
      .post('/api/v1/roles')
      .set(auth)
      .send({ code: 'auditor', name: 'Other', permissions: [], menuIds: [] })
      .expect(409);

    await t.http.delete(`/api/v1/roles/${created.body.id}`).set(auth).expect(204);
    const builtIn = await t.dataSource.getRepository(Role).findOneByOrFail({ code: 'teacher' });
    await t.http.delete(`/api/v1/roles/${builtIn.id}`).set(auth).expect(409);
    const adminRole = await t.dataSource.getRepository(Role).findOneByOrFail({ code: 'admin' });
    await t.http
      .patch(`/api/v1/roles/${adminRole.id}`)
      .set(auth)
      .send({ version: adminRole.version, permissions: [] })
      .expect(409);
  });

  it('refuses to delete a role someone holds', async () => {
    const role = await t.http
      .post('/api/v1/roles')
      .set(auth)
      .send({ code: 'held', name: 'Held', permissions: [], menuIds: [] })
      .expect(201);
    await t.http
      .post('/api/v1/staff')
      .set(auth)
      .send({ username: 'holder', name: 'Holder', password: 'Holder#2026', roleIds: [role.body.id] })
      .expect(201);
    const res = await t.http.delete(`/api/v1/roles/${role.body.id}`).set(auth).expect(409);
    expect(res.body.detail).toMatch(/hold role held/);
  });
});
