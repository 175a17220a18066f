import { API_PREFIX } from '../src/app.factory.js';
import { BUILTIN_ROLES } from '../src/auth/builtin-roles.js';
import type { Permission } from '../src/common/auth/permissions.js';
import { Contact } from '../src/customers/entities/contact.entity.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { Feedback } from '../src/feedback/entities/feedback.entity.js';
import { FollowUp } from '../src/sales/entities/follow-up.entity.js';
import { Payment } from '../src/sales/entities/payment.entity.js';
import { Lesson } from '../src/teaching/entities/lesson.entity.js';
import { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import { StudyRecord } from '../src/teaching/entities/study-record.entity.js';
import {
  ADMIN_API,
  adminSession,
  backOffice,
  startBackOfficeApp,
  type BackOfficeClient,
} from './support/back-office.js';
import { EnrollmentFixtures } from './support/enrollment-fixtures.js';
import { adminAuth, type Auth } from './support/fixtures.js';
import { routeInventory } from './support/route-inventory.js';
import type { TestApp } from './support/test-app.js';

type Person = { id: number; auth: Auth; cookie: string; bo: BackOfficeClient; permissions: ReadonlySet<string> };

/** A's records, as B might name them in a URL. */
interface Owned {
  customer: number;
  contact: number;
  followUp: number;
  enrollment: number;
  payment: number;
  feedback: number;
  schoolClass: number;
  lesson: number;
  line: number;
  customerNumber: string;
  enrollmentNumber: string;
}

const RANGE = { from: '2026-01-01', to: '2027-01-31' };
const REPORTS = ['funnel', 'follow-ups', 'sales', 'enrollments', 'teaching', 'service'];
/** The time a report was computed at changes between two reads; the figures must not. */
const withoutClock = (key: string, value: unknown) => (key === 'asOf' ? undefined : value);
const clockless = (csv: string) => csv.replace(/as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, 'as of (now)');
const LIST_EXPORTS = ['customers', 'followups', 'payments', 'enrollments', 'feedback'];

/**
 * Two consultants and two teachers, each with their own records: B never reads, lists, changes, deletes, exports or
 * counts in a report what is A's, on the API and in the back office. The consultants and teachers hold their
 * built-in role's permissions plus reports.read and reports.export (and consultants customers.delete), so that
 * exports, reports and deletes are refused by record scope, not by a missing permission.
 */
describe('cross-owner: consultant ↔ consultant and teacher ↔ teacher', () => {
  let t: TestApp;
  let admin: Auth;
  let f: EnrollmentFixtures;
  const people: Record<'consultantA' | 'consultantB' | 'teacherA' | 'teacherB', Person> = {} as never;
  let a: Owned; // consultant A's and teacher A's records
  let bSide: { customer: number; lesson: number; enrollment: number };
  /** What B's reports and exports said before A had any records. */
  const before = new Map<string, string>();

  async function person(username: string, base: string, extra: Permission[]): Promise<Person> {
    const permissions = [...BUILTIN_ROLES.find((r) => r.code === base)!.permissions, ...extra];
    const role = await t.http
      .post('/api/v1/roles')
      .set(admin)
      .send({ code: `${username}_role`, name: username, permissions, menuIds: [] })
      .expect(201);
    const password = `${username}#Pass2026`;
    const staff = await t.http
      .post('/api/v1/staff')
      .set(admin)
      .send({ username, name: username, password, roleIds: [role.body.id] })
      .expect(201);
    const auth = { Authorization: `Bearer ${await t.login(username, password)}` };
    const cookie = await adminSession(t, username, password);
    return { id: staff.body.id, auth, cookie, bo: backOffice(t, cookie), permissions: new Set(permissions) };
  }

  const post = async (auth: Auth, path: string, body: object) => {
    const res = await t.http.post(`/api/v1/${path}`).set(auth).send(body);
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.text}`);
    return res.body;
  };

  /** A consultant's customer with a contact, a follow-up, an enrollment in `classId`, a payment and a ticket. */
  async function customerOf(consultant: Person, name: string, classId: number) {
    const customer = await post(consultant.auth, 'customers', {
      name,
      qq: String(800000000 + consultant.id),
      source: 1,
    });
    const contact = await post(consultant.auth, `customers/${customer.id}/contacts`, { name: `${name}家长` });
    const followUp = await post(consultant.auth, `customers/${customer.id}/followups`, {
      content: `${name}想学 Python`,
      intention: 1,
      nextFollowUpAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const enrollment = await post(consultant.auth, 'enrollments', { customerId: customer.id, classId });
    const payment = await f.payment(await f.enrollment(enrollment.id), 123400);
    const feedback = await post(consultant.auth, 'feedback', {
      customerId: customer.id,
      enrollmentId: enrollment.id,
      type: 1,
      channel: 1,
      title: `${name}的反馈`,
      content: '上课太早',
    });
    return { customer, contact, followUp, enrollment, payment, feedback };
  }

  /** A class `teacher` teaches, with one lesson. */
  async function classOf(teacher: Person) {
    const schoolClass = await f.schoolClass();
    await t.dataSource.getRepository(SchoolClass).save({ ...schoolClass, teachers: [{ id: teacher.id }] });
    const lesson = await post(teacher.auth, `classes/${schoolClass.id}/lessons`, {
      outline: '第一课',
      date: '2026-11-02',
    });
    return { schoolClass, lesson };
  }

  /** Everything B's reports and exports show, API and back office, keyed by what was asked. */
  async function seenBy(viewer: Person): Promise<Map<string, string>> {
    const seen = new Map<string, string>();
    for (const report of REPORTS) {
      const json = await t.http.get(`/api/v1/reports/${report}`).query(RANGE).set(viewer.auth).expect(200);
      seen.set(`api report ${report}`, JSON.stringify(json.body, withoutClock));
      const csv = await t.http
        .get(`/api/v1/reports/${report}/export`)
        .query({ ...RANGE, format: 'csv' })
        .set(viewer.auth)
        .expect(200);
      seen.set(`api report ${report} csv`, clockless(csv.text));
      const page = await viewer.bo.page(`/admin/api/pages/reports?report=${report}&from=${RANGE.from}&to=${RANGE.to}`);
      seen.set(`back-office report ${report}`, JSON.stringify(page.body.data, withoutClock));
    }
    const dashboard = await viewer.bo.page('/admin/api/dashboard').expect(200);
    seen.set('back-office dashboard', JSON.stringify(dashboard.body, withoutClock));
    for (const list of LIST_EXPORTS) {
      const readable = { customers: 'customers.read', followups: 'followups.read', payments: 'payments.read' }[
        list as 'customers'
      ];
      if (readable && !viewer.permissions.has(readable)) continue;
      const csv = await t.http.get(`/api/v1/${list}/export`).query({ format: 'csv' }).set(viewer.auth).expect(200);
      seen.set(`api export ${list}`, csv.text);
      const download = await viewer.bo.page(`/admin/downloads/lists/${list}?format=csv`).expect(200);
      seen.set(`back-office export ${list}`, download.text);
    }
    return seen;
  }

  beforeAll(async () => {
    t = await startBackOfficeApp();
    admin = await adminAuth(t);
    f = new EnrollmentFixtures(t);
    const extra: Permission[] = ['reports.read', 'reports.export'];
    people.consultantA = await person('cross_ca', 'consultant', [...extra, 'customers.delete']);
    people.consultantB = await person('cross_cb', 'consultant', [...extra, 'customers.delete']);
    people.teacherA = await person('cross_ta', 'teacher', extra);
    people.teacherB = await person('cross_tb', 'teacher', extra);
    const { consultantA, consultantB, teacherA, teacherB } = people;

    // B's side first; what B's reports and exports say is kept before A has anything
    const classB = await classOf(teacherB);
    const classA = await classOf(teacherA); // an empty class of A's: B's figures may know it exists
    const mineB = await customerOf(consultantB, '乙客户', classB.schoolClass.id);
    await t.dataSource
      .getRepository(StudyRecord)
      .save({ enrollmentId: mineB.enrollment.id, lessonId: classB.lesson.id, attendance: 1, score: 90 });
    bSide = { customer: mineB.customer.id, lesson: classB.lesson.id, enrollment: mineB.enrollment.id };
    for (const viewer of [consultantB, teacherB]) {
      for (const [key, value] of await seenBy(viewer)) before.set(`${viewer.id} ${key}`, value);
    }

    const mineA = await customerOf(consultantA, '甲客户', classA.schoolClass.id);
    const line = await t.dataSource
      .getRepository(StudyRecord)
      .save({ enrollmentId: mineA.enrollment.id, lessonId: classA.lesson.id, attendance: 1, score: 95 });
    a = {
      customer: mineA.customer.id,
      contact: mineA.contact.id,
      followUp: mineA.followUp.id,
      enrollment: mineA.enrollment.id,
      payment: mineA.payment.id,
      feedback: mineA.feedback.id,
      schoolClass: classA.schoolClass.id,
      lesson: classA.lesson.id,
      line: line.id,
      customerNumber: mineA.customer.number,
      enrollmentNumber: mineA.enrollment.number,
    };
  });
  afterAll(() => t.close());

  /** A's rows as stored: nothing B sends may change or delete them. */
  async function snapshotA() {
    const repo = <T extends object>(entity: new () => T) => t.dataSource.getRepository(entity);
    return JSON.stringify(
      await Promise.all([
        repo(Customer).findOne({ where: { id: a.customer }, withDeleted: true, relations: { tags: true } }),
        repo(Contact).findOneBy({ id: a.contact }),
        repo(FollowUp).findOneBy({ id: a.followUp }),
        repo(Enrollment).findOneBy({ id: a.enrollment }),
        repo(Payment).findOneBy({ id: a.payment }),
        repo(Feedback).findOneBy({ id: a.feedback }),
        repo(SchoolClass).findOne({ where: { id: a.schoolClass }, relations: { teachers: true } }),
        repo(Lesson).findOneBy({ id: a.lesson }),
        repo(StudyRecord).findOneBy({ id: a.line }),
      ]),
    );
  }

  /**
   * A student's study history follows the class, not the customer (teaching/class-scope.ts): whoever sees every
   * class (teaching.read_all, which the consultant role holds) sees every lesson sheet, and so every history.
   */
  const CLASS_SCOPED = ['/api/v1/enrollments/:id/study-records', '/api/v1/enrollments/:id/study-records/export'];

  /** The path segments whose records each B may not see when they are A's. */
  const scoped = {
    consultant: ['customers', 'contacts', 'followups', 'payments', 'enrollments', 'feedback'],
    teacher: ['classes', 'lessons', 'enrollments'],
  };
  const idOf = (segment: string): number =>
    ({
      customers: a.customer,
      contacts: a.contact,
      followups: a.followUp,
      payments: a.payment,
      enrollments: a.enrollment,
      feedback: a.feedback,
      classes: a.schoolClass,
      lessons: a.lesson,
    })[segment]!;

  /** Valid bodies for every state-changing route that names a record: B's request must fail on scope (404). */
  const writes = (): Record<string, object | undefined> => ({
    'PATCH /api/v1/customers/:id': { version: 1, name: '改名' },
    'DELETE /api/v1/customers/:id': undefined,
    'POST /api/v1/customers/:id/restore': {},
    'POST /api/v1/customers/:id/tags': { tagIds: [] },
    'DELETE /api/v1/customers/:id/tags/:tagId': undefined,
    'POST /api/v1/customers/:customerId/contacts': { name: '冒名家长' },
    'PATCH /api/v1/customers/:customerId/contacts/:id': { version: 1, name: '改名' },
    'DELETE /api/v1/customers/:customerId/contacts/:id': undefined,
    'POST /api/v1/customers/:customerId/followups': { content: '抢客户', intention: 1 },
    'PATCH /api/v1/followups/:id': { version: 1, content: '改写' },
    'DELETE /api/v1/followups/:id': undefined,
    'PATCH /api/v1/payments/:id': { version: 1, memo: '改写' },
    'POST /api/v1/enrollments/:id/agree': { version: 1 },
    'POST /api/v1/enrollments/:id/cancel': { version: 1 },
    'POST /api/v1/enrollments/:id/link': {},
    'PATCH /api/v1/feedback/:id': { version: 1, title: '改写' },
    'POST /api/v1/feedback/:id/status': { version: 1, status: 1 },
    'POST /api/v1/feedback/:id/replies': { content: '冒名回复' },
    'POST /api/v1/feedback/:id/satisfaction': { score: 5 },
    'POST /api/v1/classes/:id/lessons': { outline: '冒名课', date: '2026-11-09' },
    'PATCH /api/v1/lessons/:id': { version: 1, outline: '改写' },
    'DELETE /api/v1/lessons/:id': undefined,
    'PUT /api/v1/lessons/:id/study-records': [{ enrollmentId: a.enrollment, attendance: 2, score: 60 }],
  });

  /** Every route whose parameters name records of the scoped kinds, that `viewer` holds the permission for. */
  function routesNaming(kind: 'consultant' | 'teacher', viewer: Person) {
    return routeInventory(t, API_PREFIX, ['health', 'health/ready']).filter((route) => {
      if (route.rule?.kind !== 'permission' || !viewer.permissions.has(route.rule.permission)) return false;
      if (kind === 'consultant' && CLASS_SCOPED.includes(route.path)) return false;
      const segments = route.path.split('/');
      return segments.some((s, i) => s.startsWith(':') && scoped[kind].includes(segments[i - 1]));
    });
  }

  const urlFor = (path: string) => {
    const segments = path.split('/');
    return segments
      .map((s, i) => {
        if (!s.startsWith(':')) return s;
        if (segments[i - 1] === 'tags') return '1';
        return String(idOf(segments[i - 1]));
      })
      .join('/');
  };

  describe.each(['consultant', 'teacher'] as const)('%s B and A’s records on the API', (kind) => {
    const viewer = () => people[kind === 'consultant' ? 'consultantB' : 'teacherB'];

    it('answers 404 to every route that names one of them, reads and writes, and changes nothing', async () => {
      const stored = await snapshotA();
      const table = writes();
      const wrong: string[] = [];
      for (const route of routesNaming(kind, viewer())) {
        let req = t.http[route.method](urlFor(route.path)).set(viewer().auth);
        if (route.path.endsWith('/export')) req = req.query({ format: 'csv' });
        if (route.method !== 'get') {
          if (!(route.name in table)) {
            wrong.push(`${route.name}: no body in the table (add one so the scope check is reached)`);
            continue;
          }
          const body = table[route.name];
          if (body !== undefined) req = req.send(body);
        }
        const res = await req;
        if (res.status !== 404) wrong.push(`${route.name}: ${res.status} ${res.text.slice(0, 200)}`);
      }
      expect(wrong).toEqual([]);
      expect(await snapshotA()).toBe(stored);
    });

    it('leaves them out of every list', async () => {
      const lists: Record<string, number> =
        kind === 'consultant'
          ? {
              customers: a.customer,
              followups: a.followUp,
              'followups/due': a.customer,
              payments: a.payment,
              enrollments: a.enrollment,
              feedback: a.feedback,
            }
          : { classes: a.schoolClass, enrollments: a.enrollment, feedback: a.feedback };
      for (const [list, id] of Object.entries(lists)) {
        const res = await t.http.get(`/api/v1/${list}`).query({ pageSize: 100 }).set(viewer().auth);
        if (res.status === 403) continue; // the role cannot read this list at all (the access matrix covers it)
        expect(res.status).toBe(200);
        const ids = res.body.data.map((row: { id: number; customer?: { id: number } }) =>
          list === 'followups/due' ? (row.customer?.id ?? row.id) : row.id,
        );
        expect({ list, has: ids.includes(id) }).toEqual({ list, has: false });
      }
    });

    it('keeps them out of exports and report figures (API and back office), which say what they said before', async () => {
      const now = await seenBy(viewer());
      expect(now.size).toBeGreaterThan(REPORTS.length * 3);
      for (const [key, value] of now) {
        expect([key, value]).toEqual([key, before.get(`${viewer().id} ${key}`)]);
        expect(value).not.toContain(a.customerNumber);
        expect(value).not.toContain('甲客户');
      }
      // the comparison means something: A's own export and figures show them
      const own = people[kind === 'consultant' ? 'consultantA' : 'teacherA'];
      const mine = await t.http.get('/api/v1/enrollments/export').query({ format: 'csv' }).set(own.auth).expect(200);
      expect(mine.text).toContain(a.enrollmentNumber);
    });
  });

  it('answers 404 to exports and prints of one of A’s records', async () => {
    const { consultantB, teacherB } = people;
    await t.http.get(`/api/v1/customers/${a.customer}/profile.pdf`).set(consultantB.auth).expect(404);
    await t.http
      .get(`/api/v1/lessons/${a.lesson}/study-records/export`)
      .query({ format: 'csv' })
      .set(teacherB.auth)
      .expect(404);
    await t.http
      .get(`/api/v1/enrollments/${a.enrollment}/study-records/export`)
      .query({ format: 'csv' })
      .set(teacherB.auth)
      .expect(404);
    expect((await consultantB.bo.page(`/admin/downloads/customers/${a.customer}/profile.pdf`)).status).toBe(404);
    // B's own stay reachable
    await t.http.get(`/api/v1/customers/${bSide.customer}/profile.pdf`).set(consultantB.auth).expect(200);
    await t.http
      .get(`/api/v1/lessons/${bSide.lesson}/study-records/export`)
      .query({ format: 'csv' })
      .set(teacherB.auth)
      .expect(200);
  });

  describe('in the back office', () => {
    const ids = (res: { body: { records?: { params: { id: number } }[] } }) =>
      (res.body.records ?? []).map((r) => r.params.id);

    it.each([
      ['consultant', 'Customer', () => a.customer],
      ['consultant', 'Contact', () => a.contact],
      ['consultant', 'FollowUp', () => a.followUp],
      ['consultant', 'Payment', () => a.payment],
      ['consultant', 'Enrollment', () => a.enrollment],
      ['consultant', 'Feedback', () => a.feedback],
      ['teacher', 'SchoolClass', () => a.schoolClass],
      ['teacher', 'Lesson', () => a.lesson],
      ['teacher', 'Enrollment', () => a.enrollment],
    ] as const)('%s B cannot list, show, edit or delete A’s %s', async (kind, resource, idOfA) => {
      const { bo: b, cookie } = people[kind === 'consultant' ? 'consultantB' : 'teacherB'];
      const id = idOfA();
      const stored = await snapshotA();
      const list = await b.list(resource, { perPage: 100 }).expect(200);
      expect(ids(list)).not.toContain(id);
      // the reference selects' look-up (AdminJS's search) is scoped too
      const search = await b.page(`${ADMIN_API}/${resource}/search`).expect(200);
      if (resource !== 'Lesson') expect(search.body.notice?.type).not.toBe('error'); // lessons: a class's list only
      expect(ids(search)).not.toContain(id);
      for (const action of ['show', 'edit', 'delete']) {
        const res = await b.record(resource, id, action).expect(200);
        expect({ action, notice: res.body.notice?.type }).toEqual({ action, notice: 'error' });
        expect(res.body.record.params).toEqual({});
      }
      const edited = await b.edit(resource, id, { version: '1', name: 'hijack', outline: 'hijack' }).expect(200);
      expect(edited.body.notice?.type).toBe('error');
      const deleted = await b.page(`${ADMIN_API}/${resource}/records/${id}/delete`).expect(200);
      expect(deleted.body.notice?.type).toBe('error');
      const posted = await t.http.post(`${ADMIN_API}/${resource}/records/${id}/delete`).set('Cookie', cookie);
      expect(posted.body.notice?.type).toBe('error');
      const bulk = await t.http.post(`${ADMIN_API}/${resource}/bulk/bulkDelete?recordIds=${id}`).set('Cookie', cookie);
      expect(bulk.status).toBe(404);
      expect(await snapshotA()).toBe(stored);
    });

    it('teacher B cannot open the sheet or a line of A’s lesson', async () => {
      const b = people.teacherB.bo;
      const sheet = await b.list('StudyRecord', { 'filters.lessonId': a.lesson }).expect(200);
      expect(sheet.body.notice?.type).toBe('error');
      expect(sheet.body.records).toEqual([]);
      const line = await b.record('StudyRecord', a.line).expect(200);
      expect(line.body.notice?.type).toBe('error');
      const stored = await snapshotA();
      const edited = await b.edit('StudyRecord', a.line, { version: '1', attendance: 'absent' }).expect(200);
      expect(edited.body.notice?.type).toBe('error');
      expect(await snapshotA()).toBe(stored);
    });
  });
});
