import { ListQuery } from '../../common/list/list-query.js';
import { COURSE_LIST, CoursesService } from '../../teaching/courses.service.js';
import type { CourseDto } from '../../teaching/dto/course.dto.js';
import { Course } from '../../teaching/entities/course.entity.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';

/** The course catalogue (read here; customers pick the course they asked about from it). */
export function courseResource(resolve: Resolve): ResourceSpec<CourseDto> {
  const courses = resolve(CoursesService);
  return {
    entity: Course,
    navigation: 'teaching',
    titleProperty: 'name',
    listProperties: ['name', 'periodMonths', 'lessonCount', 'createdAt'],
    showProperties: ['name', 'periodMonths', 'lessonCount', 'outline', 'createdAt', 'updatedAt'],
    filterProperties: ['q'],
    properties: { q: { type: 'string' } },
    sortable: Object.keys(COURSE_LIST.sortable),
    defaultSort: { sortBy: 'name', direction: 'asc' },
    access: { read: 'teaching.read', search: 'signed-in' },
    listQuery: ListQuery,
    list: (query) => courses.list(query as ListQuery),
    get: (id) => courses.get(id),
  };
}
