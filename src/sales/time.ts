import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationProblem } from '../common/errors/problem.js';

export const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function wallClock(at: Date, timeZone: string): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  return Object.fromEntries(parts.filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
}

/** How far `timeZone` is ahead of UTC at `at`, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the calendar day `ymd` (YYYY-MM-DD) starts in `timeZone`. */
export function dayStart(ymd: string, timeZone: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  const midnight = Date.UTC(y, m - 1, d);
  // two passes settle a daylight-saving change near midnight
  const guess = midnight - offsetMs(new Date(midnight), timeZone);
  return new Date(midnight - offsetMs(new Date(guess), timeZone));
}

/** The instant today started in `timeZone`. */
export function startOfToday(timeZone: string, now = new Date()): Date {
  const w = wallClock(now, timeZone);
  const ymd = new Date(Date.UTC(w.year, w.month - 1, w.day)).toISOString().slice(0, 10);
  return dayStart(ymd, timeZone);
}

const nextDay = (ymd: string) => new Date(Date.parse(`${ymd}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * Filters `column` to the range `from`…`to`, both inclusive. A date (YYYY-MM-DD) is a whole day in the school's
 * time zone; a date-time is an exact instant.
 */
export function applyDateRange<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  range: { from?: string; to?: string; fromField: string; toField: string },
  timeZone: string,
): SelectQueryBuilder<T> {
  const start = range.from && (DATE_ONLY.test(range.from) ? dayStart(range.from, timeZone) : new Date(range.from));
  const end = range.to && (DATE_ONLY.test(range.to) ? dayStart(nextDay(range.to), timeZone) : new Date(range.to));
  if (start && end && end < start) {
    throw new ValidationProblem([{ field: range.toField, message: `must not be before ${range.fromField}` }]);
  }
  if (start) qb.andWhere(`${column} >= :rangeFrom`, { rangeFrom: start });
  if (end) qb.andWhere(`${column} ${DATE_ONLY.test(range.to!) ? '<' : '<='} :rangeTo`, { rangeTo: end });
  return qb;
}

/** ¥1,234.50 from integer fen. */
export const yuan = (fen: number) =>
  `${fen < 0 ? '-' : ''}¥${(Math.abs(fen) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
