import { BUILTIN_ROLES } from '../../src/auth/builtin-roles.js';
import type { Permission } from '../../src/common/auth/permissions.js';
import { Feedback } from '../../src/feedback/entities/feedback.entity.js';
import { SchoolClass } from '../../src/teaching/entities/school-class.entity.js';
import { StudyRecord } from '../../src/teaching/entities/study-record.entity.js';
import { adminSession } from './back-office.js';
import { EnrollmentFixtures } from './enrollment-fixtures.js';
import { adminAuth, staffWithRole, type Auth } from './fixtures.js';
import type { TestApp } from './test-app.js';

/** Anonymous (no token, no session) or a staff member of one built-in role, with its API token and back-office session. */
export type Caller = { role: string; auth: Auth | null; cookie: string | null; permissions: ReadonlySet<string> };

export interface MatrixWorld {
  /** Anonymous first, then one staff member per built-in role (permissions as BUILTIN_ROLES declares them). */
  callers: Caller[];
  /** An existing record per API path segment (`customers/:id` → a customer), for the reads. */
  ids: Record<string, number | string>;
  /** A record per back-office resource that every role holding the resource's read permission may see. */
  records: Record<string, number>;
}

/**
 * The access matrices' world: one staff member per built-in role, signed in to the API and the back office, and
 * one record of each kind, owned by the consultant and taught by the teacher so that every role that may read a
 * kind sees its record.
 */
export async function matrixWorld(t: TestApp, options: { backOffice: boolean }): Promise<MatrixWorld> {
  const world: MatrixWorld = { callers: [], ids: {}, records: {} };
  const admin = await adminAuth(t);
  world.callers.push({ role: 'anonymous', auth: null, cookie: null, permissions: new Set() });
  for (const role of BUILTIN_ROLES) {
    const username = `matrix_${role.code}`;
    const { auth } = await staffWithRole(t, admin, username, role.code);
    const cookie = options.backOffice ? await adminSession(t, username, `${username}#Pass2026`) : null;
    world.callers.push({ role: role.code, auth, cookie, permissions: new Set<Permission>(role.permissions) });
  }

  const f = new EnrollmentFixtures(t);
  const consultant = world.callers.find((c) => c.role === 'consultant')!;
  const me = await t.http.get('/api/v1/auth/me').set(consultant.auth!).expect(200);
  const teacher = await t.http.get('/api/v1/auth/me').set(world.callers.find((c) => c.role === 'teacher')!.auth!);
  const schoolClass = await f.schoolClass();
  await t.dataSource.getRepository(SchoolClass).save({ ...schoolClass, teachers: [{ id: teacher.body.id }] });
  const customer = await f.customer(me.body.id);
  const post = async (path: string, body: object) => {
    const res = await t.http.post(`/api/v1/${path}`).set(admin).send(body);
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  const contact = await post(`customers/${customer.id}/contacts`, { name: '家长', phone: '13900001111' });
  const tag = await post('tags', { name: 'matrix' });
  const followUp = await post(`customers/${customer.id}/followups`, { content: '电话沟通', intention: 1 });
  const enrollment = await post('enrollments', { customerId: customer.id, classId: schoolClass.id });
  const payment = await f.payment(await f.enrollment(enrollment.id), 100000);
  const lesson = await post(`classes/${schoolClass.id}/lessons`, {
    outline: '第一课',
    date: '2026-03-02',
    teacherId: teacher.body.id,
  });
  const feedback = await post('feedback', {
    customerId: customer.id,
    type: 1,
    channel: 1,
    title: '投影仪坏了',
    content: '三号教室的投影仪打不开',
  });
  const competitor = await post('competitors', { name: '达内' });
  const spend = await post('channel-spend', { source: 3, month: '2026-03', amount: 100000 });
  const role = (await t.http.get('/api/v1/roles').set(admin).expect(200)).body.data[0];
  // a line of the lesson's sheet, and the ticket assigned to the teacher (a teacher sees assigned tickets only):
  // the back office's record actions need a record each role that may read the resource can see
  const line = await t.dataSource
    .getRepository(StudyRecord)
    .save({ enrollmentId: enrollment.id, lessonId: lesson.id, attendance: 1 });
  await t.dataSource.getRepository(Feedback).update(feedback.id, { assigneeId: teacher.body.id });
  Object.assign(world.records, {
    Customer: customer.id,
    Contact: contact.id,
    Tag: tag.id,
    FollowUp: followUp.id,
    Payment: payment.id,
    Enrollment: enrollment.id,
    EnrollmentRejection: enrollment.id,
    EnrollmentCancellation: enrollment.id,
    Course: schoolClass.courseId,
    Branch: schoolClass.branchId,
    SchoolClass: schoolClass.id,
    Lesson: lesson.id,
    StudyRecord: line.id,
    Feedback: feedback.id,
    FeedbackAssignment: feedback.id,
    FeedbackResolution: feedback.id,
    Staff: me.body.id,
    StaffPassword: me.body.id,
    Role: role.id,
    Competitor: competitor.id,
    ChannelSpend: spend.id,
  });
  Object.assign(world.ids, {
    customers: customer.id,
    contacts: contact.id,
    tags: tag.id,
    followups: followUp.id,
    payments: payment.id,
    enrollments: enrollment.id,
    courses: schoolClass.courseId,
    campuses: schoolClass.branchId,
    classes: schoolClass.id,
    lessons: lesson.id,
    feedback: feedback.id,
    roles: role.id,
    staff: me.body.id,
    competitors: competitor.id,
    'channel-spend': spend.id,
    'enrollment-links': 'not-a-real-token',
  });
  return world;
}
