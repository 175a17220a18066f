import { adminAuth, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Reports read several aggregates in parallel; each report holds one pooled connection for them, so many reports
 * at once queue requests for connections, not queries (a pool of 2 and a queue of 200 used to overflow: 503s).
 */
describe('reports under concurrency: one pooled connection a report', () => {
  let t: TestApp;
  let admin: Auth;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '2' });
    admin = await adminAuth(t);
  });
  afterAll(() => t.close());

  const statuses = async (paths: string[]) =>
    (await Promise.all(paths.map((path) => t.http.get(`/api/v1/reports/${path}`).set(admin)))).map((r) => r.status);

  it('answers 150 enrollment reports (4 queries each) at once, all 200', async () => {
    expect(await statuses(Array(150).fill('enrollments'))).toEqual(Array(150).fill(200));
  });

  it('answers the sales, follow-up and teaching reports (3 queries each), 40 of each at once, all 200', async () => {
    const paths = ['sales', 'follow-ups', 'teaching'].flatMap((report) => Array<string>(40).fill(report));
    expect(await statuses(paths)).toEqual(paths.map(() => 200));
  });
});
