/** Number formatting for the back office's pages, in the staff member's language. */

export type Lang = 'en' | 'zh';

/** AdminJS's language ('en', 'zh-CN') as the labels' language. */
export const langOf = (language: string | undefined): Lang => (language?.startsWith('zh') ? 'zh' : 'en');

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-US');

/** Money is integer fen; staff read yuan: 1980000 → ¥19,800.00 (¥19,800 with `whole`). */
export function formatYuan(fen: number, lang: Lang, whole = false): string {
  return new Intl.NumberFormat(locale(lang), {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol', // ¥, not CN¥
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(fen / 100);
}

export const formatCount = (value: number, lang: Lang): string => new Intl.NumberFormat(locale(lang)).format(value);

/** A rate 0..1 as a percentage: 0.375 → 37.5%. */
export const formatRate = (rate: number, lang: Lang): string =>
  new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(rate);

/** A value of a report cell: numbers formatted, nulls as a dash. */
export function formatValue(value: number | null | undefined, kind: 'count' | 'fen' | 'rate' | 'decimal', lang: Lang) {
  if (value === null || value === undefined) return '–';
  if (kind === 'fen') return formatYuan(value, lang);
  if (kind === 'rate') return formatRate(value, lang);
  if (kind === 'decimal') return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 }).format(value);
  return formatCount(value, lang);
}
