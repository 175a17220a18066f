import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Attendance, Score } from '../../common/codes/codes.js';
import { readableNumber } from '../../common/entities/base.entity.js';
import type { ListQuery } from '../../common/list/list-query.js';
import { ENROLLMENT_NUMBER_PREFIX } from '../../enrollment/entities/enrollment.entity.js';
import type { StudyRecordListQuery } from '../../teaching/dto/study-record.dto.js';
import type { StudyRecord } from '../../teaching/entities/study-record.entity.js';
import { StudyRecordsService } from '../../teaching/study-records.service.js';
import { EXPORT_BATCH_SIZE, keysetBatches } from './keyset-batches.js';
import { classColumn, customerNumberColumn, type ListExport, readableBatches } from './list-export.js';

/** A study record row of the export: its lesson and class, and the student (enrollment and customer). */
export interface StudyRecordExportRow {
  id: number;
  semester: number;
  course: string;
  campus: string;
  dayNum: number;
  /** The lesson's calendar day, 'YYYY-MM-DD'. */
  date: string;
  customerId: number;
  name: string | null;
  qqName: string | null;
  enrollmentId: number;
  attendance: number;
  score: number;
  memo: string | null;
  updatedAt: Date;
}

/** One layout for both lists (a lesson's sheet, a student's history): each row names its class, lesson and student. */
export const STUDY_RECORD_EXPORT: ListExport<StudyRecordExportRow> = {
  filename: { en: 'study-records', zh: '学习记录' },
  fields: {
    id: 'sr.id',
    semester: 'k.semester',
    course: 'kc.name',
    campus: 'kb.name',
    dayNum: 'l.dayNum',
    date: 'l.date',
    customerId: 'cu.id',
    name: 'cu.name',
    qqName: 'cu.qqName',
    enrollmentId: 'e.id',
    attendance: 'sr.attendance',
    score: 'sr.score',
    memo: 'sr.memo',
    updatedAt: 'sr.updatedAt',
  },
  columns: [
    classColumn(),
    { key: 'dayNum', en: 'Lesson day', zh: '课次', value: (r) => r.dayNum, width: 10 },
    { key: 'date', en: 'Lesson date', zh: '上课日期', value: (r) => r.date, width: 12 },
    customerNumberColumn(),
    { key: 'student', en: 'Student', zh: '学员', value: (r) => r.name ?? r.qqName },
    {
      key: 'enrollment',
      en: 'Enrollment',
      zh: '报名编号',
      value: (r) => readableNumber(ENROLLMENT_NUMBER_PREFIX, r.enrollmentId),
      width: 12,
    },
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

  forLesson(lessonId: number, query: StudyRecordListQuery, actor: Actor): AsyncGenerator<StudyRecordExportRow[]> {
    return readableBatches(actor, 'teaching.read', async () => {
      const sheet = await this.studyRecords.filteredForLesson(lessonId, query, actor);
      withClass(sheet.innerJoin('sr.lesson', 'l').addSelect(['l.id', 'l.classId', 'l.dayNum', 'l.date']));
      return keysetBatches(() => sheet.clone(), STUDY_RECORD_EXPORT.fields, this.batchSize);
    });
  }

  forEnrollment(enrollmentId: number, query: ListQuery, actor: Actor): AsyncGenerator<StudyRecordExportRow[]> {
    return readableBatches(actor, 'teaching.read', async () => {
      const history = await this.studyRecords.filteredHistory(enrollmentId, query, actor);
      withClass(history)
        .innerJoin('sr.enrollment', 'e')
        .addSelect(['e.id', 'e.customerId'])
        .innerJoin('e.customer', 'cu')
        .addSelect(['cu.id', 'cu.name', 'cu.qqName'])
        .withDeleted(); // a deleted customer's history is still listed
      return keysetBatches(() => history.clone(), STUDY_RECORD_EXPORT.fields, this.batchSize);
    });
  }
}
