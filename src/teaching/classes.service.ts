import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, type SelectQueryBuilder } from 'typeorm';
import { Staff } from '../auth/entities/staff.entity.js';
import type { Actor } from '../common/auth/actor.js';
import { loadForUpdate, saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem, ValidationProblem, type FieldError } from '../common/errors/problem.js';
import { applyPage, pageOf, type Page } from '../common/list/paginate.js';
import { AppConfig } from '../config/app-config.js';
import { Enrollment } from '../enrollment/entities/enrollment.entity.js';
import { findVisibleClass, scopeToActor } from './class-scope.js';
import type { ClassDto, ClassListQuery, CreateClassDto, UpdateClassDto } from './dto/class.dto.js';
import type { NamedRefDto } from './dto/ref.dto.js';
import { Branch } from './entities/branch.entity.js';
import { Course } from './entities/course.entity.js';
import { SchoolClass } from './entities/school-class.entity.js';
import { assertUnreferenced } from './references.js';
import { jsonArrayAgg, parseJsonArray } from '../common/database/sql-dialect.js';
import { today } from '../common/time/school-time.js';
import { classDisplayNames } from './class-name.js';
import { classState, classStateCondition } from './class-state.js';

export function toClassDto(c: SchoolClass, teachers: NamedRefDto[], on: string): ClassDto {
  const { id, classType, semester, startDate, endDate, version, createdAt, updatedAt } = c;
  return {
    id,
    ...classDisplayNames(c.branch.name, c.course.name, semester),
    campus: { id: c.branch.id, name: c.branch.name },
    course: { id: c.course.id, name: c.course.name },
    classType,
    semester,
    teachers: teachers.map(({ id, name }) => ({ id, name })).sort((a, b) => a.id - b.id),
    startDate,
    endDate,
    state: classState(startDate, endDate, on),
    version,
    createdAt,
    updatedAt,
  };
}

/** Parses the teachers column: a JSON array (MySQL may hand it over parsed, or NULL when there are none). */
function parseTeachers(value: unknown): NamedRefDto[] {
  return parseJsonArray<NamedRefDto>(value).map(({ id, name }) => ({ id: Number(id), name }));
}

// indexed columns only
export const CLASS_LIST = {
  sortable: { startDate: 'c.startDate', endDate: 'c.endDate' },
  defaultSort: '-startDate',
  search: ['b.name', 'co.name'],
};

@Injectable()
export class ClassesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** One rows query (campus and course joined, teachers as a correlated JSON subquery) and one count. */
  async list(query: ClassListQuery, actor: Actor): Promise<Page<ClassDto>> {
    const qb = this.select(this.dataSource.manager, actor);
    const on = today(this.config.reportTimezone);
    if (query.campusId !== undefined) qb.andWhere('c.branchId = :campusId', { campusId: query.campusId });
    if (query.courseId !== undefined) qb.andWhere('c.courseId = :courseId', { courseId: query.courseId });
    if (query.classType !== undefined) qb.andWhere('c.classType = :classType', { classType: query.classType });
    if (query.teacherId !== undefined) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM class_teachers f_ct WHERE f_ct.class_id = c.id AND f_ct.staff_id = :teacherId)',
        { teacherId: query.teacherId },
      );
    }
    if (query.state) qb.andWhere(classStateCondition(query.state, 'c'), { today: on });
    const page = applyPage(qb, query, CLASS_LIST);
    const { entities, raw } = await qb.getRawAndEntities();
    const teachers = new Map(raw.map((row) => [Number(row.c_id), parseTeachers(row.teachers)]));
    const { rows, meta } = await pageOf(query, page, entities);
    return { data: rows.map((c) => toClassDto(c, teachers.get(c.id) ?? [], on)), meta };
  }

  async get(id: number, actor: Actor): Promise<ClassDto> {
    return this.load(this.dataSource.manager, id, actor);
  }

  create(dto: CreateClassDto): Promise<ClassDto> {
    return this.dataSource.transaction(async (manager) => {
      const { branch, course, teachers } = await this.resolve(manager, dto, dto.teacherIds ?? []);
      this.assertDates(dto.startDate, dto.endDate ?? null);
      await this.assertTermFree(manager, branch, course, dto.semester);
      const schoolClass = manager.getRepository(SchoolClass).create({
        branch,
        branchId: branch.id,
        course,
        courseId: course.id,
        classType: dto.classType,
        semester: dto.semester,
        teachers: teachers ?? [],
        startDate: dto.startDate,
        endDate: dto.endDate ?? null,
      });
      await manager.save(schoolClass);
      return toClassDto(schoolClass, teachers ?? [], today(this.config.reportTimezone));
    });
  }

  update(id: number, dto: UpdateClassDto, actor: Actor): Promise<ClassDto> {
    return this.dataSource.transaction(async (manager) => {
      await findVisibleClass(manager, actor, id);
      const c = await loadForUpdate(manager, SchoolClass, id, {
        expectedVersion: dto.version,
        relations: { branch: true, course: true, teachers: true },
        label: 'Class',
      });
      const next = {
        campusId: dto.campusId ?? c.branchId,
        courseId: dto.courseId ?? c.courseId,
        semester: dto.semester ?? c.semester,
      };
      const { branch, course, teachers } = await this.resolve(manager, next, dto.teacherIds);
      this.assertDates(dto.startDate ?? c.startDate, dto.endDate === undefined ? c.endDate : dto.endDate);
      if (next.campusId !== c.branchId || next.courseId !== c.courseId || next.semester !== c.semester) {
        await this.assertTermFree(manager, branch, course, next.semester);
      }
      if (next.courseId !== c.courseId && (await manager.getRepository(Enrollment).existsBy({ classId: id }))) {
        throw new ApiProblem(HttpStatus.CONFLICT, `Class ${id} has enrollments; its course cannot change`);
      }
      Object.assign(c, { branch, branchId: branch.id, course, courseId: course.id, semester: next.semester });
      if (teachers) c.teachers = teachers;
      if (dto.classType !== undefined) c.classType = dto.classType;
      if (dto.startDate !== undefined) c.startDate = dto.startDate;
      if (dto.endDate !== undefined) c.endDate = dto.endDate;
      await saveEdit(manager, c);
      return toClassDto(c, c.teachers, today(this.config.reportTimezone));
    });
  }

  /** Deletes a class that has no enrollments, lessons or feedback; otherwise 409. */
  async remove(id: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await findVisibleClass(manager, actor, id);
      const c = await loadForUpdate(manager, SchoolClass, id, { relations: { teachers: true }, label: 'Class' });
      await assertUnreferenced(manager, 'Class', id, [
        { table: 'enrollment', column: 'class_id', noun: 'enrollments' },
        { table: 'lesson', column: 'class_id', noun: 'lessons' },
        { table: 'feedback', column: 'class_id', noun: 'feedback' },
      ]);
      await manager.remove(c);
    });
  }

  /** A class by id as the actor sees it (one query), 404 when missing or outside their classes. */
  async load(manager: EntityManager, id: number, actor: Actor): Promise<ClassDto> {
    const { entities, raw } = await this.select(manager, actor).andWhere('c.id = :id', { id }).getRawAndEntities();
    if (!entities.length) throw new ApiProblem(HttpStatus.NOT_FOUND, `Class ${id} does not exist`);
    return toClassDto(entities[0], parseTeachers(raw[0].teachers), today(this.config.reportTimezone));
  }

  /** Classes with campus and course names, and their teachers as a JSON array, limited to the actor's scope. */
  private select(manager: EntityManager, actor: Actor): SelectQueryBuilder<SchoolClass> {
    const aggregate = jsonArrayAgg(manager.connection, { id: 't_s.id', name: 't_s.name' });
    const qb = manager
      .getRepository(SchoolClass)
      .createQueryBuilder('c')
      .innerJoin('c.branch', 'b')
      .addSelect(['b.id', 'b.name'])
      .innerJoin('c.course', 'co')
      .addSelect(['co.id', 'co.name'])
      .addSelect(
        `(SELECT ${aggregate} FROM class_teachers t_ct INNER JOIN staff t_s ON t_s.id = t_ct.staff_id WHERE t_ct.class_id = c.id)`,
        'teachers',
      );
    return scopeToActor(qb, actor, 'c.id');
  }

  /** Campus, course and (when given) teachers by id; a missing one is a 400 naming its field. */
  private async resolve(
    manager: EntityManager,
    ids: { campusId: number; courseId: number },
    teacherIds: number[] | undefined,
  ): Promise<{ branch: Branch; course: Course; teachers: Staff[] | undefined }> {
    const errors: FieldError[] = [];
    const branch = await manager.getRepository(Branch).findOneBy({ id: ids.campusId });
    if (!branch) errors.push({ field: 'campusId', message: `no campus with id ${ids.campusId}` });
    const course = await manager.getRepository(Course).findOneBy({ id: ids.courseId });
    if (!course) errors.push({ field: 'courseId', message: `no course with id ${ids.courseId}` });
    let teachers: Staff[] | undefined;
    if (teacherIds) {
      const unique = [...new Set(teacherIds)];
      teachers = unique.length ? await manager.getRepository(Staff).findBy({ id: In(unique), isActive: true }) : [];
      const missing = unique.filter((id) => !teachers!.some((s) => s.id === id));
      if (missing.length)
        errors.push({ field: 'teacherIds', message: `no active staff with id ${missing.join(', ')}` });
    }
    if (errors.length) throw new ValidationProblem(errors);
    return { branch: branch!, course: course!, teachers };
  }

  private assertDates(startDate: string, endDate: string | null): void {
    if (endDate !== null && endDate < startDate) {
      throw new ValidationProblem([{ field: 'endDate', message: 'must be on or after startDate' }]);
    }
  }

  private async assertTermFree(manager: EntityManager, branch: Branch, course: Course, semester: number) {
    const taken = await manager
      .getRepository(SchoolClass)
      .existsBy({ branchId: branch.id, courseId: course.id, semester });
    if (taken) {
      throw new ApiProblem(HttpStatus.CONFLICT, `${branch.name} already has term ${semester} of ${course.name}`, {
        errors: [{ field: 'semester', message: 'is already taken for this campus and course' }],
      });
    }
  }
}
