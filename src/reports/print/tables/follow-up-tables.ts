import type { FollowUpFiguresDto, FollowUpReportDto } from '../../dto/follow-up-report.dto.js';
import {
  codeColumn,
  countColumn,
  rateColumn,
  buildTable,
  type PrintableReport,
  type ReportColumn,
  type TableContext,
} from '../report-tables.js';
import { refColumn } from './common-columns.js';

const figures = <R extends FollowUpFiguresDto>(): ReportColumn<R>[] => [
  countColumn('followUps', 'Follow-ups', '跟进次数', (r) => r.followUps),
  countColumn('customersFollowedUp', 'Customers followed up', '跟进客户数', (r) => r.customersFollowedUp),
  countColumn('overdue', 'Overdue', '已逾期', (r) => r.overdue),
  countColumn('dueToday', 'Due today', '今日到期', (r) => r.dueToday),
  countColumn('dueNext7Days', 'Due in the next 7 days', '未来7天到期', (r) => r.dueNext7Days),
];

export function followUpTables(report: FollowUpReportDto, context: TableContext): PrintableReport {
  return {
    title: { en: 'Follow-up report', zh: '跟进报表' },
    fileStem: { en: 'follow-up-report', zh: '跟进报表' },
    period: report.period,
    asOf: report.asOf,
    tables: [
      buildTable({ en: 'Totals', zh: '合计' }, [report.totals], figures(), context),
      buildTable(
        { en: 'Intention of the latest follow-up', zh: '最近一次跟进的意向' },
        report.intentions,
        [
          codeColumn('intention', 'Intention', '意向', (r) => r.intention),
          countColumn('customers', 'Customers', '客户数', (r) => r.customers),
          rateColumn('share', 'Share', '占比', (r) => r.share),
        ],
        context,
        { label: 'intention', value: 'customers' },
      ),
      buildTable(
        { en: 'By consultant', zh: '按顾问' },
        report.byConsultant,
        [refColumn('consultant', 'Consultant', '顾问', (r) => r.consultant), ...figures()],
        context,
      ),
    ],
  };
}
