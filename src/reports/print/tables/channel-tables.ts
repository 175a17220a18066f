import type { ChannelFiguresDto, ChannelReportDto } from '../../dto/channel-report.dto.js';
import {
  codeColumn,
  countColumn,
  decimalColumn,
  moneyColumn,
  buildTable,
  type PrintableReport,
  type ReportColumn,
  type TableContext,
} from '../report-tables.js';
import { monthColumn } from './common-columns.js';

const figures = <R extends ChannelFiguresDto>(): ReportColumn<R>[] => [
  moneyColumn('spend', 'Spend (CNY)', '投放（元）', (r) => r.spend),
  countColumn('newLeads', 'New leads', '新线索', (r) => r.newLeads),
  countColumn('enrolled', 'Enrolled', '报名人数', (r) => r.enrolled),
  moneyColumn('revenue', 'Revenue (CNY)', '收入（元）', (r) => r.revenue),
  moneyColumn('net', 'Revenue − spend (CNY)', '收入−投放（元）', (r) => r.net),
  moneyColumn('costPerLead', 'Cost per lead (CNY)', '单条线索成本（元）', (r) => r.costPerLead),
  moneyColumn('costPerEnrolled', 'Cost per enrolled (CNY)', '单个报名成本（元）', (r) => r.costPerEnrolled),
  decimalColumn('returnOnSpend', 'Return on spend', '投入产出比', (r) => r.returnOnSpend),
];

const source = <R extends { source: { en: string; zh: string; code: number } }>() =>
  codeColumn<R>('source', 'Channel', '渠道', (r) => r.source);

export function channelTables(report: ChannelReportDto, context: TableContext): PrintableReport {
  return {
    title: { en: 'Channel report', zh: '渠道投放报表' },
    fileStem: { en: 'channel-report', zh: '渠道投放报表' },
    period: report.period,
    tables: [
      buildTable({ en: 'Totals', zh: '合计' }, [report.totals], figures(), context),
      buildTable({ en: 'By channel', zh: '按渠道' }, report.bySource, [source(), ...figures()], context, {
        label: 'source',
        value: 'net',
      }),
      buildTable({ en: 'By month', zh: '按月份' }, report.byMonth, [monthColumn(), ...figures()], context, {
        label: 'month',
        value: 'spend',
      }),
      buildTable(
        { en: 'By channel and month', zh: '按渠道和月份' },
        report.bySourceMonth,
        [monthColumn(), source(), ...figures()],
        context,
      ),
    ],
  };
}
