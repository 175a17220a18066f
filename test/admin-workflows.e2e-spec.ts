import type { ServiceResource } from '../src/admin/adapter/service-resource.js';
import { adminOptions } from '../src/admin/admin-options.js';
import { ACTION_LABELS, FIELD_LABELS, RESOURCE_FIELD_LABELS, RESOURCE_LABELS } from '../src/admin/locale/labels.js';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import {
  Attendance,
  EnrollmentStatus,
  FeedbackStatus,
  PaymentMethod,
  PaymentType,
  Score,
} from '../src/common/codes/codes.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { Feedback } from '../src/feedback/entities/feedback.entity.js';
import { Payment } from '../src/sales/entities/payment.entity.js';
import { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import { StudyRecord } from '../src/teaching/entities/study-record.entity.js';
import { adminSession, backOffice, startBackOfficeApp, type BackOfficeClient } from './support/back-office.js';
import { EnrollmentFixtures } from './support/enrollment-fixtures.js';
import { adminAuth, staffWithRole, type Auth } from './support/fixtures.js';
import type { TestApp } from './support/test-app.js';

const S = EnrollmentStatus.code;

type Staff = { id: number; auth: Auth; bo: BackOfficeClient };

/** The back-office state a page carries (resources and the actions the signed-in staff member may use). */
const reduxState = (html: string) => JSON.parse(/window\.REDUX_STATE = (.*?);\n/s.exec(html)![1]);

describe('back office: workflows go through the module services', () => {
  let t: TestApp;
  let f: EnrollmentFixtures;
  let admin: Auth;
  let consultant: Staff;
  let manager: Staff;

  async function staff(username: string, role: string): Promise<Staff> {
    const { id, auth } = await staffWithRole(t, admin, username, role);
    return { id, auth, bo: backOffice(t, await adminSession(t, username, `${username}#Pass2026`)) };
  }

  beforeAll(async () => {
    t = await startBackOfficeApp();
    f = new EnrollmentFixtures(t);
    admin = await adminAuth(t);
    consultant = await staff('wf_consultant', 'consultant');
    manager = await staff('wf_manager', 'manager');
  });
  afterAll(() => t.close());

  it('labels every resource, field and action it adds in English and Chinese', () => {
    const added = [
      'Enrollment',
      'EnrollmentRejection',
      'EnrollmentCancellation',
      'Feedback',
      'FeedbackAssignment',
      'FeedbackResolution',
      'Payment',
      'Branch',
      'SchoolClass',
      'Lesson',
      'StudyRecord',
    ];
    const { resources = [] } = adminOptions((type) => t.app.get(type, { strict: false }), t.dataSource);
    for (const id of added) {
      const resource = resources.map((r) => (r as { resource: ServiceResource }).resource).find((r) => r.id() === id)!;
      expect(RESOURCE_LABELS[id]).toHaveLength(2);
      const names = resource.infos.flatMap((info) => [info.name, ...info.subProperties.map((sub) => sub.name)]);
      for (const name of names) {
        const label = RESOURCE_FIELD_LABELS[id]?.[name] ?? FIELD_LABELS[name];
        expect([id, name, label?.every((text) => text.length > 0)]).toEqual([id, name, true]);
      }
    }
    const actions = [
      'agree',
      'approve',
      'reject',
      'cancel',
      'assign',
      'start',
      'resolve',
      'close',
      'reopen',
      'lessons',
      'attendance',
    ];
    for (const action of actions) expect(ACTION_LABELS[action]).toHaveLength(2);
  });

  describe('enrollments', () => {
    /** A pending enrollment of a new customer of the consultant, made through the API. */
    async function pending() {
      const customer = await f.customer(consultant.id, '报名学员');
      const k = await f.schoolClass();
      const res = await t.http
        .post('/api/v1/enrollments')
        .set(consultant.auth)
        .send({ customerId: customer.id, classId: k.id })
        .expect(201);
      return res.body as { id: number; version: number; number: string };
    }
    const stored = (id: number) => t.dataSource.getRepository(Enrollment).findOneByOrFail({ id });
    const audit = (id: number) =>
      t.dataSource
        .getRepository(AuditLog)
        .find({ where: { entity: 'enrollment', entityId: String(id) }, order: { id: 'ASC' } });

    it('lists with the customer, class, consultant, status, price in yuan and lessons left; filters', async () => {
      const e = await pending();
      const list = await manager.bo.list('Enrollment', { 'filters.status': 'pending', perPage: 100 }).expect(200);
      const row = list.body.records.find((r: { params: { id: number } }) => r.params.id === e.id);
      expect(row.params).toMatchObject({
        number: e.number,
        status: 'pending',
        priceYuan: '¥9,800.00',
        lessonsRemaining: 10,
        className: expect.stringMatching(/校区\d+/),
      });
      expect(row.populated.customerId).toMatchObject({ title: '报名学员' });
      expect(row.populated.consultantId).toMatchObject({ title: 'wf_consultant' });
      const approved = await manager.bo.list('Enrollment', { 'filters.status': 'approved', perPage: 100 });
      expect(approved.body.records.map((r: { params: { id: number } }) => r.params.id)).not.toContain(e.id);
      const byClass = await manager.bo.list('Enrollment', { 'filters.classId': row.params.classId }).expect(200);
      expect(byClass.body.records.map((r: { params: { id: number } }) => r.params.id)).toEqual([e.id]);
      const shown = await consultant.bo.record('Enrollment', e.id).expect(200);
      expect(shown.body.record.params).toMatchObject({ contractText: expect.stringContaining('培训合同') });
    });

    it("enrolls one of the consultant's customers; the course's price and lessons are copied", async () => {
      const customer = await f.customer(consultant.id, '新学员');
      const k = await f.schoolClass();
      const created = await consultant.bo
        .create('Enrollment', { customerId: String(customer.id), classId: String(k.id), purchasedLessons: '' })
        .expect(200);
      expect(created.body.notice.type).toBe('success');
      expect(created.body.record.params).toMatchObject({
        status: 'pending',
        consultantId: consultant.id,
        priceYuan: '¥9,800.00',
        lessonsPurchased: 10,
      });
      const again = await consultant.bo.create('Enrollment', {
        customerId: String(customer.id),
        classId: String(k.id),
      });
      expect(again.body.record.errors.classId.message).toBe('the customer is already enrolled in this class');
      const other = await staff('wf_consultant2', 'consultant');
      const foreign = await other.bo.create('Enrollment', { customerId: String(customer.id), classId: String(k.id) });
      expect(foreign.body.notice.type).toBe('error');
    });

    it('marks agreed and approves through the service, audited with the staff member', async () => {
      const e = await pending();
      const agreed = await consultant.bo.act('Enrollment', e.id, 'agree');
      expect(agreed.body.notice).toMatchObject({ type: 'success', message: 'enrollmentAgreed' });
      expect(agreed.body.record.params.status).toBe('agreed');
      const approved = await manager.bo.act('Enrollment', e.id, 'approve');
      expect(approved.body.notice).toMatchObject({ type: 'success', message: 'enrollmentApproved' });
      expect(approved.body.redirectUrl).toBe(`/admin/resources/Enrollment/records/${e.id}/show`);
      expect(await stored(e.id)).toMatchObject({ status: S.approved, approvedById: manager.id, version: 3 });
      expect((await audit(e.id)).map((entry) => [entry.action, entry.actorId, entry.changes?.status])).toEqual([
        ['create', consultant.id, [null, S.pending]],
        ['update', consultant.id, [S.pending, S.agreed]],
        ['update', manager.id, [S.agreed, S.approved]],
      ]);
    });

    it('takes a step only by POST with the version its page showed: a link changes nothing, a stale page is refused', async () => {
      const e = await pending();
      await consultant.bo.act('Enrollment', e.id, 'agree');
      // what a link (or a page someone else planted) would do: a GET, even by a manager, only shows the record
      const link = await manager.bo.record('Enrollment', e.id, 'approve').expect(200);
      expect(link.body.record.params).toMatchObject({ status: 'agreed', version: 2 });
      expect(await stored(e.id)).toMatchObject({ status: S.agreed, version: 2 });
      // the page showed version 1; the consultant has changed the record since
      const stale = await manager.bo.act('Enrollment', e.id, 'approve', 1);
      expect(stale.body.notice).toMatchObject({ type: 'error', message: 'problemStaleVersion' });
      expect(await stored(e.id)).toMatchObject({ status: S.agreed, version: 2 });
    });

    it('does not offer Approve or Reject to a consultant, and refuses them if called', async () => {
      const e = await pending();
      await consultant.bo.act('Enrollment', e.id, 'agree');
      const shown = await consultant.bo.record('Enrollment', e.id).expect(200);
      const offered = shown.body.record.recordActions.map((a: { name: string }) => a.name);
      expect(offered).toEqual(expect.arrayContaining(['show', 'cancel']));
      expect(offered).not.toContain('approve');
      expect(offered).not.toContain('reject');
      const managerView = await manager.bo.record('Enrollment', e.id).expect(200);
      expect(managerView.body.record.recordActions.map((a: { name: string }) => a.name)).toEqual(
        expect.arrayContaining(['approve', 'reject', 'cancel']),
      );
      const refused = await consultant.bo.act('Enrollment', e.id, 'approve');
      expect(refused.body.notice.type).toBe('error');
      expect((await stored(e.id)).status).toBe(S.agreed);
      const page = await consultant.bo.page('/admin/resources/Enrollment').expect(200);
      const visible = reduxState(page.text)
        .resources.filter((r: { href: string | null }) => r.href)
        .map((r: { id: string }) => r.id);
      expect(visible).toContain('Enrollment');
      expect(visible).not.toContain('EnrollmentRejection');
    });

    it('shows the workflow error of an illegal step and changes nothing', async () => {
      const e = await pending();
      const illegal = await manager.bo.act('Enrollment', e.id, 'approve');
      expect(illegal.body.notice).toMatchObject({ type: 'error', message: 'problemIllegalTransition' });
      expect(await stored(e.id)).toMatchObject({ status: S.pending, version: 1, approvedById: null });
      expect((await audit(e.id)).map((entry) => entry.action)).toEqual(['create']);
    });

    it('rejects with a required reason, with the version the form was read at', async () => {
      const e = await pending();
      await consultant.bo.act('Enrollment', e.id, 'agree');
      const form = await manager.bo.record('EnrollmentRejection', e.id, 'edit').expect(200);
      expect(form.body.record.params).toMatchObject({ version: 2, status: 'agreed' });
      const blank = await manager.bo.edit('EnrollmentRejection', e.id, { version: '2', reason: ' ' }).expect(200);
      expect(blank.body.record.errors.reason).toBeDefined();
      expect((await stored(e.id)).status).toBe(S.agreed);
      const stale = await manager.bo.edit('EnrollmentRejection', e.id, { version: '1', reason: '资料不全' });
      expect(stale.body.notice).toMatchObject({ type: 'error', message: 'problemStaleVersion' });
      const rejected = await manager.bo
        .edit('EnrollmentRejection', e.id, { version: '2', reason: '资料不全' })
        .expect(200);
      expect(rejected.body.notice.type).toBe('success');
      expect(rejected.body.redirectUrl).toBe(`/admin/resources/Enrollment/records/${e.id}/show`);
      expect(await stored(e.id)).toMatchObject({ status: S.rejected, rejectReason: '资料不全' });
      expect((await consultant.bo.record('EnrollmentRejection', e.id, 'edit')).body.notice.type).toBe('error');
    });

    it('cancels an open enrollment with an optional reason (enrollments.write)', async () => {
      const e = await pending();
      const cancelled = await consultant.bo.edit('EnrollmentCancellation', e.id, { version: '1', reason: '' });
      expect(cancelled.body.notice.type).toBe('success');
      expect(await stored(e.id)).toMatchObject({ status: S.cancelled, cancelReason: null });
      const again = await consultant.bo.edit('EnrollmentCancellation', e.id, { version: '2' });
      expect(again.body.notice.type).toBe('error');
    });
  });

  describe('feedback', () => {
    let service: Staff;
    const stored = (id: number) => t.dataSource.getRepository(Feedback).findOneByOrFail({ id });

    beforeAll(async () => {
      service = await staff('wf_service', 'service');
    });

    async function ticket(bo = manager.bo) {
      const customer = await f.customer(consultant.id, '反馈客户');
      const res = await bo
        .create('Feedback', {
          customerId: String(customer.id),
          type: 'complaint',
          channel: 'phone',
          priority: 'high',
          title: ' 老师迟到 ',
          content: '上周两次迟到',
        })
        .expect(200);
      expect(res.body.notice.type).toBe('success');
      return res.body.record.params as { id: number; number: string; version: number };
    }

    it('records a ticket with the API rules and lists it with labels and filters', async () => {
      const bad = await manager.bo.create('Feedback', { type: 'nonsense', channel: 'phone', title: '' }).expect(200);
      expect(Object.keys(bad.body.record.errors)).toEqual(expect.arrayContaining(['customerId', 'type', 'title']));
      const created = await ticket();
      expect(await stored(created.id)).toMatchObject({ title: '老师迟到', status: FeedbackStatus.code.open });
      const list = await manager.bo
        .list('Feedback', { 'filters.status': 'open', 'filters.priority': 'high', perPage: 100 })
        .expect(200);
      const row = list.body.records.find((r: { params: { id: number } }) => r.params.id === created.id);
      expect(row.params).toMatchObject({
        number: created.number,
        type: 'complaint',
        priority: 'high',
        status: 'open',
        overdue: false,
      });
      expect(row.populated.customerId).toMatchObject({ title: '反馈客户' });
      const overdue = await manager.bo.list('Feedback', { 'filters.overdue': 'true', perPage: 100 }).expect(200);
      expect(overdue.body.records.map((r: { params: { id: number } }) => r.params.id)).not.toContain(created.id);
    });

    it('assigns and resolves through the workflow service; a resolution is required', async () => {
      const { id } = await ticket();
      const offered = (await consultant.bo.record('Feedback', id)).body.record?.recordActions ?? [];
      expect(offered.map((a: { name: string }) => a.name)).not.toContain('assign');

      const form = await manager.bo.record('FeedbackAssignment', id, 'edit').expect(200);
      expect(form.body.record.params.version).toBe(1);
      const assigned = await manager.bo
        .edit('FeedbackAssignment', id, { version: '1', assigneeId: String(service.id) })
        .expect(200);
      expect(assigned.body.notice.type).toBe('success');
      expect(assigned.body.redirectUrl).toBe(`/admin/resources/Feedback/records/${id}/show`);
      expect(await stored(id)).toMatchObject({ assigneeId: service.id, version: 2 });
      const notWorker = await manager.bo.edit('FeedbackAssignment', id, {
        version: '2',
        assigneeId: String((await staffWithRole(t, admin, 'wf_teacher', 'teacher')).id),
      });
      expect(notWorker.body.record.errors.assigneeId.message).toMatch(/feedback\.write/);

      const started = await service.bo.act('Feedback', id, 'start');
      expect(started.body.notice).toMatchObject({ type: 'success', message: 'feedbackStarted' });
      const version = (await stored(id)).version;
      const blank = await service.bo
        .edit('FeedbackResolution', id, { version: String(version), resolution: '' })
        .expect(200);
      expect(blank.body.notice.type).toBe('error');
      expect(blank.body.record.errors.resolution.message).toBe('is required to resolve a ticket');
      expect(await stored(id)).toMatchObject({ status: FeedbackStatus.code.inProgress, version });

      const resolved = await service.bo
        .edit('FeedbackResolution', id, { version: String(version), resolution: '已与老师沟通，补课两次' })
        .expect(200);
      expect(resolved.body.notice.type).toBe('success');
      expect(await stored(id)).toMatchObject({
        status: FeedbackStatus.code.resolved,
        resolution: '已与老师沟通，补课两次',
      });
      const shown = await manager.bo.record('Feedback', id).expect(200);
      expect(shown.body.record.params).toMatchObject({
        status: 'resolved',
        'timeline.0.author': 'wf_manager',
        'timeline.0.content': expect.stringMatching(/wf_service/),
      });

      const closed = await manager.bo.act('Feedback', id, 'close');
      expect(closed.body.notice).toMatchObject({ type: 'success', message: 'feedbackClosed' });
      const again = await manager.bo.act('Feedback', id, 'close');
      expect(again.body.notice.type).toBe('error');
      const reopened = await manager.bo.act('Feedback', id, 'reopen');
      expect(reopened.body.notice.type).toBe('success');
      expect(await stored(id)).toMatchObject({ status: FeedbackStatus.code.inProgress, resolution: null });
    });
  });

  describe('payments', () => {
    const stored = (id: number) => t.dataSource.getRepository(Payment).findOneByOrFail({ id });

    it('records a payment typed in yuan, lists it in yuan; a refund needs payments.refund; never deleted', async () => {
      const customer = await f.customer(consultant.id, '缴费客户');
      const course = await f.course();
      const paidAt = '2026-03-01T10:00:00+08:00';
      const bad = await consultant.bo
        .create('Payment', { customerId: String(customer.id), method: 'cash', amount: '12.345', paidAt })
        .expect(200);
      expect(Object.keys(bad.body.record.errors).sort()).toEqual(['amount', 'courseId']);
      const zero = await consultant.bo.create('Payment', {
        customerId: String(customer.id),
        courseId: String(course.id),
        method: 'cash',
        amount: '0',
      });
      expect(zero.body.record.errors.amount).toBeDefined();

      const created = await consultant.bo
        .create('Payment', {
          customerId: String(customer.id),
          courseId: String(course.id),
          method: 'wechatPay',
          amount: '9800.5',
          paidAt,
          memo: ' 首付 ',
        })
        .expect(200);
      expect(created.body.notice.type).toBe('success');
      const { id } = created.body.record.params;
      expect(await stored(id)).toMatchObject({
        amount: 980050,
        type: PaymentType.code.payment,
        consultantId: consultant.id,
        memo: '首付',
      });
      expect(created.body.record.params).toMatchObject({ amount: '¥9,800.50', type: 'payment', method: 'wechatPay' });
      const list = await consultant.bo
        .list('Payment', { 'filters.customerId': customer.id, 'filters.method': 'wechatPay' })
        .expect(200);
      expect(list.body.records.map((r: { params: { id: number } }) => r.params.id)).toEqual([id]);
      expect(list.body.records[0].populated.courseId).toMatchObject({ title: course.name });

      const refund = { customerId: String(customer.id), courseId: String(course.id), method: 'cash', type: 'refund' };
      const refused = await consultant.bo.create('Payment', { ...refund, amount: '100' }).expect(200);
      expect(refused.body.notice).toMatchObject({ type: 'error', message: expect.stringMatching(/payments\.refund/) });
      const tooMuch = await manager.bo.create('Payment', { ...refund, amount: '10000' }).expect(200);
      expect(tooMuch.body.notice.type).toBe('error');
      const refunded = await manager.bo.create('Payment', { ...refund, amount: '100' }).expect(200);
      expect(refunded.body.notice.type).toBe('success');
      expect(await stored(refunded.body.record.params.id)).toMatchObject({
        type: PaymentType.code.refund,
        amount: 10000,
      });

      const form = await consultant.bo.record('Payment', id, 'edit').expect(200);
      const edited = await consultant.bo
        .edit('Payment', id, { ...form.body.record.params, method: 'alipay', memo: '改', amount: '1' })
        .expect(200);
      expect(edited.body.notice.type).toBe('success');
      expect(await stored(id)).toMatchObject({ method: PaymentMethod.code.alipay, memo: '改', amount: 980050 });

      const deleted = await manager.bo.act('Payment', id, 'delete');
      expect(deleted.body.notice.type).toBe('error');
      expect(await stored(id)).toBeDefined();
    });
  });

  describe('teaching', () => {
    it('creates and edits campuses and classes with their teachers through the services', async () => {
      const teacher = await staff('wf_teacher2', 'teacher');
      const other = await staffWithRole(t, admin, 'wf_teacher3', 'teacher');
      const campus = await manager.bo.create('Branch', { name: ' 深圳校区 ', address: '南山路1号' }).expect(200);
      expect(campus.body.notice.type).toBe('success');
      const campusId = campus.body.record.params.id;
      expect(campus.body.record.params.name).toBe('深圳校区');
      const dup = await manager.bo.create('Branch', { name: '深圳校区', address: 'x' }).expect(200);
      expect(dup.body.record.errors.name.message).toBe('is already taken');
      expect((await teacher.bo.create('Branch', { name: '教师校区', address: 'x' })).body.notice.type).toBe('error');

      const course = await f.course({ name: '全栈开发' });
      const fields = {
        campusId: String(campusId),
        courseId: String(course.id),
        classType: 'weekend',
        semester: '3',
        'teacherIds.0': String(teacher.id),
        startDate: '2026-03-02',
        endDate: '2026-01-01',
      };
      const badDates = await manager.bo.create('SchoolClass', fields).expect(200);
      expect(badDates.body.notice.type).toBe('error');
      const created = await manager.bo.create('SchoolClass', { ...fields, endDate: '' }).expect(200);
      expect(created.body.notice.type).toBe('success');
      const id = created.body.record.params.id;
      expect(created.body.record.params).toMatchObject({
        displayName: expect.stringContaining('深圳校区'),
        classType: 'weekend',
        'teacherIds.0': teacher.id,
        endDate: null,
      });
      const shown = await manager.bo.record('SchoolClass', id).expect(200);
      expect(shown.body.record.populated['teacherIds.0']).toMatchObject({ title: 'wf_teacher2' });
      expect(shown.body.record.populated.campusId).toMatchObject({ title: '深圳校区' });

      const form = shown.body.record.params;
      const edited = await manager.bo
        .edit('SchoolClass', id, { ...form, 'teacherIds.0': String(other.id), 'teacherIds.1': String(teacher.id) })
        .expect(200);
      expect(edited.body.notice.type).toBe('success');
      const teachers = [edited.body.record.params['teacherIds.0'], edited.body.record.params['teacherIds.1']];
      expect(teachers.sort()).toEqual([teacher.id, other.id].sort());
      const stale = await manager.bo.edit('SchoolClass', id, { ...form, semester: '4' }).expect(200);
      expect(stale.body.notice).toMatchObject({ type: 'error', message: 'problemStaleVersion' });

      const mine = await teacher.bo.list('SchoolClass', { perPage: 100 }).expect(200);
      expect(mine.body.records.map((r: { params: { id: number } }) => r.params.id)).toEqual([id]);
      const byCampus = await manager.bo.list('SchoolClass', { 'filters.campusId': campusId }).expect(200);
      expect(byCampus.body.records.map((r: { params: { id: number } }) => r.params.id)).toEqual([id]);
      expect((await teacher.bo.edit('SchoolClass', id, { ...form })).body.notice.type).toBe('error');
    });

    it("records a class's lesson with a study record per active student; lists lessons by class", async () => {
      const teacher = await staff('wf_teacher4', 'teacher');
      const outsider = await staff('wf_teacher5', 'teacher');
      const k = await f.schoolClass();
      await t.dataSource.getRepository(SchoolClass).save({ ...k, teachers: [{ id: teacher.id } as never] });
      const customer = await f.customer(consultant.id);
      const e = await t.http
        .post('/api/v1/enrollments')
        .set(consultant.auth)
        .send({ customerId: customer.id, classId: k.id })
        .expect(201);
      await t.http.post(`/api/v1/enrollments/${e.body.id}/agree`).set(consultant.auth).send({ version: 1 }).expect(200);

      const missing = await teacher.bo.create('Lesson', { date: '2026-03-02', outline: '变量与类型' }).expect(200);
      expect(missing.body.record.errors.classId.message).toBe('classId must be chosen');
      const created = await teacher.bo
        .create('Lesson', { classId: String(k.id), date: '2026-03-02', outline: '变量与类型' })
        .expect(200);
      expect(created.body.notice.type).toBe('success');
      const lessonId = created.body.record.params.id;
      expect(created.body.record.params).toMatchObject({ classId: k.id, dayNum: 1, teacherId: teacher.id });
      expect(await t.dataSource.getRepository(StudyRecord).findBy({ lessonId })).toEqual([
        expect.objectContaining({ enrollmentId: e.body.id }),
      ]);
      const dup = await teacher.bo.create('Lesson', {
        classId: String(k.id),
        dayNum: '1',
        date: '2026-03-03',
        outline: 'x',
      });
      expect(dup.body.record.errors.dayNum.message).toBe('is already taken in this class');

      const listed = await teacher.bo.list('Lesson', { 'filters.classId': k.id }).expect(200);
      expect(listed.body.records.map((r: { params: { id: number } }) => r.params.id)).toEqual([lessonId]);
      const unfiltered = await teacher.bo.list('Lesson').expect(200);
      expect(unfiltered.body.notice).toMatchObject({ type: 'error', message: expect.stringMatching(/class/) });
      const foreign = await outsider.bo.create('Lesson', { classId: String(k.id), date: '2026-03-04', outline: 'x' });
      expect(foreign.body.notice.type).toBe('error');
      expect((await outsider.bo.record('Lesson', lessonId)).body.notice.type).toBe('error');

      const sheet = await teacher.bo.list('StudyRecord', { 'filters.lessonId': lessonId }).expect(200);
      expect(sheet.body.records).toHaveLength(1);
      const line = sheet.body.records[0].params;
      expect(line).toMatchObject({ enrollmentId: e.body.id, attendance: 'present', studentName: customer.name });
      const form = await teacher.bo.record('StudyRecord', line.id, 'edit').expect(200);
      const recorded = await teacher.bo
        .edit('StudyRecord', line.id, { ...form.body.record.params, attendance: 'late', score: 'a', memo: '迟到5分钟' })
        .expect(200);
      expect(recorded.body.notice.type).toBe('success');
      const stored = await t.dataSource.getRepository(StudyRecord).findOneByOrFail({ id: line.id });
      expect(stored).toMatchObject({ attendance: Attendance.code.late, score: Score.code.a, memo: '迟到5分钟' });
      const stale = await teacher.bo.edit('StudyRecord', line.id, { ...form.body.record.params, attendance: 'absent' });
      expect(stale.body.notice).toMatchObject({ type: 'error', message: 'problemStaleVersion' });
      expect((await t.dataSource.getRepository(StudyRecord).findOneByOrFail({ id: line.id })).attendance).toBe(
        Attendance.code.late,
      );
      expect((await outsider.bo.record('StudyRecord', line.id)).body.notice.type).toBe('error');
      const refused = await outsider.bo.edit('StudyRecord', line.id, { ...form.body.record.params, version: '2' });
      expect(refused.body.notice.type).toBe('error');
    });
  });
});
