import { startBackOfficeApp } from './support/back-office.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import type { TestApp } from './support/test-app.js';

/**
 * The security promises of docs/security.md that no feature test already checks: response headers, CORS,
 * throttling per client address across both sign-in faces, and the password rules on every way a password is set.
 */
describe('security: headers, CORS, throttling per address, password rules', () => {
  let t: TestApp;
  let admin: Auth;

  beforeAll(async () => {
    t = await startBackOfficeApp({
      CORS_ORIGINS: 'https://crm.school.cn',
      LOGIN_LIMIT_PER_IP: '4',
      LOGIN_LIMIT_PER_ACCOUNT: '100',
    });
    admin = await adminAuth(t);
  });
  afterAll(() => t.close());

  it('sends strict security headers on the API, and never lets an API answer be cached', async () => {
    const res = await t.http.get('/api/v1/customers').set(admin).expect(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // errors too
    const denied = await t.http.get('/api/v1/customers').expect(401);
    expect(denied.headers['cache-control']).toBe('no-store');
    expect(denied.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends the back office its own policy, still without plugins, framing by others or eval', async () => {
    const res = await t.http.get('/admin/login').expect(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers cross-origin requests only for the allow-listed origin, never with a wildcard', async () => {
    const preflight = (origin: string) =>
      t.http
        .options('/api/v1/customers')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
    const allowed = await preflight('https://crm.school.cn');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://crm.school.cn');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    expect(allowed.headers.vary).toMatch(/Origin/);
    const simpleAllowed = await t.http.get('/api/v1/customers').set(admin).set('Origin', 'https://crm.school.cn');
    expect(simpleAllowed.headers['access-control-expose-headers']).toContain('Idempotent-Replayed');
    for (const origin of ['https://evil.example', 'https://crm.school.cn.evil.example', 'null']) {
      const refused = await preflight(origin);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      expect(refused.headers['access-control-allow-credentials']).toBeUndefined();
    }
    const simple = await t.http.get('/api/v1/customers').set(admin).set('Origin', 'https://evil.example');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('applies the password rules wherever a password is set: creation, reset and change', async () => {
    const created = await t.http
      .post('/api/v1/staff')
      .set(admin)
      .send({ username: 'common', name: 'Common', password: 'P@ssw0rd', roleIds: [] })
      .expect(400);
    expect(created.body.errors).toEqual([
      { field: 'password', message: 'is too common; choose one that is hard to guess' },
    ]);
    const staff = await staffWithRole(t, admin, 'rules', 'consultant');
    const reset = await t.http.post(`/api/v1/staff/${staff.id}/password`).set(admin).send({ password: 'Password1' });
    expect(reset.status).toBe(400);
    expect(reset.body.errors).toEqual([
      { field: 'password', message: 'is too common; choose one that is hard to guess' },
    ]);
    const changed = await t.http
      .post('/api/v1/auth/password')
      .set(staff.auth)
      .send({ currentPassword: 'rules#Pass2026', newPassword: 'qwerty123' });
    expect(changed.status).toBe(400);
    expect(changed.body.errors).toEqual([
      { field: 'newPassword', message: 'is too common; choose one that is hard to guess' },
    ]);
  });

  it('throttles one address guessing across accounts, on the API and the back office together', async () => {
    const names = ['ip_a', 'ip_b', 'ip_c'];
    for (const name of names) await staffWithRole(t, admin, name, 'consultant');
    // the accounts above signed in once each: successes do not count; now 4 failures over three accounts
    for (const name of [...names, 'nobody_at_all']) {
      await t.http.post('/api/v1/auth/login').send({ username: name, password: 'Wrong#Guess1' }).expect(401);
    }
    const api = await t.http.post('/api/v1/auth/login').send({ username: 'ip_a', password: 'ip_a#Pass2026' });
    expect(api.status).toBe(429);
    expect(Number(api.headers['retry-after'])).toBeGreaterThan(0);
    const backOffice = await t.http
      .post('/admin/login')
      .type('form')
      .send({ email: 'ip_b', password: 'ip_b#Pass2026' });
    expect(backOffice.headers['set-cookie']).toBeUndefined();
    expect(backOffice.text).toContain('Too many failed sign-in attempts');
  });
});
