import { Attendance, EnrollmentStatus as S } from '../common/codes/codes.js';
import { Workflow } from '../common/workflow/workflow.js';

/** The key of a status code, e.g. `agreed`. */
export const enrollmentStatusKey = (code: number): string =>
  S.items.find((item) => item.code === code)?.key ?? String(code);

/** pending → agreed → approved or rejected; cancelled from any open state. */
export const ENROLLMENT_WORKFLOW = new Workflow(S, {
  [S.code.pending]: [S.code.agreed, S.code.cancelled],
  [S.code.agreed]: [S.code.approved, S.code.rejected, S.code.cancelled],
});

/** Students in these states sit in the class: lessons get a study record for each of them. */
export const ACTIVE_ENROLLMENT_STATUSES: readonly number[] = [S.code.agreed, S.code.approved];

/** Attendance that uses one purchased lesson (absent does not). */
export const ATTENDANCE_USING_A_LESSON: readonly number[] = [
  Attendance.code.present,
  Attendance.code.late,
  Attendance.code.leftEarly,
];

/** SQL for the lessons an enrollment (aliased `alias`) has used: a correlated count on the study record index. */
export const usedLessonsSql = (alias: string) =>
  `(SELECT COUNT(*) FROM study_record sr WHERE sr.enrollment_id = ${alias}.id ` +
  `AND sr.attendance IN (${ATTENDANCE_USING_A_LESSON.map(Number).join(', ')}))`;
