import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Attendance, Score } from '../../common/codes/codes.js';
import type { ListQuery } from '../../common/list/list-query.js';
import type { StudyRecordListQuery } from '../../teaching/dto/study-record.dto.js';
import type { StudyRecord } from '../../teaching/entities/study-record.entity.js';
import { StudyRecordsService } from '../../teaching/study-records.service.js';
import { EXPORT_BATCH_SIZE, keysetRows } from './keyset-batches.js';
import { className, readableRows, type ListExport } from './list-export.js';

/** One layout for both lists (a lesson's sheet, a student's history): each row names its class, lesson and student. */
export const STUDY_RECORD_EXPORT: ListExport<StudyRecord> = {
  filename: { en: 'study-records', zh: '学习记录' },
  columns: [
    { key: 'class', en: 'Class', zh: '班级', value: (r, lang) => className(r.lesson.schoolClass, lang), width: 32 },
    { key: 'dayNum', en: 'Lesson day', zh: '课次', value: (r) => r.lesson.dayNum, width: 10 },
    { key: 'date', en: 'Lesson date', zh: '上课日期', value: (r) => r.lesson.date, width: 12 },
    {
      key: 'customerNumber',
      en: 'Customer number',
      zh: '客户编号',
      value: (r) => r.enrollment.customer.number,
      width: 12,
    },
    {
      key: 'student',
      en: 'Student',
      zh: '学员',
      value: (r) => r.enrollment.customer.name ?? r.enrollment.customer.qqName,
    },
    { key: 'enrollment', en: 'Enrollment', zh: '报名编号', value: (r) => r.enrollment.number, width: 12 },
    { key: 'attendance', en: 'Attendance', zh: '出勤', value: (r, lang) => Attendance.label(r.attendance, lang) },
    { key: 'score', en: 'Score', zh: '成绩', value: (r, lang) => Score.label(r.score, lang), width: 12 },
    { key: 'memo', en: 'Memo', zh: '备注', value: (r) => r.memo, width: 32 },
    { key: 'updatedAt', en: 'Recorded at', zh: '记录时间', value: (r) => r.updatedAt, width: 20 },
  ],
};

/** The lesson's class (`l` → `k`) with its course and campus, for the class's display name. */
const withClass = (qb: SelectQueryBuilder<StudyRecord>) =>
  qb
    .innerJoin('l.schoolClass', 'k')
    .addSelect(['k.id', 'k.semester'])
    .innerJoin('k.course', 'kc')
    .addSelect(['kc.id', 'kc.name'])
    .innerJoin('k.branch', 'kb')
    .addSelect(['kb.id', 'kb.name']);

/**
 * Study records of the two lists that exist: a lesson's sheet and a student's (enrollment's) history, with their
 * filters and the teacher's class scope (a lesson or enrollment outside it is 404, as in the list).
 */
@Injectable()
export class StudyRecordExportService {
  /** Rows per query (tests set a small one to cross batch boundaries). */
  batchSize = EXPORT_BATCH_SIZE;

  constructor(private readonly studyRecords: StudyRecordsService) {}

  forLesson(lessonId: number, query: StudyRecordListQuery, actor: Actor): AsyncGenerator<StudyRecord> {
    return readableRows(actor, 'teaching.read', async () => {
      const sheet = await this.studyRecords.filteredForLesson(lessonId, query, actor);
      withClass(sheet.innerJoin('sr.lesson', 'l').addSelect(['l.id', 'l.classId', 'l.dayNum', 'l.date']));
      return keysetRows(() => sheet.clone(), { batchSize: this.batchSize });
    });
  }

  forEnrollment(enrollmentId: number, query: ListQuery, actor: Actor): AsyncGenerator<StudyRecord> {
    return readableRows(actor, 'teaching.read', async () => {
      const history = await this.studyRecords.filteredHistory(enrollmentId, query, actor);
      withClass(history)
        .innerJoin('sr.enrollment', 'e')
        .addSelect(['e.id', 'e.customerId'])
        .innerJoin('e.customer', 'cu')
        .addSelect(['cu.id', 'cu.name', 'cu.qqName'])
        .withDeleted(); // a deleted customer's history is still listed
      return keysetRows(() => history.clone(), { batchSize: this.batchSize });
    });
  }
}
