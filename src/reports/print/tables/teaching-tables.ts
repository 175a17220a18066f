import type { AttendanceFiguresDto, TeachingReportDto } from '../../dto/teaching-report.dto.js';
import {
  countColumn,
  decimalColumn,
  rateColumn,
  textColumn,
  buildTable,
  type PrintableReport,
  type ReportColumn,
  type TableContext,
} from '../report-tables.js';
import { classColumn, refColumn } from './common-columns.js';

const figures = <R extends AttendanceFiguresDto>(): ReportColumn<R>[] => [
  countColumn('records', 'Records', '记录数', (r) => r.records),
  countColumn('present', 'Present', '出勤', (r) => r.present),
  countColumn('late', 'Late', '迟到', (r) => r.late),
  countColumn('leftEarly', 'Left early', '早退', (r) => r.leftEarly),
  countColumn('absent', 'Absent', '缺勤', (r) => r.absent),
  rateColumn('attendanceRate', 'Attendance rate', '出勤率', (r) => r.attendanceRate),
  countColumn('scored', 'Scored', '评分数', (r) => r.scored),
  decimalColumn('averageScore', 'Average score', '平均成绩', (r) => r.averageScore),
];

export function teachingTables(report: TeachingReportDto, context: TableContext): PrintableReport {
  // every teacher has every month of the period, in order
  const months = report.lessonsByTeacher[0]?.months.map((m) => m.month) ?? [];
  return {
    title: { en: 'Teaching report', zh: '教学报表' },
    fileStem: { en: 'teaching-report', zh: '教学报表' },
    period: report.period,
    tables: [
      buildTable({ en: 'Totals', zh: '合计' }, [report.totals], figures(), context),
      buildTable(
        { en: 'By class', zh: '按班级' },
        report.byClass,
        [
          classColumn((r) => r.class),
          countColumn('students', 'Students', '学员数', (r) => r.students),
          countColumn('lessons', 'Lessons', '课次', (r) => r.lessons),
          ...figures(),
        ],
        context,
        { label: 'class', value: 'attendanceRate' },
      ),
      buildTable(
        { en: 'By student', zh: '按学员' },
        report.byStudent,
        [
          textColumn('enrollment', 'Enrollment', '报名编号', (r) => r.enrollment.number),
          textColumn('customer', 'Student', '学员', (r) => r.customer.name ?? r.customer.number),
          classColumn((r) => r.class),
          ...figures(),
        ],
        context,
      ),
      buildTable(
        { en: 'Lessons delivered per teacher', zh: '讲师授课课次' },
        report.lessonsByTeacher,
        [
          refColumn('teacher', 'Teacher', '讲师', (r) => r.teacher),
          countColumn('lessons', 'Lessons', '课次', (r) => r.lessons),
          ...months.map((month) =>
            countColumn<TeachingReportDto['lessonsByTeacher'][number]>(
              `month-${month}`,
              month,
              month,
              (r) => r.months.find((m) => m.month === month)?.lessons ?? 0,
            ),
          ),
        ],
        context,
        { label: 'teacher', value: 'lessons' },
      ),
    ],
  };
}
