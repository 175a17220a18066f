import { randomBytes } from 'node:crypto';
import { adminSession, backOffice, startBackOfficeApp } from './support/back-office.js';
import { staffWithRole } from './support/fixtures.js';
import { ADMIN_PASSWORD, createTestDatabase, type TestApp, type TestDatabase } from './support/test-app.js';

/**
 * Two instances of the service on one database, as behind a load balancer: nothing a client holds is tied to
 * the instance that gave it — tokens, refresh tokens, back-office sessions — and the sign-in throttle counts the
 * failures both saw.
 */
describe('two instances on one database', () => {
  let db: TestDatabase;
  let one: TestApp;
  let two: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    const shared = {
      JWT_SECRET: randomBytes(32).toString('base64'),
      ADMIN_SESSION_SECRET: randomBytes(32).toString('base64'),
      LOGIN_LIMIT_PER_ACCOUNT: '3',
    };
    one = await startBackOfficeApp(shared, { database: db });
    two = await startBackOfficeApp(shared, { database: db });
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await db.drop();
  });

  const login = (t: TestApp, username = 'admin', password = ADMIN_PASSWORD) =>
    t.http.post('/api/v1/auth/login').send({ username, password });
  const me = (t: TestApp, token: string) => t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  it('takes the access token one gave on the other, refreshes there, and logs out everywhere at once', async () => {
    const tokens = (await login(one).expect(200)).body;
    await me(two, tokens.accessToken).expect(200);
    const rotated = (
      await two.http.post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(200)
    ).body;
    // the first refresh token again, on the first instance: reuse, the whole sign-in is revoked on both
    await one.http.post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
    await me(two, rotated.accessToken).expect(401);

    const again = (await login(two).expect(200)).body;
    await one.http
      .post('/api/v1/auth/logout')
      .set('Authorization', `Bearer ${again.accessToken}`)
      .send({ refreshToken: again.refreshToken })
      .expect(204);
    await me(two, again.accessToken).expect(401);
  });

  it('keeps a back-office session opened on one valid on the other, and signs it out on both', async () => {
    const cookie = await adminSession(one);
    await backOffice(two, cookie).list('Customer').expect(200);
    await backOffice(two, cookie).page('/admin/logout').expect(302);
    await backOffice(one, cookie).list('Customer').expect(302).expect('Location', '/admin/login');
  });

  it('stops a disabled account on both at once', async () => {
    const admin = { Authorization: `Bearer ${(await login(one).expect(200)).body.accessToken}` };
    const staff = await staffWithRole(one, admin, 'leaver', 'consultant');
    const cookie = await adminSession(two, 'leaver', 'leaver#Pass2026');
    const { body } = await one.http.get(`/api/v1/staff/${staff.id}`).set(admin).expect(200);
    await one.http
      .patch(`/api/v1/staff/${staff.id}`)
      .set(admin)
      .send({ version: body.version, isActive: false })
      .expect(200);
    await two.http.get('/api/v1/customers').set(staff.auth).expect(401);
    await backOffice(two, cookie).list('Customer').expect(302);
  });

  it('throttles sign-in on the failures both instances saw, on the API and the back office', async () => {
    const admin = { Authorization: `Bearer ${(await login(two).expect(200)).body.accessToken}` };
    await staffWithRole(two, admin, 'guessed', 'consultant');
    await login(one, 'guessed', 'Wrong#Guess1').expect(401);
    await login(two, 'guessed', 'Wrong#Guess1').expect(401);
    await login(one, 'guessed', 'Wrong#Guess1').expect(401);
    // three failures in all, two on one instance: the right password is refused on both
    await login(two, 'guessed', 'guessed#Pass2026').expect(429);
    await login(one, 'guessed', 'guessed#Pass2026').expect(429);
    const form = await two.http
      .post('/admin/login')
      .type('form')
      .send({ email: 'guessed', password: 'guessed#Pass2026' });
    expect(form.text).toContain('Too many failed sign-in attempts');
  });
});
