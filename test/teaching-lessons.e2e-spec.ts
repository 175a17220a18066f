import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { Attendance, ClassType, CustomerSource, EnrollmentStatus, Score } from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { Lesson } from '../src/teaching/entities/lesson.entity.js';
import { StudyRecord } from '../src/teaching/entities/study-record.entity.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Body = Record<string, unknown>;
const S = EnrollmentStatus.code;

describe('teaching: lessons and study records', () => {
  let t: TestApp;
  let admin: Auth;
  let manager: { id: number; auth: Auth };
  let teacherA: { id: number; auth: Auth };
  let teacherB: { id: number; auth: Auth };
  let consultant: { id: number; auth: Auth };
  let classA: number; // taught by teacher A
  let classB: number; // taught by teacher B
  /** Enrollments of class A by status key. */
  const enrolled: Record<string, number> = {};
  let enrollmentB: number;

  const records = (lessonId: number) =>
    t.dataSource.getRepository(StudyRecord).find({ where: { lessonId }, order: { enrollmentId: 'ASC' } });
  const counts = async () => ({
    lessons: await t.dataSource.getRepository(Lesson).count(),
    records: await t.dataSource.getRepository(StudyRecord).count(),
  });
  const lesson = (classId: number, body: Body, auth: Auth) =>
    t.http
      .post(`/api/v1/classes/${classId}/lessons`)
      .set(auth)
      .send({ outline: 'Variables and types', date: '2026-03-02', ...body });
  const enroll = async (classId: number, name: string, status: number) => {
    const customer = await t.dataSource
      .getRepository(Customer)
      .save({ name, source: CustomerSource.code.qqGroup, consultantId: consultant.id });
    const row = await t.dataSource
      .getRepository(Enrollment)
      .save({ customerId: customer.id, classId, consultantId: consultant.id, status });
    return row.id;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    manager = await staffWithRole(t, admin, 'manager1', 'manager');
    teacherA = await staffWithRole(t, admin, 'teacher_a', 'teacher');
    teacherB = await staffWithRole(t, admin, 'teacher_b', 'teacher');
    consultant = await staffWithRole(t, admin, 'consultant1', 'consultant');
    const campus = await t.http.post('/api/v1/campuses').set(admin).send({ name: '北京校区', address: '海淀' });
    const course = await t.http
      .post('/api/v1/courses')
      .set(admin)
      .send({ name: 'Python全栈开发', price: 1_980_000, periodMonths: 5, outline: '...' });
    const make = async (semester: number, teacherIds: number[]) => {
      const res = await t.http.post('/api/v1/classes').set(admin).send({
        campusId: campus.body.id,
        courseId: course.body.id,
        classType: ClassType.code.fullTime,
        semester,
        teacherIds,
        startDate: '2026-03-01',
      });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    classA = await make(1, [teacherA.id]);
    classB = await make(2, [teacherB.id]);
    for (const key of ['pending', 'agreed', 'approved', 'rejected', 'cancelled'] as const) {
      enrolled[key] = await enroll(classA, `学员${key}`, S[key]);
    }
    enrollmentB = await enroll(classB, '学员B', S.approved);
  });
  afterAll(() => t.close());

  it('creates a lesson with one study record per agreed or approved enrollment, in one transaction', async () => {
    const created = await lesson(classA, { hasHomework: true, homeworkTitle: '作业一' }, teacherA.auth).expect(201);
    expect(created.body).toMatchObject({
      classId: classA,
      dayNum: 1,
      teacher: { id: teacherA.id, name: 'teacher_a' },
      hasHomework: true,
      homeworkTitle: '作业一',
      homeworkContent: null,
      date: '2026-03-02',
      version: 1,
      studyRecordsCreated: 2,
    });
    const rows = await records(created.body.id);
    expect(rows.map((r) => r.enrollmentId)).toEqual([enrolled.agreed, enrolled.approved]);
    expect(rows.every((r) => r.attendance === Attendance.defaultCode && r.score === Score.defaultCode)).toBe(true);

    const audit = await t.dataSource.getRepository(AuditLog).findBy({ entity: 'study_record', action: 'create' });
    expect(audit.map((e) => e.entityId).sort()).toEqual(rows.map((r) => String(r.id)).sort());
    expect(audit.every((e) => e.actorId === teacherA.id)).toBe(true);
    const lessonAudit = await t.dataSource
      .getRepository(AuditLog)
      .findOneByOrFail({ entity: 'lesson', entityId: String(created.body.id) });
    expect(lessonAudit.changes).toMatchObject({ dayNum: [null, 1], outline: [null, 'Variables and types'] });
    expect(lessonAudit.actorId).toBe(teacherA.id);

    // the next lesson number by default; class B has one active student
    const second = await lesson(classA, { date: '2026-03-04' }, teacherA.auth).expect(201);
    expect(second.body).toMatchObject({ dayNum: 2, studyRecordsCreated: 2, hasHomework: true });
    const empty = await lesson(classB, { dayNum: 5 }, teacherB.auth).expect(201);
    expect(empty.body.studyRecordsCreated).toBe(1);
  });

  it('checks the lesson number and the teacher, and stores nothing on bad input', async () => {
    const before = await counts();
    const taken = await lesson(classA, { dayNum: 1 }, teacherA.auth).expect(409);
    expect(taken.body.errors).toEqual([{ field: 'dayNum', message: 'is already taken in this class' }]);
    const notTheirs = await lesson(classA, { dayNum: 30, teacherId: teacherB.id }, teacherA.auth).expect(400);
    expect(notTheirs.body.errors).toEqual([
      { field: 'teacherId', message: `staff ${teacherB.id} does not teach this class` },
    ]);
    const managerAlone = await lesson(classA, { dayNum: 30 }, manager.auth).expect(400);
    expect(managerAlone.body.errors[0]).toEqual({
      field: 'teacherId',
      message: 'is required: you do not teach this class',
    });
    const bad = await t.http
      .post(`/api/v1/classes/${classA}/lessons`)
      .set(teacherA.auth)
      .send({ dayNum: 0, date: '2026-13-01', hasHomework: 'yes', homeworkTitle: 'x'.repeat(129), room: 3 })
      .expect(400);
    expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['dayNum', 'date', 'hasHomework', 'homeworkTitle', 'outline', 'room']),
    );
    expect(await counts()).toEqual(before);

    // a manager may record a lesson for the class's teacher
    const byManager = await lesson(classA, { dayNum: 30, teacherId: teacherA.id }, manager.auth).expect(201);
    expect(byManager.body.teacher.id).toBe(teacherA.id);
  });

  it('401 without a token, 403 without lessons.write; teachers cannot touch other classes (404)', async () => {
    const mine = (await lesson(classA, { dayNum: 40 }, teacherA.auth).expect(201)).body.id;
    const before = await counts();
    await t.http.post(`/api/v1/classes/${classA}/lessons`).send({}).expect(401);
    await t.http.get(`/api/v1/lessons/${mine}`).expect(401);
    await lesson(classA, { dayNum: 41 }, consultant.auth).expect(403);
    await t.http.patch(`/api/v1/lessons/${mine}`).set(consultant.auth).send({ version: 1 }).expect(403);
    await t.http.delete(`/api/v1/lessons/${mine}`).set(consultant.auth).expect(403);
    await t.http.put(`/api/v1/lessons/${mine}/study-records`).set(consultant.auth).send([]).expect(403);

    // teacher B: class A, its lessons and its study records do not exist for them
    await lesson(classA, { dayNum: 41 }, teacherB.auth).expect(404);
    await t.http.get(`/api/v1/classes/${classA}/lessons`).set(teacherB.auth).expect(404);
    await t.http.get(`/api/v1/lessons/${mine}`).set(teacherB.auth).expect(404);
    await t.http.patch(`/api/v1/lessons/${mine}`).set(teacherB.auth).send({ version: 1, outline: 'x' }).expect(404);
    await t.http.delete(`/api/v1/lessons/${mine}`).set(teacherB.auth).expect(404);
    await t.http.get(`/api/v1/lessons/${mine}/study-records`).set(teacherB.auth).expect(404);
    await t.http
      .put(`/api/v1/lessons/${mine}/study-records`)
      .set(teacherB.auth)
      .send([{ enrollmentId: enrolled.agreed, attendance: Attendance.code.absent, score: Score.code.na }])
      .expect(404);
    await t.http.get(`/api/v1/enrollments/${enrolled.agreed}/study-records`).set(teacherB.auth).expect(404);
    expect(await counts()).toEqual(before);
    expect((await records(mine)).every((r) => r.attendance === Attendance.code.present)).toBe(true);

    // the manager and the class's own teacher see them
    await t.http.get(`/api/v1/lessons/${mine}`).set(manager.auth).expect(200);
    await t.http.get(`/api/v1/lessons/${mine}/study-records`).set(manager.auth).expect(200);
    await t.http.get(`/api/v1/enrollments/${enrolled.agreed}/study-records`).set(teacherA.auth).expect(200);
    await t.http.get(`/api/v1/enrollments/${enrollmentB}/study-records`).set(teacherA.auth).expect(404);
    await t.http.get('/api/v1/lessons/99999').set(admin).expect(404);
  });

  it('edits a lesson with its version, and refuses a stale version or a taken number', async () => {
    const created = (await lesson(classA, { dayNum: 50 }, teacherA.auth).expect(201)).body;
    const edited = await t.http
      .patch(`/api/v1/lessons/${created.id}`)
      .set(teacherA.auth)
      .send({ version: 1, outline: 'Functions', hasHomework: false, homeworkTitle: null, dayNum: 51 })
      .expect(200);
    expect(edited.body).toMatchObject({ outline: 'Functions', hasHomework: false, dayNum: 51, version: 2 });
    const stale = await t.http
      .patch(`/api/v1/lessons/${created.id}`)
      .set(teacherA.auth)
      .send({ version: 1, outline: 'Loops' })
      .expect(409);
    expect(stale.body.currentVersion).toBe(2);
    await t.http.patch(`/api/v1/lessons/${created.id}`).set(teacherA.auth).send({ version: 2, dayNum: 1 }).expect(409);
    await t.http
      .patch(`/api/v1/lessons/${created.id}`)
      .set(teacherA.auth)
      .send({ version: 2, teacherId: teacherB.id })
      .expect(400);
    await t.http.patch(`/api/v1/lessons/${created.id}`).set(teacherA.auth).send({ version: 2, date: null }).expect(400);
    const now = await t.dataSource.getRepository(Lesson).findOneByOrFail({ id: created.id });
    expect(now).toMatchObject({ outline: 'Functions', dayNum: 51, teacherId: teacherA.id, version: 2 });
    const audit = await t.dataSource
      .getRepository(AuditLog)
      .findOneByOrFail({ entity: 'lesson', entityId: String(created.id), action: 'update' });
    expect(audit.changes).toMatchObject({ outline: ['Variables and types', 'Functions'], dayNum: [50, 51] });
  });

  it("records a whole lesson's sheet in one PUT, or nothing when one item is bad", async () => {
    const id = (await lesson(classA, { dayNum: 60 }, teacherA.auth).expect(201)).body.id;
    const sheet = [
      { enrollmentId: enrolled.agreed, attendance: Attendance.code.late, score: Score.code.bPlus, memo: '迟到10分钟' },
      { enrollmentId: enrolled.approved, attendance: Attendance.code.absent, score: Score.code.na },
    ];
    const before = await records(id);

    // an enrollment without a record for this lesson (pending): 422 naming it, nothing written
    const missing = await t.http
      .put(`/api/v1/lessons/${id}/study-records`)
      .set(teacherA.auth)
      .send([...sheet, { enrollmentId: enrolled.pending, attendance: 0, score: 0 }])
      .expect(422);
    expect(missing.body.errors).toEqual([
      { field: '[2].enrollmentId', message: `enrollment ${enrolled.pending} has no study record for lesson ${id}` },
    ]);
    const dup = await t.http
      .put(`/api/v1/lessons/${id}/study-records`)
      .set(teacherA.auth)
      .send([...sheet, sheet[0]])
      .expect(400);
    expect(dup.body.errors).toEqual([{ field: '[2].enrollmentId', message: 'is repeated' }]);
    const invalid = await t.http
      .put(`/api/v1/lessons/${id}/study-records`)
      .set(teacherA.auth)
      .send([sheet[0], { enrollmentId: enrolled.approved, attendance: 9, score: 55, grade: 'A' }, 7])
      .expect(400);
    expect(new Set(invalid.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['[1].attendance', '[1].score', '[1].grade', '[2]']),
    );
    await t.http.put(`/api/v1/lessons/${id}/study-records`).set(teacherA.auth).send([]).expect(400);
    await t.http.put(`/api/v1/lessons/${id}/study-records`).set(teacherA.auth).send({ a: 1 }).expect(400);
    const stale = await t.http
      .put(`/api/v1/lessons/${id}/study-records`)
      .set(teacherA.auth)
      .send([sheet[0], { ...sheet[1], version: 5 }])
      .expect(409);
    expect(stale.body.errors).toEqual([{ field: '[1].version', message: 'is 1; reload and try again' }]);
    expect(await records(id)).toEqual(before);

    const res = await t.http.put(`/api/v1/lessons/${id}/study-records`).set(teacherA.auth).send(sheet).expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        enrollmentId: enrolled.agreed,
        lessonId: id,
        attendance: Attendance.code.late,
        score: Score.code.bPlus,
        memo: '迟到10分钟',
        version: 2,
        student: expect.objectContaining({ enrollmentId: enrolled.agreed, name: '学员agreed' }),
      }),
      expect.objectContaining({ enrollmentId: enrolled.approved, attendance: Attendance.code.absent, version: 2 }),
    ]);
    const after = await records(id);
    expect(after.map((r) => [r.enrollmentId, r.attendance, r.score, r.memo])).toEqual([
      [enrolled.agreed, Attendance.code.late, Score.code.bPlus, '迟到10分钟'],
      [enrolled.approved, Attendance.code.absent, Score.code.na, null],
    ]);
    const audit = await t.dataSource
      .getRepository(AuditLog)
      .findOneByOrFail({ entity: 'study_record', entityId: String(after[0].id), action: 'update' });
    expect(audit.changes).toEqual({
      attendance: [Attendance.code.present, Attendance.code.late],
      score: [Score.code.na, Score.code.bPlus],
      memo: [null, '迟到10分钟'],
    });
    expect(audit.actorId).toBe(teacherA.id);

    // the sheet, with names, filtered and searched
    const list = await t.http.get(`/api/v1/lessons/${id}/study-records`).set(teacherA.auth).expect(200);
    expect(list.body.meta.total).toBe(2);
    expect(list.body.data[0].student).toEqual({
      enrollmentId: enrolled.agreed,
      enrollmentNumber: `E-${String(enrolled.agreed).padStart(6, '0')}`,
      customerId: expect.any(Number),
      name: '学员agreed',
    });
    const absent = await t.http
      .get(`/api/v1/lessons/${id}/study-records?attendance=${Attendance.code.absent}`)
      .set(teacherA.auth)
      .expect(200);
    expect(absent.body.data.map((r: { enrollmentId: number }) => r.enrollmentId)).toEqual([enrolled.approved]);
    const named = await t.http.get(`/api/v1/lessons/${id}/study-records?q=学员agr`).set(teacherA.auth).expect(200);
    expect(named.body.data.map((r: { enrollmentId: number }) => r.enrollmentId)).toEqual([enrolled.agreed]);
    await t.http.get(`/api/v1/lessons/${id}/study-records?attendance=8`).set(teacherA.auth).expect(400);
  });

  it("answers a student's history across lessons, in date order", async () => {
    const history = await t.http
      .get(`/api/v1/enrollments/${enrolled.approved}/study-records?pageSize=100`)
      .set(teacherA.auth)
      .expect(200);
    const lessons = await t.dataSource.getRepository(Lesson).find({ where: { classId: classA } });
    const expected = lessons
      .sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id)
      .map((l) => ({ id: l.id, dayNum: l.dayNum, date: l.date }));
    expect(
      history.body.data.map((r: { lesson: { id: number; dayNum: number; date: string } }) => ({
        id: r.lesson.id,
        dayNum: r.lesson.dayNum,
        date: r.lesson.date,
      })),
    ).toEqual(expected);
    expect(history.body.data.every((r: { enrollmentId: number }) => r.enrollmentId === enrolled.approved)).toBe(true);
    const byNumber = await t.http
      .get(`/api/v1/enrollments/${enrolled.approved}/study-records?sort=-dayNum&pageSize=1`)
      .set(manager.auth)
      .expect(200);
    expect(byNumber.body.data[0].lesson.dayNum).toBe(Math.max(...lessons.map((l) => l.dayNum)));
    // the order is the joined lesson's date: the cursor follows it through the join, one row a page
    const walked: number[] = [];
    for (let cursor = ''; walked.length <= lessons.length;) {
      const page = await t.http
        .get(`/api/v1/enrollments/${enrolled.approved}/study-records?pageSize=1${cursor && `&cursor=${cursor}`}`)
        .set(teacherA.auth)
        .expect(200);
      walked.push(...page.body.data.map((r: { lesson: { id: number } }) => r.lesson.id));
      if (!page.body.meta.next) break;
      cursor = page.body.meta.next;
    }
    expect(walked).toEqual(expected.map((l) => l.id));
    const pending = await t.http
      .get(`/api/v1/enrollments/${enrolled.pending}/study-records`)
      .set(teacherA.auth)
      .expect(200);
    expect(pending.body).toEqual({
      data: [],
      meta: { page: 1, pageSize: 20, total: 0, totalCapped: false, next: null },
    });
    await t.http.get('/api/v1/enrollments/99999/study-records').set(admin).expect(404);
  });

  it('lists lessons with filters, in a fixed number of queries', async () => {
    const list = await t.http.get(`/api/v1/classes/${classA}/lessons?sort=-dayNum`).set(teacherA.auth).expect(200);
    const numbers = list.body.data.map((l: { dayNum: number }) => l.dayNum);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(list.body.meta.total).toBe(await t.dataSource.getRepository(Lesson).countBy({ classId: classA }));
    const none = await t.http.get(`/api/v1/classes/${classA}/lessons?teacherId=${teacherB.id}`).set(admin).expect(200);
    expect(none.body.data).toEqual([]);
    await t.http.get(`/api/v1/classes/${classA}/lessons?sort=outline`).set(admin).expect(400);

    // class check + rows + count, however many lessons and students
    const lessonQueries = await captureQueries(t.dataSource, () =>
      t.http.get(`/api/v1/classes/${classA}/lessons`).set(teacherA.auth).expect(200),
    );
    expect(lessonQueries).toHaveLength(3);
    const id = list.body.data[0].id;
    const sheetQueries = await captureQueries(t.dataSource, () =>
      t.http.get(`/api/v1/lessons/${id}/study-records`).set(teacherA.auth).expect(200),
    );
    expect(sheetQueries).toHaveLength(3);
    const historyQueries = await captureQueries(t.dataSource, () =>
      t.http.get(`/api/v1/enrollments/${enrolled.agreed}/study-records`).set(teacherA.auth).expect(200),
    );
    expect(historyQueries).toHaveLength(3);
  });

  it('deletes a lesson together with its study records, each deletion audited', async () => {
    const id = (await lesson(classA, { dayNum: 70 }, teacherA.auth).expect(201)).body.id;
    const rows = await records(id);
    expect(rows).toHaveLength(2);
    await t.http.delete(`/api/v1/lessons/${id}`).set(teacherA.auth).expect(204);
    await t.http.get(`/api/v1/lessons/${id}`).set(teacherA.auth).expect(404);
    expect(await records(id)).toEqual([]);
    const deleted = await t.dataSource.getRepository(AuditLog).findBy({ entity: 'study_record', action: 'delete' });
    expect(deleted.map((e) => e.entityId).sort()).toEqual(rows.map((r) => String(r.id)).sort());
    expect(
      await t.dataSource.getRepository(AuditLog).existsBy({ entity: 'lesson', entityId: String(id), action: 'delete' }),
    ).toBe(true);
  });
});
