/** The dataset's fixed "now" (not the clock): the same seed gives the same rows whenever it runs. */
export const SEED_NOW = new Date('2026-11-20T00:00:00Z');
export const DAY_MS = 86_400_000;
/** Customers were created over the two years before SEED_NOW. */
export const SEED_START = new Date(SEED_NOW.getTime() - 730 * DAY_MS);

export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);
export const dateOnly = (date: Date) => date.toISOString().slice(0, 10);
export const earliest = (a: Date, b: Date) => (a < b ? a : b);
