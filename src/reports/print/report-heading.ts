import type { Lang } from '../../common/codes/code-table.js';
import { formatExportDate } from '../export/stream-export.js';
import type { PrintableReport } from './report-tables.js';

/**
 * The lines under a report's title in every format: its period, the filters that were applied (already
 * described in `lang`) and when the as-of figures were counted.
 */
export function reportHeadingLines(
  report: PrintableReport,
  filters: readonly string[],
  lang: Lang,
  timeZone: string,
): string[] {
  const { from, to, timeZone: zone } = report.period;
  const zh = lang === 'zh';
  const lines = [zh ? `统计期间：${from} 至 ${to}（${zone}）` : `Period: ${from} to ${to} (${zone})`];
  if (filters.length) lines.push((zh ? '筛选：' : 'Filters: ') + filters.join(zh ? '；' : '; '));
  if (report.asOf) {
    const asOf = formatExportDate(report.asOf, timeZone);
    lines.push(zh ? `待办与逾期数字截至 ${asOf}` : `Due, awaiting and overdue figures as of ${asOf}`);
  }
  return lines;
}
