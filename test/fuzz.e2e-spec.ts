import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { snapshotDatabase } from './support/db-snapshot.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import { OpenApiFuzzer, type FuzzRequest, type OpenApiDocument } from './support/fuzz/openapi-fuzz.js';
import { problemFaults } from './support/fuzz/problem-check.js';
import { Random } from '../bench/seed/random.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Fuzzing from the OpenAPI document: every operation gets requests that are invalid by construction (a bad id,
 * a wrong type, a missing or unknown field, a string too long, a number out of range, an enum value outside
 * the enum, broken JSON, a wrong content type, a body over the limit…), as the admin, who passes every
 * permission check, so the requests reach validation. Every answer must be a 4xx problem, and no row may change.
 * FUZZ_REQUESTS scales the run (CI: the default); FUZZ_SEED replays one.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CONCURRENCY = 6;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/**
 * Operations without any input to get wrong (no parameters, no body) only get broken JSON. None is skipped:
 * sign-in is fuzzed too, as its invalid bodies are refused before the password is checked (the throttle counts
 * wrong passwords only), so the admin is never locked out.
 */
describe('fuzzing every operation from /docs-json', () => {
  let t: TestApp;
  let admin: Auth;
  let baseUrl: string;
  const ids: Record<string, number> = {};
  let linkToken = '';

  async function api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { ...admin, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  beforeAll(async () => {
    // a long local run outlasts the default 15 minutes, and signing in again would add a refresh token row
    t = await startTestApp({ ACCESS_TOKEN_TTL: '12h' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    admin = await adminAuth(t);
    // one row of everything, through the API, so that the fuzzer's valid ids name real rows
    const teacher = await staffWithRole(t, admin, 'fuzz_teacher', 'teacher');
    ids.staff = teacher.id;
    ids.role = ((await api('GET', '/roles')).data as { id: number }[])[0].id;
    ids.tag = (await api('POST', '/tags', { name: 'fuzz' })).id as number;
    ids.course = (await api('POST', '/courses', { name: 'Fuzz', price: 100000, periodMonths: 3, outline: 'o' }))
      .id as number;
    ids.campus = (await api('POST', '/campuses', { name: 'Fuzz campus', address: 'Road 1' })).id as number;
    ids.class = (
      await api('POST', '/classes', {
        classType: 0,
        campusId: ids.campus,
        courseId: ids.course,
        semester: 1,
        startDate: '2026-03-02',
        teacherIds: [teacher.id],
      })
    ).id as number;
    ids.customer = (await api('POST', '/customers', { name: 'Fuzz', qq: '123456789', source: 1, tagIds: [ids.tag] }))
      .id as number;
    ids.contact = (await api('POST', `/customers/${ids.customer}/contacts`, { name: 'Mum' })).id as number;
    ids.followup = (await api('POST', `/customers/${ids.customer}/followups`, { intention: 0, content: 'call' }))
      .id as number;
    ids.enrollment = (await api('POST', '/enrollments', { customerId: ids.customer, classId: ids.class })).id as number;
    linkToken = (await api('POST', `/enrollments/${ids.enrollment}/link`)).token as string;
    ids.payment = (
      await api('POST', '/payments', { method: 0, customerId: ids.customer, courseId: ids.course, amount: 1000 })
    ).id as number;
    ids.lesson = (
      await api('POST', `/classes/${ids.class}/lessons`, { outline: 'one', date: '2026-03-03', teacherId: teacher.id })
    ).id as number;
    ids.feedback = (
      await api('POST', '/feedback', { type: 0, channel: 0, customerId: ids.customer, title: 't', content: 'c' })
    ).id as number;
  });
  afterAll(async () => {
    agent.destroy();
    await t?.close();
  });

  /** The seeded row a path parameter names: `{customerId}` a customer, `{id}` the resource before it. */
  function pathValue(path: string, name: string): string {
    if (name === 'token') return linkToken;
    if (name !== 'id') return String(ids[name.replace(/Id$/, '')] ?? 1);
    const segment = path.split('/').reverse()[path.split('/').reverse().indexOf('{id}') + 1];
    const resource = { staff: 'staff', feedback: 'feedback', classes: 'class', campuses: 'campus' }[segment];
    return String(ids[resource ?? segment.replace(/s$/, '')] ?? 1);
  }

  function fieldValue(name: string): unknown {
    if (name === 'version') return 1;
    if (name === 'password' || name === 'currentPassword') return ADMIN_PASSWORD;
    if (name === 'username') return 'admin';
    const resource = {
      assignee: 'staff',
      consultant: 'staff',
      teacher: 'staff',
      consultCourse: 'course',
      menu: undefined,
    }[name.replace(/Ids?$/, '')];
    if (/Ids?$/.test(name)) return ids[resource ?? name.replace(/Ids?$/, '')];
    return undefined;
  }

  /** node:http, not fetch: fetch refuses a body on GET, and every route's body parser must cope with one. */
  async function send(req: FuzzRequest): Promise<{ status: number; type: string | null; text: string }> {
    let headers: Record<string, string> = { ...admin, ...req.headers };
    let body: Buffer | undefined;
    if (req.body instanceof FormData) {
      const encoded = new Response(req.body);
      headers = { ...headers, 'content-type': encoded.headers.get('content-type')! };
      body = Buffer.from(await encoded.arrayBuffer());
    } else if (req.body !== undefined) body = Buffer.from(req.body);
    if (body) headers['content-length'] = String(body.length);
    return new Promise((resolve, reject) => {
      const out = httpRequest(`${baseUrl}${req.url}`, { method: req.method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'] ?? null,
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }

  /** Sends one hand-written invalid request: the answer must be `status` in the problem shape. */
  async function expectRefused(
    status: number,
    method: string,
    url: string,
    body?: string,
    contentType = 'application/json',
  ): Promise<void> {
    const answer = await send({
      operation: '',
      mutation: '',
      method,
      url,
      headers: { 'content-type': contentType },
      body,
    });
    expect({
      url,
      body,
      status: answer.status,
      faults: problemFaults(answer.status, answer.type, answer.text),
    }).toEqual({
      url,
      body,
      status,
      faults: [],
    });
  }

  // one case for each kind of request the fuzzer found accepted (each was a 2xx that changed rows, or a filter
  // silently dropped); they stay here so that a change to the shared code cannot bring one back unnoticed
  describe('what the fuzzer found', () => {
    let before: Awaited<ReturnType<typeof snapshotDatabase>>;
    beforeEach(async () => void (before = await snapshotDatabase(t.dataSource)));
    afterEach(async () => expect(await snapshotDatabase(t.dataSource)).toEqual(before));

    it('refuses __proto__ and constructor, which class-transformer dropped before the whitelist saw them', async () => {
      await expectRefused(400, 'POST', '/api/v1/campuses', '{"name":"c","address":"a","__proto__":"x"}');
      await expectRefused(400, 'POST', '/api/v1/tags', '{"name":"t","constructor":{"admin":true}}');
      await expectRefused(400, 'PUT', `/api/v1/lessons/${ids.lesson}/study-records`, '[{"__proto__":{}}]');
      await expectRefused(400, 'GET', '/api/v1/payments?__proto__=1');
      await expectRefused(400, 'GET', '/api/v1/customers?constructor=1');
    });

    it('refuses path ids that are not written as integers (Number() read them: " 1", "+1", "0x1", "1e0")', async () => {
      for (const id of ['%201', '%2B1', '0x1', '1e0', '1%EF%BB%BF', '99999999999999999999']) {
        await expectRefused(400, 'GET', `/api/v1/customers/${id}`);
        await expectRefused(400, 'POST', `/api/v1/customers/${id}/followups`, '{"intention":0,"content":"c"}');
      }
    });

    it('refuses numbers beyond ±2^53 or not finite, in queries and bodies', async () => {
      await expectRefused(400, 'GET', '/api/v1/classes?courseId=99999999999999999999');
      await expectRefused(400, 'GET', '/api/v1/reports/sales?campusId=99999999999999999999');
      await expectRefused(400, 'POST', '/api/v1/enrollments', `{"customerId":${ids.customer},"classId":1e20}`);
      await expectRefused(400, 'POST', '/api/v1/enrollments', `{"customerId":${ids.customer},"classId":1e309}`);
    });

    it('refuses number text with anything but digits: a BOM, Unicode spaces, hex, exponents, booleans', async () => {
      const version = ((await api('GET', `/classes/${ids.class}`)).version as number) ?? 1;
      await expectRefused(400, 'PATCH', `/api/v1/classes/${ids.class}`, `{"classType":"0\ufeff","version":${version}}`);
      await expectRefused(400, 'PATCH', `/api/v1/classes/${ids.class}`, `{"classType":true,"version":${version}}`);
      await expectRefused(400, 'GET', '/api/v1/customers?status=0x1');
      await expectRefused(400, 'GET', '/api/v1/customers?status=%E2%80%830');
      await expectRefused(400, 'GET', '/api/v1/customers?page=1e0');
      await expectRefused(400, 'GET', '/api/v1/customers?tagIds=%EF%BB%BF');
    });

    it('refuses a body in a media type the route does not take with 415 (form posts, other charsets)', async () => {
      await expectRefused(415, 'POST', '/api/v1/tags', 'name=form', 'application/x-www-form-urlencoded');
      await expectRefused(415, 'POST', '/api/v1/tags', '{"name":"plain"}', 'text/plain');
      await expectRefused(415, 'POST', '/api/v1/tags', '{"name":"seven"}', 'application/json; charset=utf-7');
      await expectRefused(415, 'POST', '/api/v1/auth/logout', 'refreshToken=x', 'application/x-www-form-urlencoded');
      await expectRefused(415, 'POST', '/api/v1/customers/import', 'file=name', 'application/x-www-form-urlencoded');
    });

    it('refuses an array where a list holds objects (ValidateNested walked the inner array and passed it)', async () => {
      await expectRefused(400, 'POST', '/api/v1/competitors', '{"name":"arrays","courses":[[]]}');
      await expectRefused(400, 'POST', '/api/v1/competitors', '{"name":"arrays","courses":[[{"name":"Java"}]]}');
    });
  });

  it('still takes JSON with its charset named, and a POST without a body', async () => {
    const tag = await fetch(`${baseUrl}/api/v1/tags`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json; charset=UTF-8' },
      body: '{"name":"utf8 tag"}',
    });
    expect(tag.status).toBe(201);
    const link = await fetch(`${baseUrl}/api/v1/enrollments/${ids.enrollment}/link`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'text/plain' },
    });
    expect(link.status).toBe(201);
    linkToken = ((await link.json()) as { token: string }).token;
  });

  it(
    `answers ${REQUESTS} invalid requests with 4xx problems and changes nothing (FUZZ_SEED=${SEED})`,
    async () => {
      const doc = (await (await fetch(`${baseUrl}/docs-json`)).json()) as OpenApiDocument;
      const fuzzer = new OpenApiFuzzer(doc, new Random(SEED), { pathValue, fieldValue });
      const before = await snapshotDatabase(t.dataSource);

      // round-robin over the operations, so that every one gets its share however small the run
      const requests = Array.from({ length: REQUESTS }, (_, i) =>
        fuzzer.request(fuzzer.operations[i % fuzzer.operations.length]),
      );
      const failures: string[] = [];
      const byStatus: Record<number, number> = {};
      let next = 0;
      const worker = async () => {
        while (next < requests.length) {
          const req = requests[next++];
          // once more when the connection was reset: a kept-alive socket can close just as it is reused
          const answer = await send(req)
            .catch(() => send(req))
            .catch((e: Error) => ({ status: 0, type: null, text: e.message }));
          byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
          const faults = problemFaults(answer.status, answer.type, answer.text);
          if (faults.length) {
            const body = typeof req.body === 'string' ? req.body.slice(0, 300) : req.body ? '(multipart)' : '';
            failures.push(
              `${req.operation} [${req.mutation}] ${req.method} ${req.url.slice(0, 300)} ${JSON.stringify(req.headers)} ${body}\n` +
                `  → ${faults.join(', ')}: ${answer.status} ${answer.text.slice(0, 300)}`,
            );
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      const after = await snapshotDatabase(t.dataSource);
      const changed = Object.keys({ ...before, ...after }).filter(
        (table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]),
      );
      console.log(
        `fuzz: ${REQUESTS} requests, ${fuzzer.operations.length} operations, seed ${SEED}, statuses ${JSON.stringify(byStatus)}`,
      );
      if (failures.length || changed.length) {
        throw new Error(
          `FUZZ_SEED=${SEED}: ${failures.length} bad answers, tables changed: ${changed.join(', ') || 'none'}\n` +
            failures.slice(0, 200).join('\n'),
        );
      }
    },
    Math.max(60_000, REQUESTS * 50),
  );
});
