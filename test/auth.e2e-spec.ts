import { JwtService } from '@nestjs/jwt';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

describe('auth: login, refresh, logout, me', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_LIMIT_PER_ACCOUNT: '3', LOGIN_LIMIT_PER_IP: '1000' });
  });
  afterAll(() => t.close());

  it('signs in the first admin and answers /auth/me with roles, permissions and menus', async () => {
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(login.body.accessToken.split('.')).toHaveLength(3);
    expect(login.body.refreshToken).toMatch(/^[\w-]{43}$/);

    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ username: 'admin', mustChangePassword: false });
    expect(me.body.roles.map((r: { code: string }) => r.code)).toEqual(['admin']);
    expect(me.body.permissions).toEqual(expect.arrayContaining(['staff.manage', 'customers.read_all', 'reports.read']));
    expect(me.body.menus.map((m: { urlName: string }) => m.urlName)).toContain('customers');
    expect(me.body).not.toHaveProperty('passwordHash');
  });

  it('refuses a wrong password with 401 in the problem shape, without saying which part was wrong', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: 'wrong-password' })
      .expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized', detail: 'Wrong username or password' });
    const unknown = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'nobody', password: 'wrong-password' })
      .expect(401);
    expect(unknown.body.detail).toBe(res.body.detail);
  });

  it('refuses bad login input with 400 naming the fields', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ username: 'admin', extra: 1 }).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'password' }),
        { field: 'extra', message: 'property extra should not exist' },
      ]),
    );
  });

  it('rotates refresh tokens; a reused refresh token revokes its whole family', async () => {
    const first = (await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD })).body;
    const second = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${second.body.accessToken}`).expect(200);

    // the first token again: reuse → 401, and the token rotated from it dies too
    const reuse = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    expect(reuse.body.detail).toMatch(/already used/);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401);
    // the access tokens of the revoked sign-in stop too
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${second.body.accessToken}`).expect(401);
  });

  it('logout revokes the refresh token and the access tokens of that sign-in, not of others', async () => {
    const login = () => t.http.post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD });
    const tokens = (await login()).body;
    const other = (await login()).body;
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`).expect(200);
    await t.http
      .post('/api/v1/auth/logout')
      .set('Authorization', `Bearer ${tokens.accessToken}`)
      .send({ refreshToken: tokens.refreshToken })
      .expect(204);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: 'made-up' }).expect(401);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`).expect(401);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${other.accessToken}`).expect(200);
  });

  it('refuses an expired access token, one without a sign-in, and unsigned or differently signed ones', async () => {
    const jwt = t.app.get(JwtService);
    const live = (await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD })).body;
    const claims = JSON.parse(Buffer.from(live.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(900); // ACCESS_TOKEN_TTL's default, 15 minutes
    const now = Math.floor(Date.now() / 1000);
    const signed = (payload: object) => jwt.sign(payload);
    const me = (token: string) => t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

    expect((await me(signed({ sub: claims.sub, sid: claims.sid, exp: now + 60 }))).status).toBe(200); // the control
    expect((await me(signed({ sub: claims.sub, sid: claims.sid, exp: now - 1 }))).status).toBe(401);
    expect((await me(signed({ sub: claims.sub, exp: now + 60 }))).status).toBe(401);
    expect((await me(signed({ sub: claims.sub, sid: 'not-a-sign-in', exp: now + 60 }))).status).toBe(401);
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: claims.sub, sid: claims.sid, exp: now + 60 })}.`;
    expect((await me(unsigned)).status).toBe(401);
    const otherKey = new JwtService({ secret: 'another-secret-of-at-least-32-characters!' });
    expect((await me(otherKey.sign({ sub: claims.sub, sid: claims.sid }))).status).toBe(401);
  });

  it('answers 401 without a token, with a forged token and with a malformed header', async () => {
    await t.http.get('/api/v1/auth/me').expect(401);
    const token = await t.login();
    const [header, payload] = token.split('.');
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${header}.${payload}.forgedsignature`).expect(401);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Basic ${token}`).expect(401);
  });

  it('throttles failed sign-ins per account with 429 and Retry-After', async () => {
    const admin = await t.login();
    await t.http
      .post('/api/v1/staff')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'throttled', name: 'Throttled', password: 'Right#Pass1', roleIds: [] })
      .expect(201);
    for (let i = 0; i < 3; i++) {
      await t.http.post('/api/v1/auth/login').send({ username: 'throttled', password: 'Wrong#Pass1' }).expect(401);
    }
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'throttled', password: 'Right#Pass1' })
      .expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.status).toBe(429);
    // other accounts are not affected
    await t.login();
  });

  it('a disabled account cannot sign in and its tokens stop working', async () => {
    const admin = await t.login();
    const created = await t.http
      .post('/api/v1/staff')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'leaver', name: '离职员工', password: 'Leaver#Pass1', roleIds: [] })
      .expect(201);
    const tokens = (
      await t.http.post('/api/v1/auth/login').send({ username: 'leaver', password: 'Leaver#Pass1' }).expect(200)
    ).body;
    await t.http
      .patch(`/api/v1/staff/${created.body.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ version: created.body.version, isActive: false })
      .expect(200);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'leaver', password: 'Leaver#Pass1' })
      .expect(403);
    expect(login.body.detail).toBe('This account is disabled');
  });

  it('changes the own password after checking the current one and the rules', async () => {
    const admin = await t.login();
    await t.http
      .post('/api/v1/staff')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'changer', name: 'Changer', password: 'Changer#Pass1', roleIds: [] })
      .expect(201);
    const token = await t.login('changer', 'Changer#Pass1');
    const auth = { Authorization: `Bearer ${token}` };
    const wrong = await t.http
      .post('/api/v1/auth/password')
      .set(auth)
      .send({ currentPassword: 'nope-nope', newPassword: 'New#Pass2026' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: 'is wrong' }]);
    const digits = await t.http
      .post('/api/v1/auth/password')
      .set(auth)
      .send({ currentPassword: 'Changer#Pass1', newPassword: '1234567890' });
    expect(digits.body.errors).toEqual([{ field: 'newPassword', message: 'must not be all digits' }]);
    await t.http
      .post('/api/v1/auth/password')
      .set(auth)
      .send({ currentPassword: 'Changer#Pass1', newPassword: 'New#Pass2026' })
      .expect(204);
    await t.login('changer', 'New#Pass2026');
  });
});
