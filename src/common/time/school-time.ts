import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches, ValidateBy, type ValidationOptions } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationProblem } from '../errors/problem.js';

/**
 * Calendar days as the school lives them, in REPORT_TIMEZONE (Asia/Shanghai by default): a filter like
 * `createdFrom=2026-03-01` means that day in the school, not a UTC day.
 */

export const DAY_MS = 86_400_000;
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** 'YYYY-MM-DD' of a real calendar day. */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_ONLY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** DTO field holding a calendar day as 'YYYY-MM-DD'. */
export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateOnly',
      validator: {
        validate: (value) => isDateOnly(value),
        defaultMessage: () => '$property must be a date as YYYY-MM-DD',
      },
    },
    options,
  );
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_OR_DATE_TIME = new RegExp(`^\\d{4}-\\d{2}-\\d{2}$|${DATE_TIME.source}`);

/** An ISO 8601 date-time with its time zone, e.g. `2026-03-01T10:00:00+08:00`. */
export const IsDateTime = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date-time' }),
    Matches(DATE_TIME, { message: '$property must be a date-time with a time zone, e.g. 2026-03-01T10:00:00+08:00' }),
  );

/** A day (`2026-03-01`, in the school's time zone) or an exact date-time with its time zone. */
export const IsDateOrDateTime = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date or date-time' }),
    Matches(DATE_OR_DATE_TIME, {
      message: '$property must be a date (2026-03-01) or a date-time with a time zone (2026-03-01T10:00:00+08:00)',
    }),
  );

// creating a DateTimeFormat costs far more than using one (exports format two dates a row)
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock parts (`year`, `month`, `day`, `hour`, `minute`, `second`) of `at` in `timeZone`. */
export function wallClock(at: Date, timeZone: string): Record<string, number> {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClockFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  return Object.fromEntries(parts.filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
}

/** How far `timeZone` is ahead of UTC at `at`, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** Today's date ('YYYY-MM-DD') in `timeZone`. */
export function today(timeZone: string, now = new Date()): string {
  const w = wallClock(now, timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day)).toISOString().slice(0, 10);
}

/** The instant the calendar day `ymd` (YYYY-MM-DD) starts in `timeZone`. */
export function dayStart(ymd: string, timeZone: string): Date {
  const midnight = Date.parse(`${ymd}T00:00:00Z`);
  // two passes settle a daylight-saving change near midnight
  const guess = midnight - offsetMs(new Date(midnight), timeZone);
  return new Date(midnight - offsetMs(new Date(guess), timeZone));
}

/** The instant the day after `ymd` starts in `timeZone` (the exclusive end of that day). */
export function dayEnd(ymd: string, timeZone: string): Date {
  return dayStart(new Date(Date.parse(`${ymd}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10), timeZone);
}

/** The instant today started in `timeZone`. */
export function startOfToday(timeZone: string, now = new Date()): Date {
  return dayStart(today(timeZone, now), timeZone);
}

/**
 * Filters `column` to `from`…`to`, both inclusive: a date (YYYY-MM-DD) is a whole day in the school's time zone,
 * a date-time an exact instant. `to` before `from` is a 400 on `toField`.
 */
export function applyDateRange<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  range: { from?: string; to?: string; fromField: string; toField: string },
  timeZone: string,
): SelectQueryBuilder<T> {
  const { from, to } = range;
  const start = from ? (DATE_ONLY.test(from) ? dayStart(from, timeZone) : new Date(from)) : undefined;
  const toDay = to !== undefined && DATE_ONLY.test(to); // a day's end is exclusive, an instant inclusive
  const end = to ? (toDay ? dayEnd(to, timeZone) : new Date(to)) : undefined;
  if (start && end && (toDay ? end <= start : end < start)) {
    throw new ValidationProblem([{ field: range.toField, message: `must not be before ${range.fromField}` }]);
  }
  const key = column.replace(/\W/g, '_');
  if (start) qb.andWhere(`${column} >= :${key}_from`, { [`${key}_from`]: start });
  if (end) qb.andWhere(`${column} ${toDay ? '<' : '<='} :${key}_to`, { [`${key}_to`]: end });
  return qb;
}
