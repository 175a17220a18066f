import type { SalesFiguresDto, SalesReportDto } from '../../dto/sales-report.dto.js';
import {
  countColumn,
  moneyColumn,
  textColumn,
  buildTable,
  type PrintableReport,
  type ReportColumn,
  type TableContext,
} from '../report-tables.js';
import { monthColumn, refColumn } from './common-columns.js';

const figures = <R extends SalesFiguresDto>(): ReportColumn<R>[] => [
  moneyColumn('paid', 'Paid (CNY)', '收款（元）', (r) => r.paid),
  moneyColumn('refunded', 'Refunded (CNY)', '退款（元）', (r) => r.refunded),
  moneyColumn('net', 'Net (CNY)', '净收入（元）', (r) => r.net),
  countColumn('payments', 'Payments', '收款笔数', (r) => r.payments),
  countColumn('refunds', 'Refunds', '退款笔数', (r) => r.refunds),
  countColumn('enrollments', 'Enrollments', '报名数', (r) => r.enrollments),
  moneyColumn(
    'averagePerEnrollment',
    'Average per enrollment (CNY)',
    '每个报名平均（元）',
    (r) => r.averagePerEnrollment,
  ),
];

export function salesTables(report: SalesReportDto, context: TableContext): PrintableReport {
  return {
    title: { en: 'Sales report', zh: '销售报表' },
    fileStem: { en: 'sales-report', zh: '销售报表' },
    period: report.period,
    tables: [
      buildTable({ en: 'Totals', zh: '合计' }, [report.totals], figures(), context),
      buildTable({ en: 'By month', zh: '按月份' }, report.byMonth, [monthColumn(), ...figures()], context, {
        label: 'month',
        value: 'net',
      }),
      buildTable(
        { en: 'By consultant', zh: '按顾问' },
        report.byConsultant,
        [refColumn('consultant', 'Consultant', '顾问', (r) => r.consultant), ...figures()],
        context,
      ),
      buildTable(
        { en: 'By course', zh: '按课程' },
        report.byCourse,
        [refColumn('course', 'Course', '课程', (r) => r.course), ...figures()],
        context,
      ),
      buildTable(
        { en: 'By campus', zh: '按校区' },
        report.byCampus,
        [
          textColumn('campus', 'Campus', '校区', (r, lang) =>
            r.campus ? r.campus.name : lang === 'zh' ? '（无报名）' : '(no enrollment)',
          ),
          ...figures(),
        ],
        context,
        { label: 'campus', value: 'net' },
      ),
    ],
  };
}
