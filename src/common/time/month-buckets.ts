import { dayStart, today } from './school-time.js';

/** A calendar month in the school's time zone: 'YYYY-MM' and the instant it starts. */
export interface MonthBucket {
  month: string;
  start: Date;
}

/** 'YYYY-MM' of the month after `month`. */
function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The calendar months of `timeZone` that the instants `first`…`last` (both inclusive) touch, in order, each
 * with the instant it starts there (daylight-saving changes included: see dayStart).
 */
export function monthsBetween(first: Date, last: Date, timeZone: string): MonthBucket[] {
  const lastMonth = today(timeZone, last).slice(0, 7);
  const months: MonthBucket[] = [];
  for (let month = today(timeZone, first).slice(0, 7); month <= lastMonth; month = nextMonth(month)) {
    months.push({ month, start: dayStart(`${month}-01`, timeZone) });
  }
  return months;
}

/**
 * SQL naming the school month ('YYYY-MM') of the timestamp `column` (a stored UTC instant), for rows already
 * limited to `months` (first to last): `CASE WHEN column < <start of 2nd month> THEN '2026-01' WHEN … ELSE
 * '<last month>' END`. The month starts are computed here (by the time zone rules Node knows, daylight saving
 * included) and bound as parameters, so the same SQL is exact on SQLite and MySQL/MariaDB: neither needs time
 * zone support of its own (MySQL's CONVERT_TZ with a named zone needs the server's zone tables loaded; SQLite
 * has none). A range filter on `column` still uses its index; the CASE costs one comparison per month per row,
 * so callers cap the number of months (see the reports' period).
 */
export function monthBucketSql(
  column: string,
  months: readonly MonthBucket[],
  name = 'monthStart',
): { sql: string; params: Record<string, Date> } {
  if (months.length === 0) throw new Error('monthBucketSql needs at least one month');
  const params: Record<string, Date> = {};
  const whens = months.slice(0, -1).map(({ month }, i) => {
    params[`${name}${i + 1}`] = months[i + 1].start;
    return `WHEN ${column} < :${name}${i + 1} THEN '${month}'`;
  });
  const last = `'${months[months.length - 1].month}'`;
  return { sql: whens.length ? `(CASE ${whens.join(' ')} ELSE ${last} END)` : last, params };
}
