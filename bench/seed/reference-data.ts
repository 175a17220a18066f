import { BulkInsert, type SqlSink } from './bulk-insert.js';
import { CAMPUSES, COURSE_NAMES, GIVEN_NAME_CHARACTERS, SURNAMES, TAGS } from './names.js';
import type { Random } from './random.js';
import { SEED_NOW, SEED_START, addDays, dateOnly, earliest } from './timeline.js';

export const BENCH_PASSWORD = 'Bench#Pass2026';
export const LESSONS_PER_CLASS = 30;
const SEMESTERS = 2; // 5 campuses × 20 courses × 2 semesters = 200 classes

/** 50 staff by role, in id order: usernames are `<role><nn>` (admin is just `admin`). */
const STAFF_PLAN = [
  ['admin', 1],
  ['manager', 4],
  ['consultant', 25],
  ['teacher', 12],
  ['service', 8],
] as const;

export interface SchoolClassRow {
  id: number;
  courseId: number;
  start: Date;
  teacherId: number;
}

export interface ReferenceData {
  staffByRole: Map<string, number[]>;
  courses: { id: number; price: number }[];
  /** Sorted by start date: customers enrol in a class that starts soon after they arrived. */
  classes: SchoolClassRow[];
  tagIds: number[];
}

/** Mostly the 20 commonest surnames, one or two given-name characters. */
export const chineseName = (random: Random) =>
  random.pick(SURNAMES.slice(0, random.chance(0.7) ? 20 : SURNAMES.length)) +
  random.pick(GIVEN_NAME_CHARACTERS) +
  (random.chance(0.7) ? random.pick(GIVEN_NAME_CHARACTERS) : '');

/** id, created_at, updated_at, version: every editable record starts at version 1. */
const EDITABLE = ['id', 'created_at', 'updated_at', 'version'];

async function insertStaff(sink: SqlSink, random: Random, roleIds: Map<string, number>, passwordHash: string) {
  const staff = new BulkInsert(sink, 'staff', [
    ...EDITABLE,
    ...['username', 'name', 'email', 'phone', 'password_hash', 'is_active', 'must_change_password'],
  ]);
  const staffRoles = new BulkInsert(sink, 'staff_roles', ['staff_id', 'role_id']);
  const staffByRole = new Map<string, number[]>();
  let id = 0;
  for (const [role, count] of STAFF_PLAN) {
    const roleId = roleIds.get(role);
    if (!roleId) throw new Error(`the migrations and start-up code created no built-in role ${role}`);
    const ids: number[] = [];
    for (let n = 1; n <= count; n++) {
      id++;
      const username = role === 'admin' ? 'admin' : `${role}${String(n).padStart(2, '0')}`;
      await staff.add([
        ...[id, SEED_START, SEED_START, 1],
        ...[username, chineseName(random), `${username}@bench.example`, `139${10_000_000 + id}`, passwordHash],
        ...[true, false],
      ]);
      await staffRoles.add([id, roleId]);
      ids.push(id);
    }
    staffByRole.set(role, ids);
  }
  await staff.flush();
  await staffRoles.flush();
  return staffByRole;
}

async function insertCourses(sink: SqlSink, random: Random) {
  const courses = new BulkInsert(sink, 'course', [
    ...EDITABLE,
    ...['name', 'price', 'period_months', 'outline', 'lesson_count', 'contract_template'],
  ]);
  const rows = COURSE_NAMES.map((name, i) => ({ id: i + 1, name, price: random.int(49, 129) * 200_00 }));
  for (const c of rows) {
    const outline = `${c.name}：基础、进阶、项目实战、就业辅导`;
    const template = `《${c.name}》培训协议：学费 ${c.price / 100} 元，共 ${LESSONS_PER_CLASS} 课时。`;
    await courses.add([c.id, SEED_START, SEED_START, 1, c.name, c.price, random.int(4, 6), outline, 30, template]);
  }
  await courses.flush();
  return rows.map(({ id, price }) => ({ id, price }));
}

async function insertCampuses(sink: SqlSink) {
  const branches = new BulkInsert(sink, 'branch', [...EDITABLE, 'name', 'address']);
  for (const [i, [name, address]] of CAMPUSES.entries())
    await branches.add([i + 1, SEED_START, SEED_START, 1, name, address]);
  await branches.flush();
}

/** 200 classes starting between two years ago and half a year ahead, one teacher each, 30 weekly lessons. */
async function insertClasses(sink: SqlSink, random: Random, teacherIds: number[]): Promise<SchoolClassRow[]> {
  const classes = new BulkInsert(sink, 'school_class', [
    ...EDITABLE,
    ...['branch_id', 'course_id', 'class_type', 'semester', 'start_date', 'end_date'],
  ]);
  const classTeachers = new BulkInsert(sink, 'class_teachers', ['class_id', 'staff_id']);
  const lessons = new BulkInsert(sink, 'lesson', [
    ...EDITABLE,
    ...['class_id', 'day_num', 'teacher_id', 'has_homework', 'homework_title', 'homework_content', 'outline', 'date'],
  ]);
  const rows: SchoolClassRow[] = [];
  let id = 0;
  for (let semester = 1; semester <= SEMESTERS; semester++) {
    for (let courseId = 1; courseId <= COURSE_NAMES.length; courseId++) {
      for (let branchId = 1; branchId <= CAMPUSES.length; branchId++) {
        id++;
        const start = addDays(SEED_START, random.int(0, 730 + 180));
        const teacherId = random.pick(teacherIds);
        const created = earliest(addDays(start, -30), addDays(SEED_NOW, -1)); // planned a month ahead
        const end = addDays(start, 7 * (LESSONS_PER_CLASS - 1));
        await classes.add([
          ...[id, created, created, 1],
          ...[branchId, courseId, random.int(0, 2), semester, dateOnly(start), dateOnly(end)],
        ]);
        await classTeachers.add([id, teacherId]);
        for (let day = 1; day <= LESSONS_PER_CLASS; day++) {
          const lessonId = (id - 1) * LESSONS_PER_CLASS + day;
          const homework = day % 3 !== 0;
          await lessons.add([
            ...[lessonId, created, created, 1],
            ...[id, day, teacherId, homework, homework ? `第 ${day} 课作业` : null, homework ? '完成课堂练习' : null],
            ...[`第 ${day} 课`, dateOnly(addDays(start, 7 * (day - 1)))],
          ]);
        }
        rows.push({ id, courseId, start, teacherId });
      }
    }
  }
  await Promise.all([classes.flush(), classTeachers.flush(), lessons.flush()]);
  return rows.sort((a, b) => a.start.getTime() - b.start.getTime() || a.id - b.id);
}

async function insertTags(sink: SqlSink) {
  const tags = new BulkInsert(sink, 'tag', ['id', 'created_at', 'updated_at', 'name']);
  for (const [i, name] of TAGS.entries()) await tags.add([i + 1, SEED_START, SEED_START, name]);
  await tags.flush();
  return TAGS.map((_, i) => i + 1);
}

/** Staff, courses, campuses, classes with their lessons, and tags: everything customers refer to. */
export async function insertReferenceData(
  sink: SqlSink,
  random: Random,
  roleIds: Map<string, number>,
  passwordHash: string,
): Promise<ReferenceData> {
  const staffByRole = await insertStaff(sink, random, roleIds, passwordHash);
  const courses = await insertCourses(sink, random);
  await insertCampuses(sink);
  const classes = await insertClasses(sink, random, staffByRole.get('teacher')!);
  const tagIds = await insertTags(sink);
  return { staffByRole, courses, classes, tagIds };
}

/** Lessons of a class held before the dataset's "now". */
export const heldLessons = (schoolClass: SchoolClassRow) =>
  Math.max(
    0,
    Math.min(LESSONS_PER_CLASS, Math.floor((SEED_NOW.getTime() - schoolClass.start.getTime()) / (7 * 86_400_000)) + 1),
  );
