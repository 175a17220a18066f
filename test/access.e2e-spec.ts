import { Controller, Get, Module } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY } from '../src/common/auth/access.decorators.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A route that forgot to declare its access rule. */
@Controller('undeclared')
class UndeclaredController {
  @Get()
  secret() {
    return { leaked: true };
  }
}

@Module({ controllers: [UndeclaredController] })
class UndeclaredModule {}

describe('access: 401, 403, deny by default', () => {
  let t: TestApp;
  let admin: string;
  let teacher: string;

  beforeAll(async () => {
    t = await startTestApp({}, { extraModules: [UndeclaredModule] });
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
      if (!wrapper.instance || wrapper.metatype === UndeclaredController) continue;
      const proto = Object.getPrototypeOf(wrapper.instance);
      for (const method of scanner.getAllMethodNames(proto)) {
        const rule = reflector.getAllAndOverride(ACCESS_KEY, [proto[method], wrapper.metatype]);
        if (!rule) undeclared.push(`${wrapper.name}.${method}`);
      }
    }
    expect(undeclared).toEqual([]);
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
});
