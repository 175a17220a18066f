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

  it.each(['enrollments', 'sales', 'follow-ups', 'teaching'])(
    'answers 150 %s reports at once, all 200',
    async (report) => {
      const answers = await Promise.all(
        Array.from({ length: 150 }, () => t.http.get(`/api/v1/reports/${report}`).set(admin)),
      );
      expect(answers.map((res) => res.status)).toEqual(answers.map(() => 200));
    },
  );
});
