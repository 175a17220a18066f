import { ClassRefDto, ReportCustomerRefDto, ReportPeriodDto, ReportRefDto } from './report-common.dto.js';

/**
 * Study records of lessons held in the period. Attended = present, late or left early (what uses a lesson).
 * Scores: the average of the score codes over scored records — N/A (0) is left out, every other code counts at
 * its value, so D (−50) and COPY (−100) pull the average down as the seed's scale means them to.
 */
export class AttendanceFiguresDto {
  records: number;
  present: number;
  late: number;
  leftEarly: number;
  absent: number;
  /** present + late + leftEarly */
  attended: number;
  /** attended / records, a fraction with 4 decimals; 0 when there are no records. */
  attendanceRate: number;
  /** Records with a score other than N/A. */
  scored: number;
  /** Average score code of the scored records, 2 decimals; null when none is scored. */
  averageScore: number | null;
}

export class TeachingByClassDto extends AttendanceFiguresDto {
  class: ClassRefDto;
  /** Students (enrollments) with records. */
  students: number;
  /** Lessons with records. */
  lessons: number;
}

export class TeachingByStudentDto extends AttendanceFiguresDto {
  enrollment: { id: number; number: string };
  customer: ReportCustomerRefDto;
  class: ClassRefDto;
}

export class LessonsInMonthDto {
  /** 'YYYY-MM': the lesson's date is a school day. */
  month: string;
  lessons: number;
}

export class TeacherWorkloadDto {
  teacher: ReportRefDto;
  /** Lessons held in the period. */
  lessons: number;
  /** Every month of the period, in order (zeros included). */
  months: LessonsInMonthDto[];
}

export class TeachingReportDto {
  period: ReportPeriodDto;
  totals: AttendanceFiguresDto;
  /** By class id. */
  byClass: TeachingByClassDto[];
  /** By enrollment id. */
  byStudent: TeachingByStudentDto[];
  /** Lessons delivered per teacher (the lesson's teacher), by teacher id. */
  lessonsByTeacher: TeacherWorkloadDto[];
}
