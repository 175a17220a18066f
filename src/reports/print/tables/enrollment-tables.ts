import { EnrollmentStatus } from '../../../common/codes/codes.js';
import type { EnrollmentHeadDto, EnrollmentReportDto, EnrollmentStatesDto } from '../../dto/enrollment-report.dto.js';
import {
  codeColumn,
  countColumn,
  dateColumn,
  textColumn,
  buildTable,
  type PrintableReport,
  type ReportColumn,
  type TableContext,
} from '../report-tables.js';
import { classColumn, refColumn } from './common-columns.js';

/** The total and a column per state of the enrollmentStatus table. */
const stateColumns = <R extends EnrollmentStatesDto>(): ReportColumn<R>[] => [
  countColumn('enrollments', 'Enrollments', '报名数', (r) => r.enrollments),
  ...EnrollmentStatus.items.map((item) =>
    countColumn<R>(
      `state-${item.key}`,
      item.en,
      item.zh,
      (r) => r.states.find((s) => s.status.code === item.code)?.enrollments ?? 0,
    ),
  ),
];

const headColumns = <R extends EnrollmentHeadDto>(): ReportColumn<R>[] => [
  textColumn('number', 'Enrollment', '报名编号', (r) => r.number),
  textColumn('customerNumber', 'Customer no.', '客户编号', (r) => r.customer.number),
  textColumn('customer', 'Customer', '客户', (r) => r.customer.name),
  classColumn((r) => r.class),
  refColumn('consultant', 'Consultant', '顾问', (r) => r.consultant),
];

export function enrollmentTables(report: EnrollmentReportDto, context: TableContext): PrintableReport {
  const { awaitingApproval: awaiting, lessonBalances: balances } = report;
  return {
    title: { en: 'Enrollment report', zh: '报名报表' },
    fileStem: { en: 'enrollment-report', zh: '报名报表' },
    period: report.period,
    asOf: report.asOf,
    tables: [
      buildTable(
        {
          en: `By state: ${report.totals.enrollments} enrollments`,
          zh: `按状态：共 ${report.totals.enrollments} 个报名`,
        },
        report.totals.states,
        [
          codeColumn('status', 'State', '状态', (r) => r.status),
          countColumn('enrollments', 'Enrollments', '报名数', (r) => r.enrollments),
        ],
        context,
        { label: 'status', value: 'enrollments' },
      ),
      buildTable(
        { en: 'By class', zh: '按班级' },
        report.byClass,
        [classColumn((r) => r.class), ...stateColumns()],
        context,
      ),
      buildTable(
        { en: 'By course', zh: '按课程' },
        report.byCourse,
        [refColumn('course', 'Course', '课程', (r) => r.course), ...stateColumns()],
        context,
      ),
      buildTable(
        {
          en: `Awaiting approval: ${awaiting.count} (longest waiting first)`,
          zh: `待审批：${awaiting.count}（等待最久的在前）`,
        },
        awaiting.head,
        [...headColumns(), dateColumn('agreedAt', 'Agreed at', '学员同意时间', (r) => r.contractAgreedAt)],
        context,
      ),
      buildTable(
        { en: 'Lesson hours of enrollments in class', zh: '在读报名的课时' },
        [balances],
        [
          countColumn('enrollments', 'Enrollments', '报名数', (r) => r.enrollments),
          countColumn('purchased', 'Purchased', '购买课时', (r) => r.purchased),
          countColumn('used', 'Used', '已用课时', (r) => r.used),
          countColumn('remaining', 'Remaining', '剩余课时', (r) => r.remaining),
          countColumn('lowThreshold', 'Low when at most', '余量不足阈值', (r) => r.lowThreshold),
          countColumn('lowCount', 'Low balances', '余量不足数', (r) => r.lowCount),
        ],
        context,
      ),
      buildTable(
        { en: 'Low lesson balances (fewest remaining first)', zh: '课时余量不足（剩余最少的在前）' },
        balances.low,
        [
          ...headColumns(),
          countColumn('purchased', 'Purchased', '购买课时', (r) => r.purchased),
          countColumn('used', 'Used', '已用课时', (r) => r.used),
          countColumn('remaining', 'Remaining', '剩余课时', (r) => r.remaining),
        ],
        context,
      ),
    ],
  };
}
