import { Role } from '../src/auth/entities/role.entity.js';
import { Staff } from '../src/auth/entities/staff.entity.js';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { adminSession, backOffice, startBackOfficeApp, type BackOfficeClient } from './support/back-office.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import type { TestApp } from './support/test-app.js';

describe('back office: staff accounts and follow-ups', () => {
  let t: TestApp;
  let admin: Auth;
  let bo: BackOfficeClient;
  let adminId: number;

  const staffRow = (username: string) =>
    t.dataSource
      .getRepository(Staff)
      .createQueryBuilder('s')
      .addSelect('s.passwordHash')
      .where({ username })
      .getOneOrFail();

  beforeAll(async () => {
    t = await startBackOfficeApp();
    admin = await adminAuth(t);
    bo = backOffice(t, await adminSession(t));
    adminId = (await staffRow('admin')).id;
  });
  afterAll(() => t.close());

  it('creates an account with a first password (never shown), edits, disables and enables it', async () => {
    const consultant = await t.dataSource.getRepository(Role).findOneByOrFail({ code: 'consultant' });
    const weak = await bo.create('Staff', {
      username: 'bo_new',
      name: '新员工',
      password: '12345678',
      'roleIds.0': String(consultant.id),
    });
    expect(weak.body.record.errors.password).toBeDefined();
    const created = await bo
      .create('Staff', {
        username: 'bo_new',
        name: '新员工',
        password: 'First#Pass2026',
        'roleIds.0': String(consultant.id),
      })
      .expect(200);
    expect(created.body.notice.type).toBe('success');
    const id = created.body.record.params.id;
    expect(created.body.record.params).toMatchObject({
      username: 'bo_new',
      'roleIds.0': consultant.id,
      isActive: true,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/passwordHash|First#Pass2026/);
    await t.login('bo_new', 'First#Pass2026');

    const shown = await bo.record('Staff', id).expect(200);
    expect(Object.keys(shown.body.record.params)).not.toContain('password');
    const edited = await bo
      .edit('Staff', id, { ...shown.body.record.params, name: '改名', username: 'hijacked' })
      .expect(200);
    expect(edited.body.record.params).toMatchObject({ name: '改名', username: 'bo_new' }); // the username never changes

    const disabled = await bo.act('Staff', id, 'disable');
    expect(disabled.body.notice).toMatchObject({ type: 'success', message: 'staffDisabled' });
    expect((await staffRow('bo_new')).isActive).toBe(false);
    await t.http.post('/api/v1/auth/login').send({ username: 'bo_new', password: 'First#Pass2026' }).expect(403);
    await bo.act('Staff', id, 'enable');
    expect((await staffRow('bo_new')).isActive).toBe(true);
    const self = await bo.act('Staff', adminId, 'disable');
    expect(self.body.notice).toMatchObject({ type: 'error', message: 'You cannot disable your own account' });
  });

  it('resets a password through the API rules; the old one stops working', async () => {
    const { id } = await staffWithRole(t, admin, 'bo_reset', 'teacher');
    const form = await bo.record('StaffPassword', id, 'edit').expect(200);
    expect(form.body.record.params).toMatchObject({ username: 'bo_reset', mustChangePassword: true });
    const weak = await bo.edit('StaffPassword', id, { password: 'bo_reset' }).expect(200);
    expect(weak.body.record.errors.password).toBeDefined();
    const reset = await bo
      .edit('StaffPassword', id, { password: 'Reset#Pass2026', mustChangePassword: 'true' })
      .expect(200);
    expect(reset.body.notice.type).toBe('success');
    expect(reset.body.redirectUrl).toBe(`/admin/resources/Staff/records/${id}/show`);
    await t.http.post('/api/v1/auth/login').send({ username: 'bo_reset', password: 'bo_reset#Pass2026' }).expect(401);
    await t.login('bo_reset', 'Reset#Pass2026');
    expect((await staffRow('bo_reset')).mustChangePassword).toBe(true);
    const audit = await t.dataSource
      .getRepository(AuditLog)
      .findOneByOrFail({ entity: 'staff', entityId: String(id), action: 'update' });
    expect(audit).toMatchObject({
      actorId: adminId,
      changes: { passwordHash: ['***', '***'] },
    });
  });

  it("records a follow-up on a consultant's own customer and keeps the customer's latest intention", async () => {
    const a = await staffWithRole(t, admin, 'bo_fa', 'consultant');
    const b = await staffWithRole(t, admin, 'bo_fb', 'consultant');
    const mine = (await t.http.post('/api/v1/customers').set(a.auth).send({ qq: '930000001', source: 1 }).expect(201))
      .body;
    const theirs = (await t.http.post('/api/v1/customers').set(b.auth).send({ qq: '930000002', source: 1 }).expect(201))
      .body;
    const client = backOffice(t, await adminSession(t, 'bo_fa', 'bo_fa#Pass2026'));
    const created = await client
      .create('FollowUp', { customerId: String(mine.id), intention: 'withinTwoWeeks', content: '电话沟通，下周试听' })
      .expect(200);
    expect(created.body.notice.type).toBe('success');
    expect(created.body.record.params).toMatchObject({
      customerId: mine.id,
      consultantId: a.id,
      intention: 'withinTwoWeeks',
    });
    expect(await t.dataSource.getRepository(Customer).findOneByOrFail({ id: mine.id })).toMatchObject({
      latestIntention: 0,
    });
    const listed = await client.list('FollowUp', { 'filters.customerId': mine.id }).expect(200);
    expect(listed.body.records[0].populated.customerId.title).toBe(mine.number);

    const foreign = await client.create('FollowUp', {
      customerId: String(theirs.id),
      intention: 'noPlan',
      content: 'x',
    });
    expect(foreign.body.notice.type).toBe('error');
    const missing = await client.create('FollowUp', { intention: 'noPlan', content: 'x' });
    expect(missing.body.record.errors.customerId.message).toBe('customerId must be chosen');
  });
});
