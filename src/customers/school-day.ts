/**
 * Calendar days in the school's time zone (REPORT_TIMEZONE, Asia/Shanghai by default): a date filter like
 * `createdFrom=2026-03-01` means that day as the school lives it, not a UTC day.
 * The sales module has the same helper (src/sales/time.ts); both belong in src/common/ once the lead moves one there.
 */

/** How far `timeZone` is ahead of UTC at `at`, in ms. */
function offsetMs(at: Date, timeZone: string): number {
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
  const w = Object.fromEntries(parts.filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at.getTime() / 1000) * 1000;
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
  const next = new Date(Date.parse(`${ymd}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return dayStart(next, timeZone);
}

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
