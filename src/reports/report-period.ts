import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationProblem } from '../common/errors/problem.js';
import { monthsBetween, type MonthBucket } from '../common/time/month-buckets.js';
import { applyDateRange, DATE_ONLY, dayEnd, dayStart, today } from '../common/time/school-time.js';

/** A report's months are one CASE branch each (see monthBucketSql): ten years is plenty and keeps it cheap. */
export const MAX_REPORT_MONTHS = 120;

/** The range a report covers, resolved once per request. */
export interface ReportPeriod {
  /** As asked, or the default: a date (a whole school day) or a date-time. */
  from: string;
  to: string;
  timeZone: string;
  /** The first and the last instant included. */
  start: Date;
  last: Date;
  /** Every school month the range touches, in order (reports answer all of them, empty ones as zeros). */
  months: MonthBucket[];
  /** The first and last school day ('YYYY-MM-DD'), for DATE columns such as a lesson's date. */
  firstDay: string;
  lastDay: string;
}

/** The first day of the month 11 months before the month of `day`: with that month, 12 calendar months. */
function twelveMonthsBefore(day: string): string {
  const [year, month] = day.split('-').map(Number);
  const index = year * 12 + (month - 1) - 11;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * `from`/`to` of a report query: a date is a whole day in the school's time zone, a date-time an exact instant
 * (as every list's date filter). `to` defaults to today, `from` to the first day of the month 11 months
 * earlier, so the default is the last 12 calendar months up to today. 400 when `to` is before `from` or the
 * range spans more than MAX_REPORT_MONTHS months.
 */
export function resolvePeriod(query: { from?: string; to?: string }, timeZone: string, now = new Date()): ReportPeriod {
  const to = query.to ?? today(timeZone, now);
  const last = DATE_ONLY.test(to) ? new Date(dayEnd(to, timeZone).getTime() - 1) : new Date(to);
  const from = query.from ?? twelveMonthsBefore(today(timeZone, last));
  const start = DATE_ONLY.test(from) ? dayStart(from, timeZone) : new Date(from);
  if (last < start) throw new ValidationProblem([{ field: 'to', message: 'must not be before from' }]);
  const months = monthsBetween(start, last, timeZone);
  if (months.length > MAX_REPORT_MONTHS) {
    throw new ValidationProblem([
      { field: 'from', message: `the range may span at most ${MAX_REPORT_MONTHS} months, not ${months.length}` },
    ]);
  }
  return {
    from,
    to,
    timeZone,
    start,
    last,
    months,
    firstDay: today(timeZone, start),
    lastDay: today(timeZone, last),
  };
}

/** Limits the timestamp `column` to the period (the same rule as every list's date filter). */
export function inPeriod<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  period: ReportPeriod,
): SelectQueryBuilder<T> {
  const range = { from: period.from, to: period.to, fromField: 'from', toField: 'to' };
  return applyDateRange(qb, column, range, period.timeZone);
}

/** Limits the DATE column `column` ('YYYY-MM-DD', a school day) to the period's days. */
export function inPeriodDays<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  period: ReportPeriod,
): SelectQueryBuilder<T> {
  return qb
    .andWhere(`${column} >= :periodFirstDay`, { periodFirstDay: period.firstDay })
    .andWhere(`${column} <= :periodLastDay`, { periodLastDay: period.lastDay });
}
