import { resolvePeriod } from './report-period.js';
import { splitByUtcDays, wholePeriod } from './utc-day-split.js';

const at = (iso: string) => new Date(iso);

describe('splitByUtcDays', () => {
  it('reads whole UTC days from the daily counts and leaves the ends and the days a school month starts in', () => {
    const period = resolvePeriod({ from: '2026-03-01', to: '2026-04-30' }, 'Asia/Shanghai');
    expect(splitByUtcDays(period)).toEqual({
      wholeDays: [
        { month: '2026-03', from: '2026-03-01', to: '2026-03-31' },
        { month: '2026-04', from: '2026-04-01', to: '2026-04-30' },
      ],
      rest: [
        { start: at('2026-02-28T16:00:00Z'), end: at('2026-03-01T00:00:00Z') },
        // 31 March UTC: March until 16:00, April after; the two parts are one range
        { start: at('2026-03-31T00:00:00Z'), end: at('2026-04-01T00:00:00Z') },
        { start: at('2026-04-30T00:00:00Z'), end: at('2026-04-30T16:00:00Z'), endIncluded: false },
      ],
    });
  });

  it('needs no part-day when the school days are UTC days', () => {
    const period = resolvePeriod({ from: '2026-01-01', to: '2026-12-31' }, 'UTC');
    const split = splitByUtcDays(period);
    expect(split.rest).toEqual([]);
    expect(split.wholeDays).toHaveLength(12);
    expect(split.wholeDays[1]).toEqual({ month: '2026-02', from: '2026-02-01', to: '2026-03-01' });
  });

  it('ends with the instant `to` included, and counts a range shorter than a day from the customers', () => {
    const period = resolvePeriod({ from: '2026-03-10T08:00:00Z', to: '2026-03-10T09:00:00Z' }, 'UTC');
    expect(splitByUtcDays(period)).toEqual({
      wholeDays: [],
      rest: [{ start: at('2026-03-10T08:00:00Z'), end: at('2026-03-10T09:00:00Z'), endIncluded: true }],
    });
    expect(wholePeriod(resolvePeriod({ from: '2026-03-01', to: '2026-03-31' }, 'UTC'))).toEqual({
      wholeDays: [],
      rest: [{ start: at('2026-03-01T00:00:00Z'), end: at('2026-04-01T00:00:00Z'), endIncluded: false }],
    });
  });
});
