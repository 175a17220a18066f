import { wallClock } from '../../common/time/school-time.js';

const DAY_MS = 86_400_000;
/** Per time zone, the offset of each UTC day (null: the day has a transition). */
const offsetsByZone = new Map<string, Map<number, number | null>>();

/** How far `timeZone` is ahead of UTC at `ms`, to the second. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(new Date(ms), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The offset of `timeZone` during the UTC day of `ms`, or null on a day with a transition. `wallClock` (Intl)
 * costs tens of µs a call and allocates, which at a million rows was the largest cost of an export; a day whose
 * first and last second have the same offset has no transition inside (transitions are months apart), so one
 * offset serves every timestamp of it: a few hundred entries cover the years a list spans.
 */
function dayOffset(ms: number, timeZone: string): number | null {
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) offsetsByZone.set(timeZone, (offsets = new Map()));
  const day = Math.floor(ms / DAY_MS);
  let offset = offsets.get(day);
  if (offset === undefined) {
    const start = offsetAt(day * DAY_MS, timeZone);
    offset = start === offsetAt((day + 1) * DAY_MS - 1000, timeZone) ? start : null;
    if (offsets.size >= 100_000) offsets.clear(); // some 270 years of days
    offsets.set(day, offset);
  }
  return offset;
}

/** The school's wall-clock time of `date`, as a Date whose UTC fields are that time. */
export function wallClockAsUtc(date: Date, timeZone: string): Date {
  const ms = date.getTime();
  const offset = dayOffset(ms, timeZone);
  if (offset !== null) return new Date(ms + offset);
  const w = wallClock(date, timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
}

const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** `2026-03-15 04:00:00`: the timestamp in the school's time zone. */
export function formatExportDate(date: Date, timeZone: string): string {
  const w = wallClockAsUtc(date, timeZone);
  return (
    `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())} ` +
    `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`
  );
}

/**
 * XLSX cells have no time zone: the school's wall-clock time is written as if it were UTC, so Excel shows
 * the same time as the CSV and the screen.
 */
export const asUtcWallClock = (date: Date, timeZone: string) =>
  new Date(Math.floor(wallClockAsUtc(date, timeZone).getTime() / 1000) * 1000);
