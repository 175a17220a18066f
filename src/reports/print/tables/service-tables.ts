import type { ServiceFiguresDto, ServiceReportDto } from '../../dto/service-report.dto.js';
import {
  codeColumn,
  countColumn,
  decimalColumn,
  buildTable,
  type PrintableReport,
  type ReportColumn,
  type TableContext,
} from '../report-tables.js';

const figures = <R extends ServiceFiguresDto>(): ReportColumn<R>[] => [
  countColumn('tickets', 'Tickets', '工单数', (r) => r.tickets),
  countColumn('responded', 'Responded', '已响应', (r) => r.responded),
  decimalColumn(
    'averageFirstResponseHours',
    'Avg. first response (h)',
    '平均首次响应（小时）',
    (r) => r.averageFirstResponseHours,
  ),
  countColumn('resolved', 'Resolved', '已解决', (r) => r.resolved),
  decimalColumn('averageResolutionHours', 'Avg. resolution (h)', '平均解决（小时）', (r) => r.averageResolutionHours),
  countColumn('overdue', 'Overdue', '已超时', (r) => r.overdue),
  countColumn('rated', 'Rated', '已评价', (r) => r.rated),
  decimalColumn('averageSatisfaction', 'Avg. satisfaction (1–5)', '平均满意度（1–5）', (r) => r.averageSatisfaction),
];

export function serviceTables(report: ServiceReportDto, context: TableContext): PrintableReport {
  return {
    title: { en: 'Service feedback report', zh: '服务反馈报表' },
    fileStem: { en: 'service-report', zh: '服务反馈报表' },
    period: report.period,
    asOf: report.asOf,
    tables: [
      buildTable({ en: 'Totals', zh: '合计' }, [report.totals], figures(), context),
      buildTable(
        { en: 'By type', zh: '按类型' },
        report.byType,
        [codeColumn('type', 'Type', '类型', (r) => r.type), ...figures()],
        context,
        { label: 'type', value: 'tickets' },
      ),
      buildTable(
        { en: 'By status', zh: '按状态' },
        report.byStatus,
        [codeColumn('status', 'Status', '状态', (r) => r.status), ...figures()],
        context,
      ),
      buildTable(
        { en: 'By priority', zh: '按优先级' },
        report.byPriority,
        [codeColumn('priority', 'Priority', '优先级', (r) => r.priority), ...figures()],
        context,
      ),
    ],
  };
}
