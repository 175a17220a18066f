import { Controller, Get, Module } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY, Public } from '../src/common/auth/access.decorators.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A route that forgot to declare its access rule. */
@Controller('undeclared')
class UndeclaredController {
  @Get()
  secret() {
    return { leaked: true };
  }
}

/** A route with a bug. */
@Controller('buggy')
class BuggyController {
  @Public()
  @Get()
  fail(): never {
    throw new Error('SELECT secret FROM somewhere failed at /src/internal.ts:12');
  }
}

@Module({ controllers: [UndeclaredController, BuggyController] })
class TestRoutesModule {}

describe('access: 401, 403, deny by default', () => {
  let t: TestApp;
  let admin: string;
  let teacher: string;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://crm.school.cn' }, { extraModules: [TestRoutesModule] });
    admin = await t.login();
    const roles = await t.http.get('/api/v1/roles').set('Authorization', `Bearer ${admin}`).expect(200);
    const teacherRole = roles.body.data.find((r: { code: string }) => r.code === 'teacher');
    await t.http
      .post('/api/v1/staff')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'teacher1', name: '王老师', password: 'Teacher#2026', roleIds: [teacherRole.id] })
      .expect(201);
    teacher = await t.login('teacher1', 'Teacher#2026');
  });
  afterAll(() => t.close());

  it('a protected route answers 401 without a token', async () => {
    const res = await t.http.get('/api/v1/staff').expect(401);
    expect(res.body).toMatchObject({ status: 401, instance: '/api/v1/staff' });
    expect(res.body.requestId).toBeTruthy();
  });

  it('a protected route answers 403 naming the missing permission', async () => {
    const res = await t.http.get('/api/v1/staff').set('Authorization', `Bearer ${teacher}`).expect(403);
    expect(res.body.detail).toBe('Requires permission staff.manage');
    await t.http.get('/api/v1/roles').set('Authorization', `Bearer ${teacher}`).expect(403);
    await t.http.get('/api/v1/staff').set('Authorization', `Bearer ${admin}`).expect(200);
  });

  it('a route that declares no access rule is refused, even for the admin', async () => {
    await t.http.get('/api/v1/undeclared').expect(403);
    const res = await t.http.get('/api/v1/undeclared').set('Authorization', `Bearer ${admin}`).expect(403);
    expect(res.body.leaked).toBeUndefined();
  });

  it('every route of the application declares an access rule', () => {
    const reflector = t.app.get(Reflector);
    const scanner = new MetadataScanner();
    const undeclared: string[] = [];
    for (const wrapper of t.app.get(DiscoveryService).getControllers()) {
      if (!wrapper.instance) continue;
      const proto = Object.getPrototypeOf(wrapper.instance);
      for (const method of scanner.getAllMethodNames(proto)) {
        if (Reflect.getMetadata(PATH_METADATA, proto[method]) === undefined) continue; // a helper, not a route
        const rule = reflector.getAllAndOverride(ACCESS_KEY, [proto[method], wrapper.metatype]);
        if (!rule) undeclared.push(`${wrapper.name}.${method}`);
      }
    }
    expect(undeclared).toEqual(['UndeclaredController.secret']); // only the deliberate one
  });

  it('documents each permission in the OpenAPI document', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const staffList = doc.paths['/api/v1/staff'].get;
    expect(staffList['x-permission']).toBe('staff.manage');
    expect(staffList.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/undeclared']).toBeDefined();
  });

  it('answers unknown routes with 404 in the problem shape', async () => {
    const res = await t.http.get('/api/v1/nothing-here').set('Authorization', `Bearer ${admin}`).expect(404);
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('answers broken JSON and oversized bodies with 4xx in the problem shape', async () => {
    const broken = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": "admin",')
      .expect(400);
    expect(broken.body.status).toBe(400);
    const huge = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'a'.repeat(200_000), password: 'x' }));
    expect(huge.status).toBe(413);
    expect(huge.body.status).toBe(413);
  });

  it('sets security headers and a request id', async () => {
    const res = await t.http.get('/health').set('X-Request-Id', 'trace-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers a bug with 500 and an error id, never the message or a stack', async () => {
    const res = await t.http.get('/api/v1/buggy').expect(500);
    expect(res.body).toMatchObject({ status: 500, detail: 'An unexpected error occurred; it has been logged' });
    expect(res.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(res.body)).not.toMatch(/SELECT|internal\.ts/);
  });

  it('maps a database unique violation to 409 naming the field', async () => {
    const auth = { Authorization: `Bearer ${admin}` };
    await t.http
      .post('/api/v1/roles')
      .set(auth)
      .send({ code: 'twin', name: 'Twin', permissions: [], menuIds: [] })
      .expect(201);
    const res = await t.http
      .post('/api/v1/roles')
      .set(auth)
      .send({ code: 'twin', name: 'Twin 2', permissions: [], menuIds: [] })
      .expect(409);
    expect(res.body.errors).toEqual([{ field: 'code', message: 'is already taken' }]);
    expect(JSON.stringify(res.body)).not.toMatch(/UQ_|Duplicate entry|constraint/i);
  });

  it('allows cross-origin calls only from the configured origins', async () => {
    const allowed = await t.http
      .options('/api/v1/auth/login')
      .set('Origin', 'https://crm.school.cn')
      .set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://crm.school.cn');
    const other = await t.http
      .options('/api/v1/auth/login')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
