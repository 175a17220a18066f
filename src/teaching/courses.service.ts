import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { loadForUpdate, saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem } from '../common/errors/problem.js';
import type { ListQuery } from '../common/list/list-query.js';
import { paginate, type Page } from '../common/list/paginate.js';
import type { CourseDto, CreateCourseDto, UpdateCourseDto } from './dto/course.dto.js';
import { Course } from './entities/course.entity.js';
import { assertUnreferenced } from './references.js';

export function toCourseDto(course: Course): CourseDto {
  const { id, name, price, periodMonths, outline, lessonCount, contractTemplate, version, createdAt, updatedAt } =
    course;
  return { id, name, price, periodMonths, outline, lessonCount, contractTemplate, version, createdAt, updatedAt };
}

// the catalog is small (tens of rows): name is indexed, createdAt sorts a handful of rows
export const COURSE_LIST = {
  sortable: { name: 'co.name', createdAt: 'co.createdAt' },
  defaultSort: 'name',
  search: ['co.name'],
};

@Injectable()
export class CoursesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListQuery): Promise<Page<CourseDto>> {
    const qb = this.dataSource.getRepository(Course).createQueryBuilder('co');
    const page = await paginate(qb, query, COURSE_LIST);
    return { data: page.data.map(toCourseDto), meta: page.meta };
  }

  async get(id: number): Promise<CourseDto> {
    const course = await this.dataSource.getRepository(Course).findOneBy({ id });
    if (!course) throw new ApiProblem(HttpStatus.NOT_FOUND, `Course ${id} does not exist`);
    return toCourseDto(course);
  }

  create(dto: CreateCourseDto): Promise<CourseDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertNameFree(manager, dto.name);
      const course = manager.getRepository(Course).create({
        name: dto.name,
        price: dto.price,
        periodMonths: dto.periodMonths,
        outline: dto.outline,
        lessonCount: dto.lessonCount ?? 0,
        contractTemplate: dto.contractTemplate ?? null,
      });
      return toCourseDto(await manager.save(course));
    });
  }

  update(id: number, dto: UpdateCourseDto): Promise<CourseDto> {
    return this.dataSource.transaction(async (manager) => {
      const course = await loadForUpdate(manager, Course, id, { expectedVersion: dto.version, label: 'Course' });
      if (dto.name !== undefined && dto.name !== course.name) await this.assertNameFree(manager, dto.name, id);
      const { version: _version, ...fields } = dto;
      Object.assign(course, fields);
      return toCourseDto(await saveEdit(manager, course));
    });
  }

  /** Deletes a course no class, customer or payment refers to; otherwise 409. */
  async remove(id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const course = await loadForUpdate(manager, Course, id, { label: 'Course' });
      await assertUnreferenced(manager, 'Course', id, [
        { table: 'school_class', column: 'course_id', noun: 'classes' },
        { table: 'customer', column: 'consult_course_id', noun: 'customers' },
        { table: 'payment', column: 'course_id', noun: 'payments' },
      ]);
      await manager.remove(course);
    });
  }

  private async assertNameFree(manager: EntityManager, name: string, exceptId?: number): Promise<void> {
    const where = exceptId === undefined ? { name } : { name, id: Not(exceptId) };
    if (await manager.getRepository(Course).existsBy(where)) {
      throw new ApiProblem(HttpStatus.CONFLICT, `A course named ${name} already exists`, {
        errors: [{ field: 'name', message: 'is already taken' }],
      });
    }
  }
}
