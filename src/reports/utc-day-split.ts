import { DATE_ONLY, DAY_MS } from '../common/time/school-time.js';
import type { ReportPeriod } from './report-period.js';

/** Whole UTC days ['from', 'to') ('YYYY-MM-DD', `to` excluded) that lie inside one school month. */
export interface WholeDays {
  month: string;
  from: string;
  to: string;
}

/** A report period cut into what a per-UTC-day rollup can answer and what it cannot. */
export interface UtcDaySplit {
  /** The whole UTC days of each school month, in order (months without one left out). */
  wholeDays: WholeDays[];
  /**
   * The instants left: the period's ends and the UTC days a school month starts in; each from `start`
   * (included) to `end`, excluded — but included when it is the period's last instant, `to` given as an
   * instant (as every date filter reads `to`: a day up to its end, an instant up to and with it).
   */
  rest: { start: Date; end: Date; endIncluded?: boolean }[];
}

const ymd = (at: Date) => at.toISOString().slice(0, 10);
const floorDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
const ceilDay = (at: Date) => new Date(Math.ceil(at.getTime() / DAY_MS) * DAY_MS);

/**
 * Splits `period` for a table of counts per UTC day: each school month's stretch of the period is its whole
 * UTC days plus, at either end, the part of a UTC day it shares with the period's end or the next month (in
 * Asia/Shanghai a month starts at 16:00 UTC). Adjacent leftovers are merged, so a 12-month period leaves at
 * most 13 part-days.
 */
export function splitByUtcDays(period: ReportPeriod): UtcDaySplit {
  const end = new Date(period.last.getTime() + 1);
  const wholeDays: WholeDays[] = [];
  const rest: { start: Date; end: Date }[] = [];
  const leave = (start: Date, stop: Date) => {
    if (start >= stop) return;
    const last = rest[rest.length - 1];
    if (last && last.end.getTime() === start.getTime()) last.end = stop;
    else rest.push({ start, end: stop });
  };
  period.months.forEach(({ month, start: monthStart }, i) => {
    const next = period.months[i + 1]?.start;
    const segmentStart = monthStart > period.start ? monthStart : period.start;
    const segmentEnd = next && next < end ? next : end;
    const firstWhole = ceilDay(segmentStart);
    const endWhole = floorDay(segmentEnd);
    if (firstWhole < endWhole) {
      leave(segmentStart, firstWhole);
      wholeDays.push({ month, from: ymd(firstWhole), to: ymd(endWhole) });
      leave(endWhole, segmentEnd);
    } else leave(segmentStart, segmentEnd);
  });
  const final = rest[rest.length - 1];
  if (final?.end.getTime() === end.getTime()) Object.assign(final, lastInstant(period));
  return { wholeDays, rest };
}

/** How the period ends: before the next day starts (`to` a day), or with the instant `to`. */
const lastInstant = (period: ReportPeriod) =>
  DATE_ONLY.test(period.to)
    ? { end: new Date(period.last.getTime() + 1), endIncluded: false }
    : { end: period.last, endIncluded: true };

/** The whole period as one range of instants, for counts the per-day table does not hold. */
export const wholePeriod = (period: ReportPeriod): UtcDaySplit => ({
  wholeDays: [],
  rest: [{ start: period.start, ...lastInstant(period) }],
});
