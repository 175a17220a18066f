import { ValidationProblem } from '../../common/errors/problem.js';
import { OptionalId } from '../../common/list/list-query.js';
import { CreateLessonDto, LessonListQuery, UpdateLessonDto, type LessonDto } from '../../teaching/dto/lesson.dto.js';
import { Lesson } from '../../teaching/entities/lesson.entity.js';
import { LESSON_LIST, LessonsService } from '../../teaching/lessons.service.js';
import { linkAction } from '../adapter/actions.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';

/** The API lists a class's lessons (/classes/:id/lessons): the class is the list's filter here. */
class ClassLessonsQuery extends LessonListQuery {
  @OptionalId()
  classId?: number;
}

/**
 * Lessons of a class (open them from the class: "Lessons") through LessonsService: recording one creates a
 * study record for each student whose enrollment is agreed or approved, in the same transaction.
 */
export function lessonResource(resolve: Resolve): ResourceSpec<LessonDto> {
  const lessons = resolve(LessonsService);
  return {
    entity: Lesson,
    navigation: 'teaching',
    titleProperty: 'outline',
    listProperties: ['classId', 'dayNum', 'date', 'teacherId', 'outline', 'hasHomework'],
    showProperties: [
      'classId',
      'dayNum',
      'date',
      'teacherId',
      'outline',
      'hasHomework',
      'homeworkTitle',
      'homeworkContent',
      'createdAt',
      'updatedAt',
    ],
    editProperties: [
      'classId',
      'dayNum',
      'date',
      'teacherId',
      'outline',
      'hasHomework',
      'homeworkTitle',
      'homeworkContent',
    ],
    filterProperties: ['classId', 'teacherId'],
    properties: {
      dayNum: { isRequired: false }, // the next number by default
      teacherId: { isRequired: false }, // you, when you teach the class
      // typed as YYYY-MM-DD: the API takes a day, never a date-time
      date: { type: 'string', isRequired: true },
    },
    sortable: Object.keys(LESSON_LIST.sortable),
    defaultSort: { sortBy: 'dayNum', direction: 'asc' },
    access: { read: 'teaching.read', create: 'lessons.write', edit: 'lessons.write', delete: 'lessons.write' },
    listQuery: ClassLessonsQuery,
    list: (query, actor) => {
      const { classId, ...rest } = query as ClassLessonsQuery;
      if (!classId) throw new ValidationProblem([{ field: 'classId', message: 'choose a class to list its lessons' }]);
      return lessons.list(classId, Object.assign(new LessonListQuery(), rest), actor);
    },
    get: (id, actor) => lessons.get(id, actor),
    // the API takes the class from the URL (/classes/:id/lessons)
    create: {
      dto: CreateLessonDto,
      routeParams: ['classId'],
      run: (dto, actor, { classId }) => lessons.create(classId, dto as CreateLessonDto, actor),
    },
    update: { dto: UpdateLessonDto, run: (id, dto, actor) => lessons.update(id, dto as UpdateLessonDto, actor) },
    remove: (id, actor) => lessons.remove(id, actor),
    params: (row) => ({ ...row, teacherId: row.teacher.id }),
    refs: (row) => ({ Staff: [row.teacher] }),
    actions: {
      attendance: linkAction({
        permission: 'teaching.read',
        icon: 'CheckSquare',
        to: (id, h) => h.resourceUrl({ resourceId: 'StudyRecord', search: `?filters.lessonId=${id}` }),
      }),
      // the class of a lesson never changes
      edit: { layout: ['dayNum', 'date', 'teacherId', 'outline', 'hasHomework', 'homeworkTitle', 'homeworkContent'] },
    },
  };
}
