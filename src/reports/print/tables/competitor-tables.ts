import type { CompetitorReportDto, LossFiguresDto } from '../../dto/competitor-report.dto.js';
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

const figures = <R extends LossFiguresDto>(): ReportColumn<R>[] => [
  countColumn('lost', 'Customers lost', '流失客户', (r) => r.lost),
  countColumn('withOfferedPrice', 'With offered price', '有报价', (r) => r.withOfferedPrice),
  moneyColumn('averageOfferedPrice', 'Average offered price (CNY)', '平均报价（元）', (r) => r.averageOfferedPrice),
];

const competitor = <R extends { competitor: { id: number; name: string } }>() =>
  refColumn<R>('competitor', 'Competitor', '竞争对手', (r) => r.competitor);

export function competitorTables(report: CompetitorReportDto, context: TableContext): PrintableReport {
  return {
    title: { en: 'Competitor report', zh: '竞争对手报表' },
    fileStem: { en: 'competitor-report', zh: '竞争对手报表' },
    period: report.period,
    tables: [
      buildTable({ en: 'Totals', zh: '合计' }, [report.totals], figures(), context),
      buildTable(
        { en: 'By competitor', zh: '按竞争对手' },
        report.byCompetitor,
        [competitor(), ...figures()],
        context,
        { label: 'competitor', value: 'lost' },
      ),
      buildTable(
        { en: 'By reason', zh: '按流失原因' },
        report.byReason,
        [
          competitor(),
          textColumn(
            'reason',
            'Reason',
            '原因',
            (r, lang) => r.reason?.[lang] ?? (lang === 'zh' ? '（未填）' : '(none)'),
          ),
          ...figures(),
        ],
        context,
      ),
      buildTable(
        { en: 'By course', zh: '按课程' },
        report.byCourse,
        [
          competitor(),
          textColumn('course', 'Course', '课程', (r, lang) => r.course?.name ?? (lang === 'zh' ? '（无）' : '(none)')),
          ...figures(),
        ],
        context,
      ),
      buildTable(
        { en: 'By month', zh: '按月份' },
        report.byMonth,
        [competitor(), monthColumn(), ...figures()],
        context,
      ),
    ],
  };
}
