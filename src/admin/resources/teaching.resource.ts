import { ListQuery } from '../../common/list/list-query.js';
import { CAMPUS_LIST, CampusesService } from '../../teaching/campuses.service.js';
import { CLASS_LIST, ClassesService } from '../../teaching/classes.service.js';
import type { CampusDto } from '../../teaching/dto/campus.dto.js';
import { CreateCampusDto, UpdateCampusDto } from '../../teaching/dto/campus.dto.js';
import { ClassListQuery, CreateClassDto, UpdateClassDto, type ClassDto } from '../../teaching/dto/class.dto.js';
import { Branch } from '../../teaching/entities/branch.entity.js';
import { SchoolClass } from '../../teaching/entities/school-class.entity.js';
import { linkAction } from '../adapter/actions.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';

/** Campuses (the seed's Branch; resource id `Branch`, as a class's campus refers to it). */
export function campusResource(resolve: Resolve): ResourceSpec<CampusDto> {
  const campuses = resolve(CampusesService);
  return {
    entity: Branch,
    navigation: 'teaching',
    titleProperty: 'name',
    listProperties: ['name', 'address', 'createdAt'],
    showProperties: ['name', 'address', 'createdAt', 'updatedAt'],
    editProperties: ['name', 'address'],
    filterProperties: ['q'],
    properties: { q: { type: 'string' } },
    sortable: Object.keys(CAMPUS_LIST.sortable),
    defaultSort: { sortBy: 'name', direction: 'asc' },
    access: {
      read: 'teaching.read',
      create: 'teaching.manage',
      edit: 'teaching.manage',
      delete: 'teaching.manage',
      search: 'signed-in',
    },
    listQuery: ListQuery,
    list: (query) => campuses.list(query as ListQuery),
    get: (id) => campuses.get(id),
    create: { dto: CreateCampusDto, run: (dto) => campuses.create(dto as CreateCampusDto) },
    update: { dto: UpdateCampusDto, run: (id, dto) => campuses.update(id, dto as UpdateCampusDto) },
    remove: (id) => campuses.remove(id),
  };
}

const CLASS_FIELDS = ['campusId', 'courseId', 'classType', 'semester', 'teacherIds', 'startDate', 'endDate'];

/**
 * Classes through ClassesService: a teacher without teaching.read_all sees only the classes they teach; the
 * teachers are picked by name (active staff, checked by the service), the term is unique per campus and course.
 */
export function classResource(resolve: Resolve): ResourceSpec<ClassDto> {
  const classes = resolve(ClassesService);
  return {
    entity: SchoolClass,
    navigation: 'teaching',
    titleProperty: 'displayName',
    listProperties: ['displayName', 'classType', 'teacherIds', 'startDate', 'endDate', 'state'],
    showProperties: ['displayName', 'displayNameZh', ...CLASS_FIELDS, 'state', 'createdAt', 'updatedAt'],
    editProperties: CLASS_FIELDS,
    filterProperties: ['q', 'campusId', 'courseId', 'teacherId', 'classType', 'state'],
    properties: {
      displayName: { type: 'string' },
      displayNameZh: { type: 'string' },
      q: { type: 'string' },
      campusId: { reference: 'Branch', isRequired: true },
      teacherIds: { reference: 'Staff', isArray: true },
      teacherId: { reference: 'Staff' },
      // typed as YYYY-MM-DD: the API takes a day, never a date-time
      startDate: { type: 'string', isRequired: true },
      endDate: { type: 'string' },
      state: {
        choices: {
          upcoming: { en: 'Not started', zh: '未开课' },
          running: { en: 'Running', zh: '进行中' },
          finished: { en: 'Finished', zh: '已结课' },
        },
      },
    },
    sortable: Object.keys(CLASS_LIST.sortable),
    defaultSort: { sortBy: 'startDate', direction: 'desc' },
    access: {
      read: 'teaching.read',
      create: 'teaching.manage',
      edit: 'teaching.manage',
      delete: 'teaching.manage',
      search: 'signed-in',
    },
    listQuery: ClassListQuery,
    list: (query, actor) => classes.list(query as ClassListQuery, actor),
    get: (id, actor) => classes.get(id, actor),
    create: { dto: CreateClassDto, run: (dto) => classes.create(dto as CreateClassDto) },
    update: { dto: UpdateClassDto, run: (id, dto, actor) => classes.update(id, dto as UpdateClassDto, actor) },
    remove: (id, actor) => classes.remove(id, actor),
    params: (row) => ({
      ...row,
      campusId: row.campus.id,
      courseId: row.course.id,
      teacherIds: row.teachers.map((teacher) => teacher.id),
    }),
    refs: (row) => ({ Branch: [row.campus], Course: [row.course], Staff: row.teachers }),
    actions: {
      lessons: linkAction({
        permission: 'teaching.read',
        icon: 'Calendar',
        to: (id, h) => h.resourceUrl({ resourceId: 'Lesson', search: `?filters.classId=${id}` }),
      }),
    },
  };
}
