import { MoreThan } from 'typeorm';
import { AdminSession } from '../src/admin/session/admin-session.entity.js';
import { AdminSessionStore } from '../src/admin/session/admin-session.store.js';
import { adminSession, backOffice, startBackOfficeApp } from './support/back-office.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import type { TestApp } from './support/test-app.js';

const cookieOf = (res: { headers: Record<string, unknown> }) => [res.headers['set-cookie'] ?? []].flat()[0] as string;
const sid = (cookie: string) => decodeURIComponent(cookie.split(';')[0].split('=')[1]).slice(2).split('.')[0];

describe('back office: sign-in and sessions', () => {
  let t: TestApp;
  let admin: Auth;
  const sessions = () => t.dataSource.getRepository(AdminSession);

  beforeAll(async () => {
    t = await startBackOfficeApp();
    admin = await adminAuth(t);
  });
  afterAll(() => t.close());

  it('shows the sign-in page and sends everyone else there', async () => {
    const page = await t.http.get('/admin/login').expect(200);
    expect(page.text).toContain('EasyCRM');
    expect(page.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    await t.http.get('/admin').expect(302).expect('Location', '/admin/login');
    await t.http.get('/admin/api/resources/Customer/actions/list').expect(302).expect('Location', '/admin/login');
    // the API keeps its strict policy
    const api = await t.http.get('/api/v1/codes').expect(200);
    expect(api.headers['content-security-policy']).toContain("script-src 'self';");
  });

  it('signs in with the API password check into a session kept in the database, with a safe cookie', async () => {
    const res = await t.http.post('/admin/login').type('form').send({ email: 'admin', password: 'Admin#Pass2026' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin');
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^easycrm\.admin=/);
    expect(cookie).toMatch(/; Path=\/admin/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/; Secure/);
    const stored = await sessions().findOneByOrFail({ sid: sid(cookie) });
    expect(JSON.parse(stored.data).adminUser).toMatchObject({ email: 'admin', roles: ['admin'] });
    expect(stored.expiresAt.getTime()).toBeGreaterThan(Date.now() + 11 * 3600 * 1000);
    const client = backOffice(t, cookie.split(';')[0]);
    expect((await client.page('/admin').expect(200)).text).toContain('REDUX_STATE'); // the dashboard
    expect((await client.page('/admin/resources/Customer').expect(200)).text).toContain('REDUX_STATE');
  });

  it('gives a new session id at sign-in and drops the old one', async () => {
    const first = await adminSession(t);
    const again = await t.http
      .post('/admin/login')
      .set('Cookie', first)
      .type('form')
      .send({ email: 'admin', password: 'Admin#Pass2026' })
      .expect(302);
    const second = cookieOf(again).split(';')[0];
    expect(sid(second)).not.toBe(sid(first));
    expect(await sessions().existsBy({ sid: sid(first) })).toBe(false);
    await backOffice(t, first).page('/admin/resources/Customer').expect(302).expect('Location', '/admin/login');
    await backOffice(t, second).page('/admin/resources/Customer').expect(200);
  });

  it('refuses a wrong password without a session, then throttles like the API', async () => {
    await staffWithRole(t, admin, 'bo_throttled', 'consultant');
    const before = await sessions().count();
    const wrong = await t.http.post('/admin/login').type('form').send({ email: 'bo_throttled', password: 'nope' });
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain('invalidCredentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    for (let i = 0; i < 4; i++) {
      await t.http.post('/api/v1/auth/login').send({ username: 'bo_throttled', password: 'nope' }).expect(401);
    }
    const throttled = await t.http
      .post('/admin/login')
      .type('form')
      .send({ email: 'bo_throttled', password: 'bo_throttled#Pass2026' });
    expect(throttled.status).toBe(400);
    expect(throttled.text).toContain('Too many failed sign-in attempts');
    expect(await sessions().count()).toBe(before);
  });

  it('refuses a disabled account at sign-in and signs it out on its next request', async () => {
    const staff = await staffWithRole(t, admin, 'bo_leaver', 'consultant');
    const cookie = await adminSession(t, 'bo_leaver', 'bo_leaver#Pass2026');
    const client = backOffice(t, cookie);
    await client.list('Customer').expect(200);
    const { body } = await t.http.get(`/api/v1/staff/${staff.id}`).set(admin).expect(200);
    await t.http
      .patch(`/api/v1/staff/${staff.id}`)
      .set(admin)
      .send({ version: body.version, isActive: false })
      .expect(200);

    await client.list('Customer').expect(302).expect('Location', '/admin/login');
    expect(await sessions().existsBy({ sid: sid(cookie) })).toBe(false);
    const refused = await t.http
      .post('/admin/login')
      .type('form')
      .send({ email: 'bo_leaver', password: 'bo_leaver#Pass2026' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('This account is disabled');
  });

  it('signs out, and prunes expired sessions', async () => {
    const cookie = await adminSession(t);
    await backOffice(t, cookie).page('/admin/logout').expect(302).expect('Location', '/admin/login');
    expect(await sessions().existsBy({ sid: sid(cookie) })).toBe(false);

    await sessions().insert({ sid: 'expired-session', data: '{}', expiresAt: new Date(Date.now() - 1000) });
    await backOffice(t, `easycrm.admin=s%3Aexpired-session.x`)
      .page('/admin')
      .expect(302)
      .expect('Location', '/admin/login');
    expect(await t.app.get(AdminSessionStore).prune()).toBeGreaterThanOrEqual(1);
    expect(await sessions().existsBy({ sid: 'expired-session' })).toBe(false);
    expect(await sessions().countBy({ expiresAt: MoreThan(new Date()) })).toBeGreaterThan(0);
  });
});

describe('back office behind https', () => {
  it('marks the session cookie Secure when ADMIN_COOKIE_SECURE=true', async () => {
    const t = await startBackOfficeApp({ ADMIN_COOKIE_SECURE: 'true', TRUST_PROXY: '1' });
    try {
      const res = await t.http
        .post('/admin/login')
        .set('X-Forwarded-Proto', 'https')
        .type('form')
        .send({ email: 'admin', password: 'Admin#Pass2026' })
        .expect(302);
      expect(cookieOf(res)).toMatch(/; Secure/);
    } finally {
      await t.close();
    }
  });
});
