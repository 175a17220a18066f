import type { Lang } from '../../common/codes/code-table.js';
import type { Cell, ColumnKind } from './report-tables.js';

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US');

/** A cell as printed: `12,345.00` for yuan, `33.3%` for a rate, `—` for nothing. */
export function printCell(value: Cell, kind: ColumnKind): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'money':
      return money.format(value);
    case 'rate':
      return `${(value * 100).toFixed(1)}%`;
    case 'decimal':
      return decimal.format(value);
    default:
      return count.format(value);
  }
}

/** Yuan with the currency sign, for amounts printed outside a money column. */
export const printYuan = (yuan: number | null) => (yuan === null ? '—' : `¥${money.format(yuan)}`);

/** The footer of every printed page: when it was printed, in the school's time zone. */
export const printedFooter = (printed: string, lang: Lang) =>
  lang === 'zh' ? `打印时间 ${printed}` : `Printed ${printed}`;
