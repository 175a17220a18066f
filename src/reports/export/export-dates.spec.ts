import { wallClock } from '../../common/time/school-time.js';
import { asUtcWallClock, formatExportDate } from './export-dates.js';

/** What Intl says, written the export's way. */
function expected(date: Date, timeZone: string): string {
  const w = wallClock(date, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
}

describe('export dates (the school wall clock, offsets cached per day)', () => {
  it('writes Asia/Shanghai time', () => {
    expect(formatExportDate(new Date('2026-02-14T20:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-02-15 04:00:00');
    expect(asUtcWallClock(new Date('2026-03-01T08:00:00.999Z'), 'Asia/Shanghai')).toEqual(
      new Date('2026-03-01T16:00:00.000Z'),
    );
  });

  it('agrees with Intl around daylight-saving transitions and on ordinary days', () => {
    const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Shanghai'];
    const instants = [
      '2026-03-08T06:59:59Z', // New York, a second before clocks go forward
      '2026-03-08T07:00:00Z',
      '2026-11-01T05:30:00Z', // New York, inside the repeated hour
      '2026-11-01T06:00:00Z',
      '2026-03-29T00:59:59Z', // London
      '2026-03-29T01:00:00Z',
      '2026-10-25T00:30:00Z',
      '2026-04-04T15:00:00Z', // Lord Howe moves by half an hour
    ].map((s) => new Date(s));
    for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 83_820_000) instants.push(new Date(ms));
    for (const zone of zones) {
      for (const at of instants) expect([zone, at, formatExportDate(at, zone)]).toEqual([zone, at, expected(at, zone)]);
    }
  });
});
