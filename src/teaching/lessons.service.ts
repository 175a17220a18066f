import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Staff } from '../auth/entities/staff.entity.js';
import type { Actor } from '../common/auth/actor.js';
import { Attendance, Score } from '../common/codes/codes.js';
import { loadForUpdate, saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem, ValidationProblem } from '../common/errors/problem.js';
import { paginate, type Page } from '../common/list/paginate.js';
import { Enrollment } from '../enrollment/entities/enrollment.entity.js';
import { ACTIVE_ENROLLMENT_STATUSES } from '../enrollment/enrollment-states.js';
import { findVisibleClass, findVisibleLesson, scopeToActor } from './class-scope.js';
import type {
  CreatedLessonDto,
  CreateLessonDto,
  LessonDto,
  LessonListQuery,
  UpdateLessonDto,
} from './dto/lesson.dto.js';
import { Lesson } from './entities/lesson.entity.js';
import { SchoolClass } from './entities/school-class.entity.js';
import { StudyRecord } from './entities/study-record.entity.js';

export function toLessonDto(lesson: Lesson): LessonDto {
  const { id, classId, dayNum, hasHomework, homeworkTitle, homeworkContent, outline, date } = lesson;
  const { version, createdAt, updatedAt } = lesson;
  return {
    id,
    classId,
    dayNum,
    teacher: { id: lesson.teacher.id, name: lesson.teacher.name },
    hasHomework,
    homeworkTitle,
    homeworkContent,
    outline,
    date,
    version,
    createdAt,
    updatedAt,
  };
}

export const LESSON_LIST = { sortable: { dayNum: 'l.dayNum', date: 'l.date' }, defaultSort: 'dayNum' };

const dayNumTaken = (dayNum: number) =>
  new ApiProblem(HttpStatus.CONFLICT, `The class already has lesson ${dayNum}`, {
    errors: [{ field: 'dayNum', message: 'is already taken in this class' }],
  });

/** Lessons (the seed's CourseRecord) of the classes the actor may see. */
@Injectable()
export class LessonsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(classId: number, query: LessonListQuery, actor: Actor): Promise<Page<LessonDto>> {
    await findVisibleClass(this.dataSource.manager, actor, classId);
    const qb = this.select(this.dataSource.manager).where('l.classId = :classId', { classId });
    if (query.teacherId !== undefined) qb.andWhere('l.teacherId = :teacherId', { teacherId: query.teacherId });
    const page = await paginate(qb, query, LESSON_LIST);
    return { data: page.data.map(toLessonDto), meta: page.meta };
  }

  async get(id: number, actor: Actor): Promise<LessonDto> {
    const qb = this.select(this.dataSource.manager).where('l.id = :id', { id });
    const lesson = await scopeToActor(qb, actor, 'l.classId').getOne();
    if (!lesson) throw new ApiProblem(HttpStatus.NOT_FOUND, `Lesson ${id} does not exist`);
    return toLessonDto(lesson);
  }

  /**
   * Creates the lesson and, in the same transaction, a study record (default attendance and score) for each
   * student of the class whose enrollment is active (agreed or approved).
   */
  create(classId: number, dto: CreateLessonDto, actor: Actor): Promise<CreatedLessonDto> {
    return this.dataSource.transaction(async (manager) => {
      await findVisibleClass(manager, actor, classId);
      // locks the class: lesson numbers and the class's students are read under the lock
      const schoolClass = await loadForUpdate(manager, SchoolClass, classId, {
        relations: { teachers: true },
        label: 'Class',
      });
      const teacher = this.pickTeacher(schoolClass, dto.teacherId, actor);
      const repo = manager.getRepository(Lesson);
      const dayNum = dto.dayNum ?? Number((await repo.maximum('dayNum', { classId })) ?? 0) + 1;
      if (await repo.existsBy({ classId, dayNum })) throw dayNumTaken(dayNum);
      const lesson = await manager.save(
        repo.create({
          classId,
          dayNum,
          teacher,
          teacherId: teacher.id,
          hasHomework: dto.hasHomework ?? true,
          homeworkTitle: dto.homeworkTitle ?? null,
          homeworkContent: dto.homeworkContent ?? null,
          outline: dto.outline,
          date: dto.date,
        }),
      );
      const students = await manager.getRepository(Enrollment).find({
        select: { id: true },
        where: { classId, status: In([...ACTIVE_ENROLLMENT_STATUSES]) },
        order: { id: 'ASC' },
      });
      const records = students.map((e) =>
        manager.getRepository(StudyRecord).create({
          enrollmentId: e.id,
          lessonId: lesson.id,
          attendance: Attendance.defaultCode!,
          score: Score.defaultCode!,
          memo: null,
        }),
      );
      if (records.length) await manager.save(records);
      return { ...toLessonDto(lesson), studyRecordsCreated: records.length };
    });
  }

  update(id: number, dto: UpdateLessonDto, actor: Actor): Promise<LessonDto> {
    return this.dataSource.transaction(async (manager) => {
      await findVisibleLesson(manager, actor, id);
      const lesson = await loadForUpdate(manager, Lesson, id, {
        expectedVersion: dto.version,
        relations: { teacher: true },
        label: 'Lesson',
      });
      const { version: _version, teacherId, dayNum, ...fields } = dto;
      if (teacherId !== undefined && teacherId !== lesson.teacherId) {
        const schoolClass = await manager
          .getRepository(SchoolClass)
          .findOneOrFail({ where: { id: lesson.classId }, relations: { teachers: true } });
        lesson.teacher = this.pickTeacher(schoolClass, teacherId, actor);
        lesson.teacherId = lesson.teacher.id;
      }
      if (dayNum !== undefined && dayNum !== lesson.dayNum) {
        if (await manager.getRepository(Lesson).existsBy({ classId: lesson.classId, dayNum })) {
          throw dayNumTaken(dayNum);
        }
        lesson.dayNum = dayNum;
      }
      Object.assign(lesson, fields);
      return toLessonDto(await saveEdit(manager, lesson));
    });
  }

  /** Deletes the lesson with its study records (they exist only for it), each deletion audited. */
  async remove(id: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await findVisibleLesson(manager, actor, id);
      const lesson = await loadForUpdate(manager, Lesson, id, { label: 'Lesson' });
      const records = await manager.getRepository(StudyRecord).findBy({ lessonId: id });
      if (records.length) await manager.remove(records);
      await manager.remove(lesson);
    });
  }

  /** The lesson's teacher: the one asked for, which must teach the class, or else the actor if they do. */
  private pickTeacher(schoolClass: SchoolClass, teacherId: number | undefined, actor: Actor): Staff {
    const wanted = teacherId ?? actor.id;
    const teacher = schoolClass.teachers.find((s) => s.id === wanted);
    if (teacher) return teacher;
    throw new ValidationProblem([
      teacherId === undefined
        ? { field: 'teacherId', message: 'is required: you do not teach this class' }
        : { field: 'teacherId', message: `staff ${teacherId} does not teach this class` },
    ]);
  }

  private select(manager: EntityManager) {
    return manager
      .getRepository(Lesson)
      .createQueryBuilder('l')
      .innerJoin('l.teacher', 't')
      .addSelect(['t.id', 't.name']);
  }
}
