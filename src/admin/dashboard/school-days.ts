/** Calendar arithmetic on school days ('YYYY-MM-DD', already in the school's time zone). */

const asUtc = (day: string) => new Date(`${day}T00:00:00Z`);
const ymd = (date: Date) => date.toISOString().slice(0, 10);

/** The Monday of the week of `day` (weeks start on Monday in China). */
export function weekStart(day: string): string {
  const date = asUtc(day);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return ymd(date);
}

/** The first day of the month of `day`. */
export const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;

/** The first day of the month `count - 1` months before the month of `day`: with it, `count` calendar months. */
export function monthsBack(day: string, count: number): string {
  const date = asUtc(monthStart(day));
  date.setUTCMonth(date.getUTCMonth() - (count - 1));
  return ymd(date);
}
