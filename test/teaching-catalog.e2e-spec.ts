import { Staff } from '../src/auth/entities/staff.entity.js';
import { AuditLog } from '../src/common/audit/audit-log.entity.js';
import { ClassType, CustomerSource, EnrollmentStatus } from '../src/common/codes/codes.js';
import { Customer } from '../src/customers/entities/customer.entity.js';
import { Enrollment } from '../src/enrollment/entities/enrollment.entity.js';
import { Branch } from '../src/teaching/entities/branch.entity.js';
import { Course } from '../src/teaching/entities/course.entity.js';
import { Lesson } from '../src/teaching/entities/lesson.entity.js';
import { SchoolClass } from '../src/teaching/entities/school-class.entity.js';
import { adminAuth, captureQueries, staffWithRole, type Auth } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Body = Record<string, unknown>;
const ids = (res: { body: { data: { id: number }[] } }) => res.body.data.map((row) => row.id).sort((a, b) => a - b);
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe('teaching catalog: courses, campuses, classes', () => {
  let t: TestApp;
  let admin: Auth;
  let manager: { id: number; auth: Auth };
  let teacherA: { id: number; auth: Auth };
  let teacherB: { id: number; auth: Auth };
  let consultant: { id: number; auth: Auth };

  const course = (name: string, extra: Body = {}) =>
    t.http
      .post('/api/v1/courses')
      .set(admin)
      .send({ name, price: 1_980_000, periodMonths: 5, outline: 'Basics, web, projects', ...extra });
  const campus = (name: string) =>
    t.http
      .post('/api/v1/campuses')
      .set(admin)
      .send({ name, address: `${name} 路 1 号` });
  const schoolClass = (body: Body, auth: Auth = admin) =>
    t.http
      .post('/api/v1/classes')
      .set(auth)
      .send({ classType: ClassType.code.fullTime, startDate: '2026-03-01', endDate: '2026-08-31', ...body });
  const audit = (entity: string, id: number) =>
    t.dataSource.getRepository(AuditLog).find({ where: { entity, entityId: String(id) }, order: { id: 'ASC' } });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAuth(t);
    manager = await staffWithRole(t, admin, 'manager1', 'manager');
    teacherA = await staffWithRole(t, admin, 'teacher_a', 'teacher');
    teacherB = await staffWithRole(t, admin, 'teacher_b', 'teacher');
    consultant = await staffWithRole(t, admin, 'consultant1', 'consultant');
  });
  afterAll(() => t.close());

  describe('courses', () => {
    it('creates, reads, lists, updates and deletes a course, with audit entries', async () => {
      const created = await course('Python全栈开发', { lessonCount: 120, contractTemplate: '合同 {{name}}' }).expect(
        201,
      );
      expect(created.body).toMatchObject({
        name: 'Python全栈开发',
        price: 1_980_000,
        periodMonths: 5,
        lessonCount: 120,
        contractTemplate: '合同 {{name}}',
        version: 1,
      });
      const id = created.body.id;
      await t.http.get(`/api/v1/courses/${id}`).set(consultant.auth).expect(200);
      const updated = await t.http
        .patch(`/api/v1/courses/${id}`)
        .set(manager.auth)
        .send({ version: 1, price: 2_000_000, contractTemplate: null })
        .expect(200);
      expect(updated.body).toMatchObject({ price: 2_000_000, contractTemplate: null, version: 2 });

      await t.http.delete(`/api/v1/courses/${id}`).set(admin).expect(204);
      await t.http.get(`/api/v1/courses/${id}`).set(admin).expect(404);
      const entries = await audit('course', id);
      expect(entries.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
      expect(entries[1].changes).toEqual({ price: [1_980_000, 2_000_000], contractTemplate: ['合同 {{name}}', null] });
      expect(entries[1].actorId).toBe(manager.id);
    });

    it('refuses bad input with a field error for each field, and stores nothing', async () => {
      const before = await t.dataSource.getRepository(Course).count();
      const res = await t.http
        .post('/api/v1/courses')
        .set(admin)
        .send({ name: ' ', price: -1, periodMonths: 61, lessonCount: 1.5, extra: 1 })
        .expect(400);
      const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
      expect(fields).toEqual(new Set(['name', 'price', 'periodMonths', 'outline', 'lessonCount', 'extra']));
      await course('Money as text', { price: '100' }).expect(400);
      await course('Zero months', { periodMonths: 0 }).expect(400);
      expect(await t.dataSource.getRepository(Course).count()).toBe(before);

      const ok = await course('Java').expect(201);
      const nulled = await t.http
        .patch(`/api/v1/courses/${ok.body.id}`)
        .set(admin)
        .send({ version: 1, name: null, outline: null })
        .expect(400);
      expect(new Set(nulled.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['name', 'outline']));
      await t.http.patch(`/api/v1/courses/${ok.body.id}`).set(admin).send({ name: 'No version' }).expect(400);
      await t.http.get('/api/v1/courses/abc').set(admin).expect(400);
      await t.http.get('/api/v1/courses/99999').set(admin).expect(404);
    });

    it('answers 409 for a taken name and for a stale version, and changes nothing', async () => {
      const go = await course('Go语言').expect(201);
      const twin = await course('Go语言').expect(409);
      expect(twin.body.errors).toEqual([{ field: 'name', message: 'is already taken' }]);
      const other = await course('Rust').expect(201);
      await t.http
        .patch(`/api/v1/courses/${other.body.id}`)
        .set(admin)
        .send({ version: 1, name: 'Go语言' })
        .expect(409);
      // renaming to its own name is not a conflict
      await t.http.patch(`/api/v1/courses/${go.body.id}`).set(admin).send({ version: 1, name: 'Go语言' }).expect(200);

      const stale = await t.http
        .patch(`/api/v1/courses/${go.body.id}`)
        .set(admin)
        .send({ version: 1, periodMonths: 9 })
        .expect(409);
      expect(stale.body.currentVersion).toBe(2);
      expect((await t.dataSource.getRepository(Course).findOneByOrFail({ id: go.body.id })).periodMonths).toBe(5);
    });

    it('refuses to delete a course that a class or a customer refers to', async () => {
      const used = await course('前端开发').expect(201);
      const place = await campus('深圳校区').expect(201);
      await schoolClass({ campusId: place.body.id, courseId: used.body.id, semester: 1 }).expect(201);
      const res = await t.http.delete(`/api/v1/courses/${used.body.id}`).set(admin).expect(409);
      expect(res.body.detail).toMatch(/classes \(1\)/);
      expect(res.body.references).toEqual({ classes: 1 });

      const asked = await course('UI设计').expect(201);
      const customer = await t.dataSource.getRepository(Customer).save(
        t.dataSource.getRepository(Customer).create({
          name: '询问者',
          source: CustomerSource.code.website,
          consultantId: consultant.id,
          consultCourseId: asked.body.id,
        }),
      );
      await t.dataSource.getRepository(Customer).softRemove(customer);
      const byCustomer = await t.http.delete(`/api/v1/courses/${asked.body.id}`).set(admin).expect(409);
      expect(byCustomer.body.references).toEqual({ customers: 1 });
      expect(await t.dataSource.getRepository(Course).existsBy({ id: asked.body.id })).toBe(true);
    });

    it('lists with q, sort and paging; 401 without a token, 403 without teaching.manage', async () => {
      await course('数据分析').expect(201);
      await course('数据库管理').expect(201);
      const found = await t.http.get('/api/v1/courses?q=数据&sort=-name').set(teacherA.auth).expect(200);
      expect(found.body.data.map((c: { name: string }) => c.name)).toEqual(['数据库管理', '数据分析']);
      expect(found.body.meta).toEqual({ page: 1, pageSize: 20, total: 2, totalCapped: false, next: null });
      await t.http.get('/api/v1/courses?sort=price').set(admin).expect(400);

      await t.http.get('/api/v1/courses').expect(401);
      await t.http.post('/api/v1/courses').send({}).expect(401);
      const denied = await course('Not allowed').set(consultant.auth).expect(403);
      expect(denied.body.detail).toBe('Requires permission teaching.manage');
      await t.http.patch('/api/v1/courses/1').set(teacherA.auth).send({ version: 1 }).expect(403);
      await t.http.delete('/api/v1/courses/1').set(consultant.auth).expect(403);
    });
  });

  describe('campuses', () => {
    it('creates, reads, lists, updates and deletes a campus, with audit entries', async () => {
      const created = await campus('北京校区').expect(201);
      expect(created.body).toMatchObject({ name: '北京校区', address: '北京校区 路 1 号', version: 1 });
      const id = created.body.id;
      await t.http.get(`/api/v1/campuses/${id}`).set(teacherA.auth).expect(200);
      const list = await t.http.get('/api/v1/campuses?q=北京').set(consultant.auth).expect(200);
      expect(ids(list)).toEqual([id]);
      const updated = await t.http
        .patch(`/api/v1/campuses/${id}`)
        .set(admin)
        .send({ version: 1, address: '海淀区中关村 1 号' })
        .expect(200);
      expect(updated.body).toMatchObject({ address: '海淀区中关村 1 号', version: 2 });
      await t.http.patch(`/api/v1/campuses/${id}`).set(admin).send({ version: 1, address: 'x' }).expect(409);

      const other = await campus('上海校区').expect(201);
      const twin = await campus('上海校区').expect(409);
      expect(twin.body.errors).toEqual([{ field: 'name', message: 'is already taken' }]);
      await t.http.patch(`/api/v1/campuses/${id}`).set(admin).send({ version: 2, name: '上海校区' }).expect(409);

      await t.http.delete(`/api/v1/campuses/${other.body.id}`).set(admin).expect(204);
      expect((await audit('branch', id)).map((e) => e.action)).toEqual(['create', 'update']);
      expect((await audit('branch', other.body.id)).map((e) => e.action)).toEqual(['create', 'delete']);
    });

    it('refuses bad input, unknown fields and missing permissions, storing nothing', async () => {
      const before = await t.dataSource.getRepository(Branch).count();
      const res = await t.http.post('/api/v1/campuses').set(admin).send({ name: '', addr: 'x' }).expect(400);
      expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(
        new Set(['name', 'address', 'addr']),
      );
      await t.http
        .post('/api/v1/campuses')
        .set(admin)
        .send({ name: 'x'.repeat(129), address: 'a' })
        .expect(400);
      await t.http.post('/api/v1/campuses').send({ name: 'A', address: 'B' }).expect(401);
      await t.http.post('/api/v1/campuses').set(teacherA.auth).send({ name: 'A', address: 'B' }).expect(403);
      expect(await t.dataSource.getRepository(Branch).count()).toBe(before);
    });

    it('refuses to delete a campus that has classes', async () => {
      const place = await campus('广州校区').expect(201);
      const subject = await course('运维').expect(201);
      await schoolClass({ campusId: place.body.id, courseId: subject.body.id, semester: 2 }).expect(201);
      const res = await t.http.delete(`/api/v1/campuses/${place.body.id}`).set(admin).expect(409);
      expect(res.body.references).toEqual({ classes: 1 });
      expect(await t.dataSource.getRepository(Branch).existsBy({ id: place.body.id })).toBe(true);
    });
  });

  describe('classes', () => {
    let hz: number;
    let cd: number;
    let py: number;
    let java: number;

    beforeAll(async () => {
      hz = (await campus('杭州校区').expect(201)).body.id;
      cd = (await campus('成都校区').expect(201)).body.id;
      py = (await course('Python数据分析').expect(201)).body.id;
      java = (await course('Java架构师').expect(201)).body.id;
    });

    it('creates a class with its display name and teachers, reads and updates it, with audit entries', async () => {
      const created = await schoolClass({
        campusId: hz,
        courseId: py,
        semester: 3,
        classType: ClassType.code.weekend,
        teacherIds: [teacherB.id, teacherA.id],
      }).expect(201);
      expect(created.body).toMatchObject({
        displayName: '杭州校区 · Python数据分析 · term 3',
        displayNameZh: '杭州校区 · Python数据分析 · 第3期',
        campus: { id: hz, name: '杭州校区' },
        course: { id: py, name: 'Python数据分析' },
        classType: ClassType.code.weekend,
        semester: 3,
        teachers: [
          { id: teacherA.id, name: 'teacher_a' },
          { id: teacherB.id, name: 'teacher_b' },
        ],
        startDate: '2026-03-01',
        endDate: '2026-08-31',
        version: 1,
      });
      const id = created.body.id;
      const read = await t.http.get(`/api/v1/classes/${id}`).set(teacherA.auth).expect(200);
      expect(read.body).toEqual(created.body);

      const updated = await t.http
        .patch(`/api/v1/classes/${id}`)
        .set(manager.auth)
        .send({ version: 1, teacherIds: [teacherA.id], endDate: null })
        .expect(200);
      expect(updated.body).toMatchObject({ teachers: [{ id: teacherA.id, name: 'teacher_a' }], endDate: null });
      expect(updated.body.version).toBe(2);
      const entries = await audit('school_class', id);
      expect(entries.map((e) => e.action)).toEqual(['create', 'update']);
      expect(entries[1].changes).toMatchObject({
        endDate: ['2026-08-31', null],
        teachers: [sorted([teacherA.id, teacherB.id]), [teacherA.id]],
      });
      await t.http.get(`/api/v1/classes/${id}`).set(teacherB.auth).expect(404);
    });

    it('refuses bad input with field errors, and stores nothing', async () => {
      const before = await t.dataSource.getRepository(SchoolClass).count();
      const res = await t.http
        .post('/api/v1/classes')
        .set(admin)
        .send({ campusId: 'x', courseId: 0, classType: 7, semester: 0, startDate: '2026-02-30', teacherIds: 'a' })
        .expect(400);
      expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(
        new Set(['campusId', 'courseId', 'classType', 'semester', 'startDate', 'teacherIds']),
      );
      const refs = await schoolClass({ campusId: 9999, courseId: 9998, semester: 1, teacherIds: [9997] }).expect(400);
      expect(refs.body.errors).toEqual([
        { field: 'campusId', message: 'no campus with id 9999' },
        { field: 'courseId', message: 'no course with id 9998' },
        { field: 'teacherIds', message: 'no active staff with id 9997' },
      ]);
      const inactive = await staffWithRole(t, admin, 'teacher_gone', 'teacher');
      await t.dataSource.getRepository(Staff).update(inactive.id, { isActive: false });
      const gone = await schoolClass({ campusId: hz, courseId: java, semester: 1, teacherIds: [inactive.id] });
      expect(gone.status).toBe(400);
      expect(gone.body.errors).toEqual([{ field: 'teacherIds', message: `no active staff with id ${inactive.id}` }]);
      const dates = await schoolClass({
        campusId: hz,
        courseId: java,
        semester: 1,
        startDate: '2026-05-01',
        endDate: '2026-04-30',
      }).expect(400);
      expect(dates.body.errors).toEqual([{ field: 'endDate', message: 'must be on or after startDate' }]);
      expect(await t.dataSource.getRepository(SchoolClass).count()).toBe(before);
    });

    it('answers 409 for a taken campus + course + term and for a stale version', async () => {
      const first = await schoolClass({ campusId: cd, courseId: java, semester: 1 }).expect(201);
      const twin = await schoolClass({ campusId: cd, courseId: java, semester: 1 }).expect(409);
      expect(twin.body.errors[0].field).toBe('semester');
      const second = await schoolClass({ campusId: cd, courseId: java, semester: 2 }).expect(201);
      await t.http.patch(`/api/v1/classes/${second.body.id}`).set(admin).send({ version: 1, semester: 1 }).expect(409);
      await t.http
        .patch(`/api/v1/classes/${first.body.id}`)
        .set(admin)
        .send({ version: 1, startDate: '2026-09-01' })
        .expect(400); // after its end date
      await t.http.patch(`/api/v1/classes/${first.body.id}`).set(admin).send({ version: 1, semester: 7 }).expect(200);
      const stale = await t.http
        .patch(`/api/v1/classes/${first.body.id}`)
        .set(admin)
        .send({ version: 1, semester: 8 })
        .expect(409);
      expect(stale.body.currentVersion).toBe(2);
    });

    it('refuses to delete a class with enrollments or lessons, or to move it to another course', async () => {
      const place = (await campus('南京校区').expect(201)).body.id;
      const used = await schoolClass({ campusId: place, courseId: py, semester: 1, teacherIds: [teacherA.id] });
      const classId = used.body.id;
      const customer = await t.dataSource
        .getRepository(Customer)
        .save({ name: '学员甲', source: CustomerSource.code.referral, consultantId: consultant.id });
      await t.dataSource.getRepository(Enrollment).save({
        customerId: customer.id,
        classId,
        consultantId: consultant.id,
        status: EnrollmentStatus.code.pending,
      });
      const res = await t.http.delete(`/api/v1/classes/${classId}`).set(admin).expect(409);
      expect(res.body.references).toEqual({ enrollments: 1 });
      const move = await t.http
        .patch(`/api/v1/classes/${classId}`)
        .set(admin)
        .send({ version: 1, courseId: java })
        .expect(409);
      expect(move.body.detail).toMatch(/has enrollments/);

      const taught = await schoolClass({ campusId: place, courseId: py, semester: 2, teacherIds: [teacherA.id] });
      await t.dataSource.getRepository(Lesson).save({
        classId: taught.body.id,
        dayNum: 1,
        teacherId: teacherA.id,
        outline: 'Intro',
        date: '2026-03-02',
      });
      const byLesson = await t.http.delete(`/api/v1/classes/${taught.body.id}`).set(admin).expect(409);
      expect(byLesson.body.references).toEqual({ lessons: 1 });

      const free = await schoolClass({ campusId: place, courseId: py, semester: 3, teacherIds: [teacherA.id] });
      await t.http.delete(`/api/v1/classes/${free.body.id}`).set(teacherA.auth).expect(403);
      await t.http.delete(`/api/v1/classes/${free.body.id}`).set(admin).expect(204);
      expect((await audit('school_class', free.body.id)).map((e) => e.action)).toEqual(['create', 'delete']);
      const links = await t.dataSource.query('SELECT COUNT(*) AS n FROM class_teachers WHERE class_id = ?', [
        free.body.id,
      ]);
      expect(Number(links[0].n)).toBe(0);
    });

    it('filters by campus, course, teacher, state and q; teachers see only their classes', async () => {
      const place = (await campus('武汉校区').expect(201)).body.id;
      const other = (await campus('西安校区').expect(201)).body.id;
      const ai = (await course('人工智能').expect(201)).body.id;
      const make = async (body: Body) => (await schoolClass({ courseId: ai, ...body }).expect(201)).body.id as number;
      const finished = await make({ campusId: place, semester: 1, startDate: '2020-01-01', endDate: '2020-06-30' });
      const running = await make({
        campusId: place,
        semester: 2,
        startDate: '2021-01-01',
        endDate: null,
        teacherIds: [teacherB.id],
      });
      const upcoming = await make({
        campusId: place,
        semester: 3,
        startDate: '2099-01-01',
        endDate: '2099-06-30',
        teacherIds: [teacherA.id, teacherB.id],
      });
      const elsewhere = await make({
        campusId: other,
        semester: 1,
        startDate: '2021-01-01',
        endDate: '2098-12-31',
        teacherIds: [teacherA.id],
      });

      const get = (query: string, auth: Auth = admin) =>
        t.http.get(`/api/v1/classes?courseId=${ai}&${query}`).set(auth).expect(200);
      expect(ids(await get(''))).toEqual([finished, running, upcoming, elsewhere]);
      expect(ids(await get(`campusId=${place}`))).toEqual([finished, running, upcoming]);
      expect(ids(await get('state=finished'))).toEqual([finished]);
      expect(ids(await get('state=running'))).toEqual([running, elsewhere]);
      expect(ids(await get('state=upcoming'))).toEqual([upcoming]);
      expect(ids(await get(`teacherId=${teacherB.id}`))).toEqual([running, upcoming]);
      expect(ids(await get('q=西安'))).toEqual([elsewhere]);
      expect((await get('state=running&sort=-startDate')).body.data.map((c: { state: string }) => c.state)).toEqual([
        'running',
        'running',
      ]);
      const page = await get('sort=startDate&pageSize=2&page=2');
      expect(page.body.meta).toEqual({ page: 2, pageSize: 2, total: 4, totalCapped: false, next: null });
      expect(page.body.data.map((c: { id: number }) => c.id)).toEqual([elsewhere, upcoming]);

      // teacher A: only the classes they teach; the manager sees all
      expect(ids(await get('', teacherA.auth))).toEqual([upcoming, elsewhere]);
      expect(ids(await get(`teacherId=${teacherB.id}`, teacherA.auth))).toEqual([upcoming]);
      expect(ids(await get('', manager.auth))).toEqual([finished, running, upcoming, elsewhere]);
      await t.http.get(`/api/v1/classes/${running}`).set(teacherA.auth).expect(404);
      await t.http.get(`/api/v1/classes/${running}`).set(manager.auth).expect(200);

      await t.http.get('/api/v1/classes?state=soon').set(admin).expect(400);
      await t.http.get('/api/v1/classes?teacherId=abc').set(admin).expect(400);
      await t.http.get('/api/v1/classes?sort=semester').set(admin).expect(400);
      await t.http.get('/api/v1/classes').expect(401);
    });

    it('lists a page of classes in one rows query and one count, whatever the number of teachers', async () => {
      const place = (await campus('长沙校区').expect(201)).body.id;
      for (let semester = 1; semester <= 5; semester++) {
        await schoolClass({ campusId: place, courseId: py, semester, teacherIds: [teacherA.id, teacherB.id] }).expect(
          201,
        );
      }
      let res: { body: { data: { teachers: unknown[] }[] } } | undefined;
      const queries = await captureQueries(t.dataSource, async () => {
        res = await t.http.get(`/api/v1/classes?campusId=${place}`).set(teacherA.auth).expect(200);
      });
      expect(res!.body.data).toHaveLength(5);
      expect(res!.body.data.every((c) => c.teachers.length === 2)).toBe(true);
      expect(queries).toHaveLength(2);
      expect(queries.filter((q) => /COUNT\(/i.test(q))).toHaveLength(1);
    });

    it('needs teaching.manage to create, edit or delete a class', async () => {
      const before = await t.dataSource.getRepository(SchoolClass).count();
      await schoolClass({ campusId: hz, courseId: java, semester: 40 }, teacherA.auth).expect(403);
      await schoolClass({ campusId: hz, courseId: java, semester: 40 }, consultant.auth).expect(403);
      await t.http.post('/api/v1/classes').send({}).expect(401);
      await t.http.patch('/api/v1/classes/1').set(teacherA.auth).send({ version: 1 }).expect(403);
      expect(await t.dataSource.getRepository(SchoolClass).count()).toBe(before);
    });
  });
});
