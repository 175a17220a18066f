import { HttpStatus } from '@nestjs/common';
import { PickType } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { ApiProblem, ValidationProblem } from '../../common/errors/problem.js';
import { MAX_PAGE_SIZE, OptionalId } from '../../common/list/list-query.js';
import { RecordStudyDto, StudyRecordListQuery, type StudyRecordDto } from '../../teaching/dto/study-record.dto.js';
import { StudyRecord } from '../../teaching/entities/study-record.entity.js';
import { StudyRecordsService } from '../../teaching/study-records.service.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';

/** The API reads a lesson's sheet (/lessons/:id/study-records): the lesson is the list's filter here. */
class LessonSheetQuery extends StudyRecordListQuery {
  @OptionalId()
  lessonId?: number;
}

/** One student's line of the sheet: attendance, score, memo and the version the form was loaded with. */
class StudyLineForm extends PickType(RecordStudyDto, ['attendance', 'score', 'memo'] as const) {
  @IsInt()
  @Min(1)
  version: number;
}

/**
 * A lesson's attendance sheet (Lesson → Attendance): one line per student, recorded through
 * StudyRecordsService.record() — the lesson's scope, the version check and the lesson lock are the API's.
 */
export function studyRecordResource(resolve: Resolve): ResourceSpec<StudyRecordDto> {
  const records = resolve(StudyRecordsService);
  const dataSource = resolve(DataSource);
  const sheet = (lessonId: number, query: StudyRecordListQuery, actor: Actor) =>
    records.listForLesson(lessonId, query, actor);
  /** The line, read through the lesson's sheet (404 unless the actor may see the lesson). */
  const line = async (id: number, actor: Actor) => {
    const found = await dataSource
      .getRepository(StudyRecord)
      .findOne({ select: { id: true, lessonId: true }, where: { id } });
    if (!found) throw new ApiProblem(HttpStatus.NOT_FOUND, `Study record ${id} does not exist`);
    for (let page = 1; ; page++) {
      const query = Object.assign(new StudyRecordListQuery(), { page, pageSize: MAX_PAGE_SIZE });
      const { data, meta } = await sheet(found.lessonId, query, actor);
      const row = data.find((candidate) => candidate.id === id);
      if (row) return row;
      if (page * MAX_PAGE_SIZE >= meta.total)
        throw new ApiProblem(HttpStatus.NOT_FOUND, `Study record ${id} does not exist`);
    }
  };
  return {
    entity: StudyRecord,
    navigation: 'teaching',
    hidden: true,
    titleProperty: 'studentName',
    listProperties: ['studentName', 'enrollmentId', 'attendance', 'score', 'memo', 'updatedAt'],
    showProperties: ['lessonId', 'studentName', 'enrollmentId', 'attendance', 'score', 'memo', 'updatedAt'],
    editProperties: ['attendance', 'score', 'memo'],
    filterProperties: ['lessonId', 'attendance'],
    properties: { studentName: { type: 'string' } },
    sortable: ['enrollmentId'],
    defaultSort: { sortBy: 'enrollmentId', direction: 'asc' },
    access: { read: 'teaching.read', edit: 'lessons.write' },
    listQuery: LessonSheetQuery,
    list: (query, actor) => {
      const { lessonId, ...rest } = query as LessonSheetQuery;
      if (!lessonId) throw new ValidationProblem([{ field: 'lessonId', message: 'choose a lesson to see its sheet' }]);
      return sheet(lessonId, Object.assign(new StudyRecordListQuery(), rest), actor);
    },
    get: line,
    update: {
      dto: StudyLineForm,
      run: async (id, dto, actor) => {
        const { lessonId, enrollmentId } = await line(id, actor);
        const [written] = await records.record(lessonId, [{ ...(dto as StudyLineForm), enrollmentId }], actor);
        return written;
      },
    },
    params: (row) => ({ ...row, studentName: row.student.name ?? row.student.enrollmentNumber }),
    refs: (row) => ({ Enrollment: [{ id: row.enrollmentId, name: row.student.enrollmentNumber }] }),
  };
}
