import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { onOneConnection } from '../common/database/one-connection.js';
import type { Actor } from '../common/auth/actor.js';
import { Attendance, Score } from '../common/codes/codes.js';
import { dateMonthSql } from '../common/database/sql-dialect.js';
import { readableNumber } from '../common/entities/base.entity.js';
import { AppConfig } from '../config/app-config.js';
import { CUSTOMER_NUMBER_PREFIX } from '../customers/entities/customer.entity.js';
import { ENROLLMENT_NUMBER_PREFIX } from '../enrollment/entities/enrollment.entity.js';
import { scopeToActor as scopeToClasses } from '../teaching/class-scope.js';
import { Lesson } from '../teaching/entities/lesson.entity.js';
import { StudyRecord } from '../teaching/entities/study-record.entity.js';
import type { TeachingReportQuery } from './dto/report-query.dto.js';
import type { AttendanceFiguresDto, TeachingReportDto } from './dto/teaching-report.dto.js';
import { inPeriodDays, resolvePeriod, type ReportPeriod } from './report-period.js';
import { scopeEnrollments } from './report-scope.js';
import { average, CLASS_COLUMNS, classRef, groupRows, num, rate, sumOf } from './report-values.js';

const A = Attendance.code;
const NA = Number(Score.code.na);
const COUNTS = ['records', 'present', 'late', 'leftEarly', 'absent', 'scored', 'scoreSum'] as const;
type Counts = Record<(typeof COUNTS)[number], number>;

/** What every attendance grouping selects. */
const ATTENDANCE_COLUMNS: readonly [string, string][] = [
  ['COUNT(*)', 'records'],
  [`SUM(CASE WHEN sr.attendance = ${Number(A.present)} THEN 1 ELSE 0 END)`, 'present'],
  [`SUM(CASE WHEN sr.attendance = ${Number(A.late)} THEN 1 ELSE 0 END)`, 'late'],
  [`SUM(CASE WHEN sr.attendance = ${Number(A.leftEarly)} THEN 1 ELSE 0 END)`, 'leftEarly'],
  [`SUM(CASE WHEN sr.attendance = ${Number(A.absent)} THEN 1 ELSE 0 END)`, 'absent'],
  [`SUM(CASE WHEN sr.score <> ${NA} THEN 1 ELSE 0 END)`, 'scored'],
  [`SUM(CASE WHEN sr.score <> ${NA} THEN sr.score ELSE 0 END)`, 'scoreSum'],
];

const counts = (raw: Record<string, unknown>): Counts =>
  Object.fromEntries(COUNTS.map((key) => [key, num(raw[key])])) as Counts;

function figures(c: Counts): AttendanceFiguresDto {
  const attended = c.present + c.late + c.leftEarly;
  return {
    records: c.records,
    present: c.present,
    late: c.late,
    leftEarly: c.leftEarly,
    absent: c.absent,
    attended,
    attendanceRate: rate(attended, c.records),
    scored: c.scored,
    averageScore: average(c.scoreSum, c.scored),
  };
}

/**
 * Teaching: attendance and scores per class and per student over the study records of lessons held in the
 * period (lesson date, a school day), and lessons delivered per teacher per month. Study records follow the
 * enrollment scope (report-scope.ts), lessons the class scope (a teacher's own classes unless
 * teaching.read_all). Three GROUP BY queries: records by class, records by student (both on the lesson date
 * index), lessons by teacher and month.
 */
@Injectable()
export class TeachingReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async report(query: TeachingReportQuery, actor: Actor): Promise<TeachingReportDto> {
    const period = resolvePeriod(query, this.config.reportTimezone);
    const byClassQuery = this.records(query, period, actor)
      .addSelect('COUNT(DISTINCT sr.enrollmentId)', 'students')
      .addSelect('COUNT(DISTINCT sr.lessonId)', 'lessons')
      .orderBy('sc.id');
    const byStudentQuery = this.records(query, period, actor)
      .addSelect('e.id', 'enrollmentId')
      .addSelect('cu.id', 'customerId')
      .addSelect('cu.name', 'customerName')
      .addGroupBy('e.id')
      .addGroupBy('cu.id')
      .addGroupBy('cu.name')
      .orderBy('e.id');
    const month = dateMonthSql(this.dataSource, 'l.date');
    const lessonsQuery = this.dataSource
      .getRepository(Lesson)
      .createQueryBuilder('l')
      .innerJoin('l.teacher', 't')
      .innerJoin('l.schoolClass', 'sc')
      .select('l.teacherId', 'teacherId')
      .addSelect('t.name', 'teacherName')
      .addSelect(month, 'monthBucket')
      .addSelect('COUNT(*)', 'lessons')
      .groupBy('l.teacherId')
      .addGroupBy('t.name')
      .addGroupBy('monthBucket');
    inPeriodDays(lessonsQuery, 'l.date', period);
    if (query.campusId) lessonsQuery.andWhere('sc.branchId = :campusId', { campusId: query.campusId });
    if (query.courseId) lessonsQuery.andWhere('sc.courseId = :courseId', { courseId: query.courseId });
    scopeToClasses(lessonsQuery, actor, 'l.classId');

    const [classRows, studentRows, lessonRows] = await onOneConnection(this.dataSource, (runner) =>
      Promise.all([
        byClassQuery.setQueryRunner(runner).getRawMany<Record<string, unknown>>(),
        byStudentQuery.setQueryRunner(runner).getRawMany<Record<string, unknown>>(),
        lessonsQuery.setQueryRunner(runner).getRawMany<Record<string, unknown>>(),
      ]),
    );
    const teachers = groupRows(lessonRows, (raw) => num(raw.teacherId));
    return {
      period: { from: period.from, to: period.to, timeZone: period.timeZone },
      totals: figures(sumOf(classRows.map(counts), COUNTS)),
      byClass: classRows.map((raw) => ({
        class: classRef(raw),
        students: num(raw.students),
        lessons: num(raw.lessons),
        ...figures(counts(raw)),
      })),
      byStudent: studentRows.map((raw) => ({
        enrollment: {
          id: num(raw.enrollmentId),
          number: readableNumber(ENROLLMENT_NUMBER_PREFIX, num(raw.enrollmentId)),
        },
        customer: {
          id: num(raw.customerId),
          number: readableNumber(CUSTOMER_NUMBER_PREFIX, num(raw.customerId)),
          name: (raw.customerName as string | null) ?? null,
        },
        class: classRef(raw),
        ...figures(counts(raw)),
      })),
      lessonsByTeacher: [...teachers.entries()]
        .sort(([a], [b]) => a - b)
        .map(([id, rows]) => {
          const byMonth = new Map(rows.map((raw) => [String(raw.monthBucket), num(raw.lessons)]));
          return {
            teacher: { id, name: String(rows[0].teacherName) },
            lessons: rows.reduce((sum, raw) => sum + num(raw.lessons), 0),
            months: period.months.map(({ month }) => ({ month, lessons: byMonth.get(month) ?? 0 })),
          };
        }),
    };
  }

  /**
   * Study records (`sr`) of lessons (`l`) held in the period, grouped by class (`sc`, campus `b`, course `co`),
   * with the enrollment (`e`) and customer (`cu`) for scope; the attendance figures selected.
   */
  private records(query: TeachingReportQuery, period: ReportPeriod, actor: Actor) {
    const qb = this.dataSource
      .getRepository(StudyRecord)
      .createQueryBuilder('sr')
      .innerJoin('sr.lesson', 'l')
      .innerJoin('sr.enrollment', 'e')
      .innerJoin('e.customer', 'cu')
      .innerJoin('l.schoolClass', 'sc')
      .innerJoin('sc.branch', 'b')
      .innerJoin('sc.course', 'co')
      .select(ATTENDANCE_COLUMNS[0][0], ATTENDANCE_COLUMNS[0][1]);
    for (const [expression, alias] of ATTENDANCE_COLUMNS.slice(1)) qb.addSelect(expression, alias);
    for (const [column, alias] of CLASS_COLUMNS) qb.addSelect(column, alias).addGroupBy(column);
    inPeriodDays(qb, 'l.date', period);
    if (query.campusId) qb.andWhere('sc.branchId = :campusId', { campusId: query.campusId });
    if (query.courseId) qb.andWhere('sc.courseId = :courseId', { courseId: query.courseId });
    return scopeEnrollments(qb, actor);
  }
}
