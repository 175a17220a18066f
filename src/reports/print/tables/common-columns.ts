import type { Lang } from '../../../common/codes/code-table.js';
import type { ClassRefDto, ReportRefDto } from '../../dto/report-common.dto.js';
import { textColumn } from '../report-tables.js';

/** A class as a reader names it: `北京校区 · Python · term 1` / `北京校区 · Python · 第1期`. */
export const className = (ref: ClassRefDto, lang: Lang) => (lang === 'zh' ? ref.displayNameZh : ref.displayName);

export const classColumn = <R>(get: (row: R) => ClassRefDto) => ({
  ...textColumn<R>('class', 'Class', '班级', (row, lang) => className(get(row), lang)),
  weight: 3,
});

export const refColumn = <R>(key: string, en: string, zh: string, get: (row: R) => ReportRefDto | null) =>
  textColumn<R>(key, en, zh, (row) => get(row)?.name ?? null);

export const monthColumn = <R extends { month: string }>() =>
  textColumn<R>('month', 'Month', '月份', (row) => row.month);
