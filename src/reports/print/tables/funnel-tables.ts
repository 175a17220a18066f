import type { FunnelFiguresDto, FunnelReportDto } from '../../dto/funnel-report.dto.js';
import {
  codeColumn,
  countColumn,
  rateColumn,
  buildTable,
  type PrintableReport,
  type ReportColumn,
  type TableContext,
} from '../report-tables.js';
import { monthColumn, refColumn } from './common-columns.js';

const figures = <R extends FunnelFiguresDto>(): ReportColumn<R>[] => [
  countColumn('newCustomers', 'New customers', '新客户', (r) => r.newCustomers),
  countColumn('followedUp', 'Followed up', '已跟进', (r) => r.followedUp),
  countColumn('enrolled', 'Enrolled', '已报名', (r) => r.enrolled),
  rateColumn('followUpRate', 'Follow-up rate', '跟进率', (r) => r.followUpRate),
  rateColumn('conversionRate', 'Conversion rate', '转化率', (r) => r.conversionRate),
];

export function funnelTables(report: FunnelReportDto, context: TableContext): PrintableReport {
  return {
    title: { en: 'Acquisition funnel report', zh: '招生漏斗报表' },
    fileStem: { en: 'funnel-report', zh: '招生漏斗报表' },
    period: report.period,
    tables: [
      buildTable({ en: 'Totals', zh: '合计' }, [report.totals], figures(), context),
      buildTable(
        { en: 'By source', zh: '按来源' },
        report.bySource,
        [codeColumn('source', 'Source', '来源', (r) => r.source), ...figures()],
        context,
        { label: 'source', value: 'newCustomers' },
      ),
      buildTable(
        { en: 'By consultant', zh: '按顾问' },
        report.byConsultant,
        [refColumn('consultant', 'Consultant', '顾问', (r) => r.consultant), ...figures()],
        context,
      ),
      buildTable({ en: 'By month', zh: '按月份' }, report.byMonth, [monthColumn(), ...figures()], context, {
        label: 'month',
        value: 'newCustomers',
      }),
    ],
  };
}
