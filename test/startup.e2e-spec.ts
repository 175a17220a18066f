import SwaggerParser from '@apidevtools/swagger-parser';
import { Role } from '../src/auth/entities/role.entity.js';
import { Staff } from '../src/auth/entities/staff.entity.js';
import { StartupService } from '../src/database/startup.service.js';
import { createTestDatabase, startTestApp } from './support/test-app.js';

describe('first start on an empty database', () => {
  it('runs migrations, creates the built-in roles and a first admin with a generated password, once', async () => {
    const db = await createTestDatabase();
    const first = await startTestApp({ ADMIN_PASSWORD: '' }, { database: db });
    try {
      const password = first.app.get(StartupService).generatedAdminPassword;
      expect(password).toMatch(/^[\w-]{16}$/);
      const roles = await first.dataSource.getRepository(Role).find({ order: { code: 'ASC' } });
      expect(roles.map((r) => r.code)).toEqual(['admin', 'consultant', 'manager', 'service', 'teacher']);
      const token = await first.login('admin', password);
      const me = await first.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body.mustChangePassword).toBe(true);
    } finally {
      await first.app.close();
    }
    // second start on the same database: no new admin, no password printed
    const second = await startTestApp({ ADMIN_PASSWORD: '' }, { database: db });
    try {
      expect(second.app.get(StartupService).generatedAdminPassword).toBeUndefined();
      expect(await second.dataSource.getRepository(Staff).count()).toBe(1);
      expect(await second.dataSource.getRepository(Role).count()).toBe(5);
    } finally {
      await second.app.close();
      await db.drop();
    }
  });

  it('uses ADMIN_PASSWORD when given and loads the demo data when DEMO_DATA=true', async () => {
    const t = await startTestApp({ DEMO_DATA: 'true' });
    try {
      expect(t.app.get(StartupService).generatedAdminPassword).toBeUndefined();
      const token = await t.login();
      const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body.mustChangePassword).toBe(false);
      const [customers] = await t.dataSource.query('SELECT COUNT(*) AS n FROM customer');
      expect(Number(customers.n)).toBeGreaterThan(10);
      // the funnel's daily counts were recounted once, not added to what the seed's writes counted
      const [funnel] = await t.dataSource.query('SELECT SUM(new_customers) AS n FROM customer_funnel_day');
      expect(Number(funnel.n)).toBe(Number(customers.n));
      const roles = await t.dataSource.query(
        'SELECT DISTINCT r.code FROM staff_roles sr JOIN role r ON r.id = sr.role_id ORDER BY r.code',
      );
      expect(roles.map((r: { code: string }) => r.code)).toEqual([
        'admin',
        'consultant',
        'manager',
        'service',
        'teacher',
      ]);
      await t.login('lina', 'Demo@2026');
    } finally {
      await t.close();
    }
  });
});

describe('health, docs and codes', () => {
  it('answers health, readiness, a valid OpenAPI document and the code tables without a token', async () => {
    const t = await startTestApp();
    try {
      await t.http.get('/health').expect(200, { status: 'ok' });
      const ready = await t.http.get('/health/ready').expect(200);
      expect(ready.body.info.database.status).toBe('up');

      const doc = (await t.http.get('/docs-json').expect(200)).body;
      await SwaggerParser.validate(structuredClone(doc));
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const createStaff = doc.components.schemas.CreateStaffDto;
      expect(createStaff.required).toEqual(expect.arrayContaining(['username', 'name', 'password', 'roleIds']));
      const listParameters = doc.paths['/api/v1/staff'].get.parameters.map((p: { name: string }) => p.name);
      expect(listParameters).toEqual(expect.arrayContaining(['page', 'pageSize', 'sort', 'q', 'isActive', 'role']));
      await t.http.get('/docs').expect(200);

      const codes = (await t.http.get('/api/v1/codes').expect(200)).body;
      const source = codes.find((c: { name: string }) => c.name === 'customerSource');
      expect(source.items).toContainEqual({ code: 3, key: 'baiduAds', en: 'Baidu ads', zh: '百度推广' });
      const intention = codes.find((c: { name: string }) => c.name === 'followUpIntention');
      expect(intention.items.map((i: { code: number }) => i.code)).toEqual([0, 1, 2, 3, 4, 5]);
    } finally {
      await t.close();
    }
  });
});

describe('an API-only process', () => {
  it('with BACK_OFFICE=false serves the API and answers /admin with 404 without loading AdminJS', async () => {
    const t = await startTestApp({ BACK_OFFICE: 'false' });
    try {
      await t.http.get('/api/v1/codes').expect(200);
      const admin = await t.http.get('/admin/login').expect(404);
      expect(admin.text).toMatch(/BACK_OFFICE=false/);
    } finally {
      await t.close();
    }
  });
});
