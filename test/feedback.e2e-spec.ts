import { Staff } from '../src/auth/entities/staff.entity.js';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import {
  CustomerSource,
  FeedbackChannel,
  FeedbackPriority,
  FeedbackReplyKind,
  FeedbackStatus,
  FeedbackType,
} from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { FeedbackReply } from '../src/feedback/entities/feedback-reply.entity.js';
import { Feedback } from '../src/feedback/entities/feedback.entity.js';
import { Branch } from '../src/teaching/entities/branch.entity.js';
import { Course } from '../src/teaching/entities/course.entity.js';
import { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const S = FeedbackStatus.code;

describe('feedback tickets: record, list, read, edit, delete, scope and response targets', () => {
  let t: TestApp;
  let admin: Auth;
  let service: { id: number; auth: Auth };
  let consultantA: { id: number; auth: Auth };
  let consultantB: { id: number; auth: Auth };
  let teacher: { id: number; auth: Auth };
  let customerA: Customer;
  let customerB: Customer;

  const newCustomer = (name: string, consultantId: number) =>
    t.dataSource.getRepository(Customer).save({ name, consultantId, source: CustomerSource.code.referral });

  const complaint = (customerId: number, extra: Record<string, unknown> = {}) => ({
    customerId,
    type: FeedbackType.code.complaint,
    channel: FeedbackChannel.code.phone,
    title: 'Projector broken in room 3',
    content: 'The customer called: the projector in room 3 does not turn on.',
    ...extra,
  });

  const create = async (auth: Auth, body: Record<string, unknown>) => {
    const res = await t.http.post('/api/v1/feedback').set(auth).send(body);
    if (res.status !== 201) throw new Error(`creating feedback: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const ticketCount = () => t.dataSource.getRepository(Feedback).count();

  /** Moves the ticket's creation time (the response targets count from it). */
  const setCreatedAt = (id: number, createdAt: Date) =>
    t.dataSource.createQueryBuilder().update(Feedback).set({ createdAt }).where('id = :id', { id }).execute();

  beforeAll(async () => {
    // urgent tickets get one hour for the first response (the other priorities keep their defaults)
    t = await startTestApp({ FEEDBACK_RESPONSE_HOURS: 'urgent:1' });
    admin = await adminAuth(t);
    service = await staffWithRole(t, admin, 'service1', 'service');
    consultantA = await staffWithRole(t, admin, 'consultant.a', 'consultant');
    consultantB = await staffWithRole(t, admin, 'consultant.b', 'consultant');
    teacher = await staffWithRole(t, admin, 'teacher1', 'teacher');
    customerA = await newCustomer('张三', consultantA.id);
    customerB = await newCustomer('李四', consultantB.id);
  });
  afterAll(() => t.close());

  it('records a complaint taken by phone, with due times by priority, and audits it', async () => {
    const body = await create(service.auth, complaint(customerA.id, { priority: FeedbackPriority.code.high }));
    expect(body).toMatchObject({
      number: `F-${String(body.id).padStart(6, '0')}`,
      customer: { id: customerA.id, number: `C-${String(customerA.id).padStart(6, '0')}`, name: '张三' },
      type: FeedbackType.code.complaint,
      channel: FeedbackChannel.code.phone,
      priority: FeedbackPriority.code.high,
      status: S.open,
      nextStatuses: [S.inProgress],
      assignee: null,
      createdBy: { id: service.id, name: 'service1' },
      enrollmentId: null,
      classId: null,
      resolution: null,
      satisfaction: null,
      firstResponseAt: null,
      resolvedAt: null,
      closedAt: null,
      overdue: false,
      version: 1,
    });
    const created = new Date(body.createdAt).getTime();
    expect(new Date(body.firstResponseDueAt).getTime() - created).toBe(8 * HOUR); // high: 8h
    expect(new Date(body.resolutionDueAt).getTime() - created).toBe(48 * HOUR); // high: 48h

    const read = await t.http.get(`/api/v1/feedback/${body.id}`).set(service.auth).expect(200);
    expect(read.body).toMatchObject({ id: body.id, title: 'Projector broken in room 3', timeline: [] });

    const audit = await t.dataSource
      .getRepository(AuditLog)
      .findOneByOrFail({ entity: 'feedback', entityId: String(body.id), action: 'create' });
    expect(audit.actorId).toBe(service.id);
    expect(audit.changes).toMatchObject({ title: [null, 'Projector broken in room 3'] });

    // the priority defaults to normal (24h / 120h)
    const normal = await create(consultantA.auth, complaint(customerA.id, { type: FeedbackType.code.praise }));
    expect(normal.priority).toBe(FeedbackPriority.code.normal);
    expect(new Date(normal.firstResponseDueAt).getTime() - new Date(normal.createdAt).getTime()).toBe(24 * HOUR);
  });

  it('links an enrollment of the customer (its class filled in) or a class, and refuses mismatches', async () => {
    const course = await t.dataSource
      .getRepository(Course)
      .save({ name: 'Java 全栈', price: 1_200_000, periodMonths: 6, outline: 'Java' });
    const branch = await t.dataSource.getRepository(Branch).save({ name: '北京校区', address: '海淀区' });
    const schoolClass = await t.dataSource.getRepository(SchoolClass).save({
      branchId: branch.id,
      courseId: course.id,
      classType: 0,
      semester: 1,
      startDate: '2026-03-01',
    });
    const enrollment = await t.dataSource
      .getRepository(Enrollment)
      .save({ customerId: customerA.id, classId: schoolClass.id, consultantId: consultantA.id });

    const linked = await create(service.auth, complaint(customerA.id, { enrollmentId: enrollment.id }));
    expect(linked).toMatchObject({ enrollmentId: enrollment.id, classId: schoolClass.id });
    const byClass = await create(service.auth, complaint(customerB.id, { classId: schoolClass.id }));
    expect(byClass).toMatchObject({ enrollmentId: null, classId: schoolClass.id });

    const before = await ticketCount();
    const otherCustomer = await t.http
      .post('/api/v1/feedback')
      .set(service.auth)
      .send(complaint(customerB.id, { enrollmentId: enrollment.id }))
      .expect(400);
    expect(otherCustomer.body.errors).toEqual([
      { field: 'enrollmentId', message: `customer ${customerB.id} has no enrollment with id ${enrollment.id}` },
    ]);
    const wrongClass = await t.http
      .post('/api/v1/feedback')
      .set(service.auth)
      .send(complaint(customerA.id, { enrollmentId: enrollment.id, classId: schoolClass.id + 1000 }))
      .expect(400);
    expect(wrongClass.body.errors[0].field).toBe('classId');
    const noClass = await t.http
      .post('/api/v1/feedback')
      .set(service.auth)
      .send(complaint(customerA.id, { classId: 999999 }))
      .expect(400);
    expect(noClass.body.errors).toEqual([{ field: 'classId', message: 'no class with id 999999' }]);
    expect(await ticketCount()).toBe(before);
  });

  it('refuses bad input with 400 naming each field, and stores nothing', async () => {
    const before = await ticketCount();
    const res = await t.http
      .post('/api/v1/feedback')
      .set(service.auth)
      .send({ customerId: 'x', type: 99, channel: -1, priority: 'urgent', title: '', content: 5 })
      .expect(400);
    const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
    expect(fields).toEqual(new Set(['customerId', 'type', 'channel', 'priority', 'title', 'content']));
    expect(res.body.errors).toContainEqual({
      field: 'type',
      message: 'type must be one of 0, 1, 2, 3, 4, 5, 6 (see GET /api/v1/codes, table feedbackType)',
    });

    const unknown = await t.http
      .post('/api/v1/feedback')
      .set(service.auth)
      .send({ ...complaint(customerA.id), status: S.closed })
      .expect(400);
    expect(unknown.body.errors).toEqual([{ field: 'status', message: 'property status should not exist' }]);
    await t.http
      .post('/api/v1/feedback')
      .set(service.auth)
      .send(complaint(customerA.id, { title: 'x'.repeat(129) }))
      .expect(400);
    const missing = await t.http.post('/api/v1/feedback').set(service.auth).send(complaint(999999)).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'customerId', message: 'no customer with id 999999' }]);
    // another consultant's customer looks exactly like a missing one
    const foreign = await t.http
      .post('/api/v1/feedback')
      .set(consultantB.auth)
      .send(complaint(customerA.id))
      .expect(400);
    expect(foreign.body.errors).toEqual([{ field: 'customerId', message: `no customer with id ${customerA.id}` }]);
    expect(await ticketCount()).toBe(before);
  });

  it('answers 401 without a token and 403 without the permission', async () => {
    const ticket = await create(service.auth, complaint(customerA.id));
    const id = ticket.id;
    await t.http.post('/api/v1/feedback').send(complaint(customerA.id)).expect(401);
    await t.http.get('/api/v1/feedback').expect(401);
    await t.http.get(`/api/v1/feedback/${id}`).expect(401);
    await t.http.patch(`/api/v1/feedback/${id}`).send({ version: 1, title: 'x' }).expect(401);
    await t.http.post(`/api/v1/feedback/${id}/assign`).send({ assigneeId: null, version: 1 }).expect(401);
    await t.http.post(`/api/v1/feedback/${id}/status`).send({ status: S.inProgress, version: 1 }).expect(401);
    await t.http.post(`/api/v1/feedback/${id}/replies`).send({ content: 'hi' }).expect(401);
    await t.http.post(`/api/v1/feedback/${id}/satisfaction`).send({ score: 5 }).expect(401);
    await t.http.delete(`/api/v1/feedback/${id}`).expect(401);
    await t.http.get(`/api/v1/customers/${customerA.id}/feedback`).expect(401);

    // a teacher reads feedback but does not record or work it
    const denied = await t.http.post('/api/v1/feedback').set(teacher.auth).send(complaint(customerA.id)).expect(403);
    expect(denied.body.detail).toBe('Requires permission feedback.write');
    await t.http.patch(`/api/v1/feedback/${id}`).set(teacher.auth).send({ version: 1, title: 'x' }).expect(403);
    await t.http.post(`/api/v1/feedback/${id}/replies`).set(teacher.auth).send({ content: 'hi' }).expect(403);
    await t.http.post(`/api/v1/feedback/${id}/status`).set(teacher.auth).send({ status: 1, version: 1 }).expect(403);
    await t.http.post(`/api/v1/feedback/${id}/satisfaction`).set(teacher.auth).send({ score: 5 }).expect(403);
    // consultants work feedback but do not assign or delete it
    const assign = await t.http
      .post(`/api/v1/feedback/${id}/assign`)
      .set(consultantA.auth)
      .send({ assigneeId: consultantA.id, version: 1 })
      .expect(403);
    expect(assign.body.detail).toBe('Requires permission feedback.manage');
    await t.http.delete(`/api/v1/feedback/${id}`).set(consultantA.auth).expect(403);
    const unchanged = await t.dataSource.getRepository(Feedback).findOneByOrFail({ id });
    expect(unchanged).toMatchObject({ assigneeId: null, version: 1 });
  });

  it('scope: the service role sees all; a consultant sees own customers’ tickets plus assigned ones (others 404)', async () => {
    const ofA = await create(service.auth, complaint(customerA.id, { title: 'Scope A' }));
    const ofB = await create(service.auth, complaint(customerB.id, { title: 'Scope B' }));
    const titles = async (auth: Auth) =>
      (await t.http.get('/api/v1/feedback?q=Scope&pageSize=100').set(auth).expect(200)).body.data.map(
        (f: { title: string }) => f.title,
      );
    expect(new Set(await titles(service.auth))).toEqual(new Set(['Scope A', 'Scope B']));
    expect(await titles(consultantA.auth)).toEqual(['Scope A']);
    expect(await titles(consultantB.auth)).toEqual(['Scope B']);
    expect(await titles(teacher.auth)).toEqual([]);

    // another consultant's ticket answers 404 everywhere, whatever version is sent
    await t.http.get(`/api/v1/feedback/${ofA.id}`).set(consultantA.auth).expect(200);
    await t.http.get(`/api/v1/feedback/${ofA.id}`).set(consultantB.auth).expect(404);
    await t.http.get(`/api/v1/feedback/${ofA.id}`).set(teacher.auth).expect(404);
    await t.http.patch(`/api/v1/feedback/${ofA.id}`).set(consultantB.auth).send({ version: 9, title: 'x' }).expect(404);
    await t.http.post(`/api/v1/feedback/${ofA.id}/replies`).set(consultantB.auth).send({ content: 'x' }).expect(404);
    await t.http
      .post(`/api/v1/feedback/${ofA.id}/status`)
      .set(consultantB.auth)
      .send({ status: S.inProgress, version: 1 })
      .expect(404);
    await t.http.post(`/api/v1/feedback/${ofA.id}/satisfaction`).set(consultantB.auth).send({ score: 3 }).expect(404);
    await t.http.get(`/api/v1/customers/${customerA.id}/feedback`).set(consultantB.auth).expect(404);
    expect(await t.dataSource.getRepository(FeedbackReply).countBy({ feedbackId: ofA.id })).toBe(0);

    // once assigned to consultant B, B can see and work that ticket (but still not A's customer)
    await t.http
      .post(`/api/v1/feedback/${ofA.id}/assign`)
      .set(service.auth)
      .send({ assigneeId: consultantB.id, version: 1 })
      .expect(200);
    expect(new Set(await titles(consultantB.auth))).toEqual(new Set(['Scope A', 'Scope B']));
    await t.http.get(`/api/v1/feedback/${ofA.id}`).set(consultantB.auth).expect(200);
    await t.http
      .post(`/api/v1/feedback/${ofA.id}/replies`)
      .set(consultantB.auth)
      .send({ kind: FeedbackReplyKind.code.customer, content: 'We are on it' })
      .expect(201);
    await t.http.get(`/api/v1/customers/${customerA.id}/feedback`).set(consultantB.auth).expect(404);
    await t.http.get(`/api/v1/feedback/${ofB.id}`).set(consultantA.auth).expect(404);

    // a soft-deleted customer's tickets are hidden with the customer
    const gone = await newCustomer('王五', consultantA.id);
    const ofGone = await create(service.auth, complaint(gone.id, { title: 'Scope gone' }));
    await t.dataSource.getRepository(Customer).softDelete(gone.id);
    await t.http.get(`/api/v1/feedback/${ofGone.id}`).set(service.auth).expect(404);
    expect(await titles(service.auth)).not.toContain('Scope gone');
    await t.http.get(`/api/v1/customers/${gone.id}/feedback`).set(service.auth).expect(404);
  });

  it('edits title, content, type, channel and priority with a version; stale or bad input changes nothing', async () => {
    const ticket = await create(consultantA.auth, complaint(customerA.id));
    const res = await t.http
      .patch(`/api/v1/feedback/${ticket.id}`)
      .set(consultantA.auth)
      .send({ version: 1, title: '  Projector and screen  ', priority: FeedbackPriority.code.urgent })
      .expect(200);
    expect(res.body).toMatchObject({
      title: 'Projector and screen',
      priority: FeedbackPriority.code.urgent,
      version: 2,
    });
    // urgent: first response within 1 hour (FEEDBACK_RESPONSE_HOURS=urgent:1), resolution within 24h
    const created = new Date(res.body.createdAt).getTime();
    expect(new Date(res.body.firstResponseDueAt).getTime() - created).toBe(1 * HOUR);
    expect(new Date(res.body.resolutionDueAt).getTime() - created).toBe(24 * HOUR);

    const stale = await t.http
      .patch(`/api/v1/feedback/${ticket.id}`)
      .set(consultantA.auth)
      .send({ version: 1, title: 'Old news' })
      .expect(409);
    expect(stale.body.currentVersion).toBe(2);
    const bad = await t.http
      .patch(`/api/v1/feedback/${ticket.id}`)
      .set(consultantA.auth)
      .send({ version: 2, priority: 7, channel: 'fax', customerId: customerB.id })
      .expect(400);
    expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['priority', 'channel', 'customerId']),
    );
    await t.http.patch(`/api/v1/feedback/${ticket.id}`).set(consultantA.auth).send({ title: 'No version' }).expect(400);
    await t.http.patch('/api/v1/feedback/abc').set(consultantA.auth).send({ version: 1 }).expect(400);
    await t.http.patch('/api/v1/feedback/999999').set(consultantA.auth).send({ version: 1 }).expect(404);
    const now = await t.dataSource.getRepository(Feedback).findOneByOrFail({ id: ticket.id });
    expect(now).toMatchObject({ title: 'Projector and screen', version: 2, customerId: customerA.id });
  });

  it('lists with filters, sort and counts by status over the same filters except status', async () => {
    const customer = await newCustomer('赵六', consultantA.id);
    const mk = (title: string, extra: Record<string, unknown> = {}) =>
      create(service.auth, complaint(customer.id, { title, ...extra }));
    const a = await mk('List alpha', { priority: FeedbackPriority.code.low, type: FeedbackType.code.suggestion });
    const b = await mk('List bravo', { priority: FeedbackPriority.code.high });
    const c = await mk('List charlie', { priority: FeedbackPriority.code.urgent });
    await mk('Other delta');
    await t.http.post(`/api/v1/feedback/${b.id}/status`).set(service.auth).send({ status: S.inProgress, version: 1 });
    await t.http.post(`/api/v1/feedback/${c.id}/assign`).set(service.auth).send({ assigneeId: service.id, version: 1 });
    const list = (qs: string, auth: Auth = service.auth) =>
      t.http.get(`/api/v1/customers/${customer.id}/feedback${qs}`).set(auth).expect(200);
    const titles = (res: { body: { data: { title: string }[] } }) => res.body.data.map((f) => f.title);

    const all = await list('?sort=createdAt');
    expect(titles(all)).toEqual(['List alpha', 'List bravo', 'List charlie', 'Other delta']);
    expect(all.body.meta).toEqual({
      page: 1,
      pageSize: 20,
      total: 4,
      totalCapped: false,
      next: null,
      countsByStatus: { 0: 3, 1: 1, 2: 0, 3: 0 },
    });

    const open = await list(`?status=${S.open}&q=List&sort=-priority`);
    expect(titles(open)).toEqual(['List charlie', 'List alpha']);
    // the counts ignore the status filter but keep the others (q)
    expect(open.body.meta).toMatchObject({ total: 2, countsByStatus: { 0: 2, 1: 1, 2: 0, 3: 0 } });

    expect(titles(await list(`?type=${FeedbackType.code.suggestion}`))).toEqual(['List alpha']);
    expect(titles(await list(`?priority=${FeedbackPriority.code.high}`))).toEqual(['List bravo']);
    expect(titles(await list(`?assigneeId=${service.id}`))).toEqual(['List charlie']);
    expect(titles(await list(`?q=${b.number}`))).toEqual(['List bravo']);
    expect(titles(await list(`?q=${b.number.toLowerCase()}`))).toEqual(['List bravo']);
    expect(titles(await list('?q=%25'))).toEqual([]);
    const paged = await list('?sort=-createdAt&page=2&pageSize=3');
    expect(titles(paged)).toEqual(['List alpha']);
    expect(paged.body.meta).toMatchObject({ page: 2, pageSize: 3, total: 4 });

    // the same filters on GET /feedback, with customerId
    const byCustomer = await t.http
      .get(`/api/v1/feedback?customerId=${customer.id}&status=${S.inProgress}`)
      .set(service.auth)
      .expect(200);
    expect(titles(byCustomer)).toEqual(['List bravo']);

    // date range: both ends inclusive; a bare date is a whole day in the school's time zone
    await setCreatedAt(a.id, new Date('2020-01-10T08:00:00Z'));
    await setCreatedAt(b.id, new Date('2020-01-20T08:00:00Z'));
    const range = (to: string) =>
      list(`?createdFrom=${encodeURIComponent('2020-01-10T08:00:00Z')}&createdTo=${encodeURIComponent(to)}`);
    expect(titles(await range('2020-01-20T08:00:00Z'))).toEqual(['List bravo', 'List alpha']);
    expect(titles(await range('2020-01-20T07:59:59Z'))).toEqual(['List alpha']);
    expect(titles(await list(`?createdFrom=2020-01-15&createdTo=2020-02-01`))).toEqual(['List bravo']);
  });

  it('refuses bad list queries with 400', async () => {
    const bad = async (qs: string, field: string) => {
      const res = await t.http.get(`/api/v1/feedback${qs}`).set(service.auth).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await bad('?status=9', 'status');
    await bad('?type=abc', 'type');
    await bad('?priority=-1', 'priority');
    await bad('?assigneeId=me', 'assigneeId');
    await bad('?overdue=maybe', 'overdue');
    await bad('?createdFrom=yesterday', 'createdFrom');
    await bad('?createdFrom=2026-02-01&createdTo=2026-01-01', 'createdTo');
    await bad('?sort=title', 'sort');
    await bad('?pageSize=101', 'pageSize');
    await bad('?color=red', 'color');
    await t.http.get('/api/v1/customers/abc/feedback').set(service.auth).expect(400);
    await t.http.get('/api/v1/customers/999999/feedback').set(service.auth).expect(404);
  });

  it('lists a page in two queries (counts and rows), however many tickets it shows', async () => {
    const customer = await newCustomer('钱七', consultantA.id);
    for (let i = 0; i < 5; i++) {
      const f = await create(service.auth, complaint(customer.id, { title: `Bulk ${i}` }));
      await t.http
        .post(`/api/v1/feedback/${f.id}/assign`)
        .set(service.auth)
        .send({ assigneeId: service.id, version: 1 });
    }
    let body: { data: unknown[] } = { data: [] };
    const queries = await captureQueries(t.dataSource, async () => {
      const res = await t.http.get('/api/v1/feedback?q=Bulk&overdue=false').set(consultantA.auth).expect(200);
      body = res.body;
    });
    expect(body.data).toHaveLength(5);
    expect(queries).toHaveLength(2);
    expect(queries.some((q) => /GROUP BY/i.test(q))).toBe(true);
  });

  it('computes overdue right at the boundaries of the first response and resolution targets, in answers and the filter', async () => {
    const customer = await newCustomer('孙八', consultantA.id);
    const now = Date.now();
    const mk = async (title: string, priority: number, ageMs: number, work: 'none' | 'responded' | 'resolved') => {
      const f = await create(service.auth, complaint(customer.id, { title, priority }));
      if (work !== 'none') {
        await t.http
          .post(`/api/v1/feedback/${f.id}/replies`)
          .set(service.auth)
          .send({ kind: FeedbackReplyKind.code.customer, content: 'We will send a technician' })
          .expect(201);
      }
      if (work === 'resolved') {
        // the reply to the customer put the ticket in progress (version 2)
        await t.http
          .post(`/api/v1/feedback/${f.id}/status`)
          .set(service.auth)
          .send({ status: S.resolved, version: 2, resolution: 'Replaced the lamp' })
          .expect(200);
      }
      await setCreatedAt(f.id, new Date(now - ageMs));
      return f.id as number;
    };
    const normal = FeedbackPriority.code.normal;
    const urgent = FeedbackPriority.code.urgent;
    const ids = {
      // normal: first response due 24h after creation
      responseNotYetDue: await mk('response just before due', normal, 24 * HOUR - MINUTE, 'none'),
      responsePastDue: await mk('response just past due', normal, 24 * HOUR + MINUTE, 'none'),
      // normal: resolution due 120h after creation (the first response was given)
      resolutionNotYetDue: await mk('resolution just before due', normal, 120 * HOUR - MINUTE, 'responded'),
      resolutionPastDue: await mk('resolution just past due', normal, 120 * HOUR + MINUTE, 'responded'),
      resolvedLongAgo: await mk('resolved, old', normal, 500 * HOUR, 'resolved'),
      // urgent: first response due after 1h (configured), resolution after 24h
      urgentNotYetDue: await mk('urgent just before due', urgent, HOUR - MINUTE, 'none'),
      urgentPastDue: await mk('urgent just past due', urgent, HOUR + MINUTE, 'none'),
      urgentRespondedPastResolution: await mk('urgent responded, unresolved', urgent, 24 * HOUR + MINUTE, 'responded'),
    };
    const overdue = new Set([
      ids.responsePastDue,
      ids.resolutionPastDue,
      ids.urgentPastDue,
      ids.urgentRespondedPastResolution,
    ]);

    for (const [name, id] of Object.entries(ids)) {
      const res = await t.http.get(`/api/v1/feedback/${id}`).set(service.auth).expect(200);
      expect({ name, overdue: res.body.overdue }).toEqual({ name, overdue: overdue.has(id) });
    }
    const first = await t.http.get(`/api/v1/feedback/${ids.responseNotYetDue}`).set(service.auth);
    const due = new Date(first.body.firstResponseDueAt).getTime();
    expect(due - new Date(first.body.createdAt).getTime()).toBe(24 * HOUR);
    expect(due).toBeGreaterThan(Date.now());

    const listed = async (qs: string) =>
      new Set(
        (
          await t.http.get(`/api/v1/customers/${customer.id}/feedback?pageSize=100${qs}`).set(service.auth).expect(200)
        ).body.data.map((f: { id: number }) => f.id),
      );
    expect(await listed('&overdue=true')).toEqual(overdue);
    expect(await listed('&overdue=false')).toEqual(new Set(Object.values(ids).filter((id) => !overdue.has(id))));
    // a manager lists every overdue ticket
    const manager = await staffWithRole(t, admin, 'manager1', 'manager');
    const everyOverdue = await t.http.get('/api/v1/feedback?overdue=true&pageSize=100').set(manager.auth).expect(200);
    expect(everyOverdue.body.data.every((f: { overdue: boolean }) => f.overdue)).toBe(true);
    for (const id of overdue) expect(everyOverdue.body.data.map((f: { id: number }) => f.id)).toContain(id);
    expect(everyOverdue.body.meta.total).toBe(everyOverdue.body.data.length);
  });

  it('deletes only an open ticket without replies (its events go with it); anything else is 409', async () => {
    const plain = await create(service.auth, complaint(customerA.id, { title: 'Entered twice' }));
    await t.http
      .post(`/api/v1/feedback/${plain.id}/assign`)
      .set(service.auth)
      .send({ assigneeId: service.id, version: 1 })
      .expect(200);
    await t.http.delete(`/api/v1/feedback/${plain.id}`).set(service.auth).expect(204);
    await t.http.get(`/api/v1/feedback/${plain.id}`).set(service.auth).expect(404);
    expect(await t.dataSource.getRepository(FeedbackReply).countBy({ feedbackId: plain.id })).toBe(0);
    const audit = await t.dataSource
      .getRepository(AuditLog)
      .findOneBy({ entity: 'feedback', entityId: String(plain.id), action: 'delete' });
    expect(audit?.actorId).toBe(service.id);

    const replied = await create(service.auth, complaint(customerA.id));
    await t.http.post(`/api/v1/feedback/${replied.id}/replies`).set(service.auth).send({ content: 'Called back' });
    const withReply = await t.http.delete(`/api/v1/feedback/${replied.id}`).set(service.auth).expect(409);
    expect(withReply.body.detail).toMatch(/has 1 reply; only open tickets without replies can be deleted/);

    const started = await create(service.auth, complaint(customerA.id));
    await t.http
      .post(`/api/v1/feedback/${started.id}/status`)
      .set(service.auth)
      .send({ status: S.inProgress, version: 1 });
    const inProgress = await t.http.delete(`/api/v1/feedback/${started.id}`).set(service.auth).expect(409);
    expect(inProgress.body.detail).toMatch(/is In progress; only open tickets/);
    expect(await t.dataSource.getRepository(Feedback).countBy({ id: replied.id })).toBe(1);
    await t.http.delete('/api/v1/feedback/999999').set(service.auth).expect(404);
  });

  it('shows the customer overview’s tickets to whoever sees the customer', async () => {
    const customer = await newCustomer('周九', consultantA.id);
    const first = await create(consultantA.auth, complaint(customer.id, { title: 'Overview one' }));
    await create(service.auth, complaint(customer.id, { title: 'Overview two' }));
    for (const auth of [service.auth, consultantA.auth, admin]) {
      const res = await t.http.get(`/api/v1/customers/${customer.id}/feedback`).set(auth).expect(200);
      expect(res.body.data.map((f: { title: string }) => f.title)).toEqual(['Overview two', 'Overview one']);
      expect(res.body.meta).toMatchObject({ total: 2, countsByStatus: { 0: 2, 1: 0, 2: 0, 3: 0 } });
    }
    await t.http.get(`/api/v1/customers/${customer.id}/feedback`).set(consultantB.auth).expect(404);
    await t.http.get(`/api/v1/customers/${customer.id}/feedback?customerId=1`).set(service.auth).expect(400);
    expect(first.customer.id).toBe(customer.id);
  });

  it('refuses to assign to staff who may not work feedback', async () => {
    const ticket = await create(service.auth, complaint(customerA.id));
    const disabled = await staffWithRole(t, admin, 'consultant.off', 'consultant');
    await t.dataSource.getRepository(Staff).update(disabled.id, { isActive: false });
    for (const assigneeId of [teacher.id, disabled.id, 999999]) {
      const res = await t.http
        .post(`/api/v1/feedback/${ticket.id}/assign`)
        .set(service.auth)
        .send({ assigneeId, version: 1 })
        .expect(400);
      expect(res.body.errors).toEqual([
        {
          field: 'assigneeId',
          message: `staff ${assigneeId} is not an active staff member who may work feedback (feedback.write)`,
        },
      ]);
    }
    await t.http
      .post(`/api/v1/feedback/${ticket.id}/assign`)
      .set(service.auth)
      .send({ assigneeId: 'x', version: 1 })
      .expect(400);
    await t.http.post(`/api/v1/feedback/${ticket.id}/assign`).set(service.auth).send({ version: 1 }).expect(400);
    await t.http
      .post(`/api/v1/feedback/${ticket.id}/assign`)
      .set(service.auth)
      .send({ assigneeId: consultantA.id, version: 5 })
      .expect(409);
    const unchanged = await t.dataSource.getRepository(Feedback).findOneByOrFail({ id: ticket.id });
    expect(unchanged).toMatchObject({ assigneeId: null, version: 1 });
    expect(await t.dataSource.getRepository(FeedbackReply).countBy({ feedbackId: ticket.id })).toBe(0);
  });
});
