import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { BackOffice } from '../../src/admin/back-office.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './test-app.js';

// AdminJS reads these when it is imported: no bundling at start inside jest, and the components it bundles
// for the browser test go to a temporary folder
process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
// (one folder per run: AdminJS serves an existing bundle as it is, however old)
process.env.ADMIN_JS_TMP_DIR ??= join(tmpdir(), `easycrm-adminjs-${process.pid}`);

export const ADMIN_API = '/admin/api/resources';

/** The real app with the back office loaded (main.ts loads it right after listening). */
export async function startBackOfficeApp(
  env: Record<string, string> = {},
  options: Parameters<typeof startTestApp>[1] = {},
): Promise<TestApp> {
  const t = await startTestApp(env, options);
  await t.app.get(BackOffice).start();
  return t;
}

/** Signs in at /admin/login as a browser would; returns the session cookie. */
export async function adminSession(t: TestApp, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const res = await t.http.post('/admin/login').type('form').send({ email: username, password });
  const cookie = [res.headers['set-cookie'] ?? []].flat()[0];
  if (res.status !== 302 || !cookie) throw new Error(`admin sign-in of ${username} failed: ${res.status}`);
  return cookie.split(';')[0];
}

/** A back-office client: AdminJS's JSON API with the session cookie, as its front end calls it. */
export function backOffice(t: TestApp, cookie: string) {
  const http = request(t.app.getHttpServer());
  return {
    list: (resource: string, query: Record<string, string | number> = {}) =>
      http.get(`${ADMIN_API}/${resource}/actions/list`).query(query).set('Cookie', cookie),
    record: (resource: string, id: number, action = 'show') =>
      http.get(`${ADMIN_API}/${resource}/records/${id}/${action}`).set('Cookie', cookie),
    create: (resource: string, fields: Record<string, string>) =>
      http.post(`${ADMIN_API}/${resource}/actions/new`).type('form').send(fields).set('Cookie', cookie),
    edit: (resource: string, id: number, fields: Record<string, string>) =>
      http.post(`${ADMIN_API}/${resource}/records/${id}/edit`).type('form').send(fields).set('Cookie', cookie),
    /**
     * A one-click step as its confirmation page takes it: the page reads the record through the action (a GET
     * changes nothing), then POSTs the version it showed (or `version`, to act on a stale page). AdminJS answers
     * 200 whatever the outcome: the notice says.
     */
    act: async (resource: string, id: number, action: string, version?: number) => {
      const url = `${ADMIN_API}/${resource}/records/${id}/${action}`;
      const shown = await http.get(url).set('Cookie', cookie).expect(200);
      const page = { version: String(version ?? shown.body.record?.params?.version ?? '') };
      return http.post(url).type('form').send(page).set('Cookie', cookie).expect(200);
    },
    page: (path: string) => http.get(path).set('Cookie', cookie),
  };
}

export type BackOfficeClient = ReturnType<typeof backOffice>;

/**
 * Builds the front end's components bundle (AdminJS bundles it on its first request outside production), so that
 * a browser test's first page does not wait for rollup.
 */
export async function bundleComponents(t: TestApp): Promise<void> {
  await request(t.app.getHttpServer()).get('/admin/frontend/assets/components.bundle.js').timeout(120_000).expect(200);
}
