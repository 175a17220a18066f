import { dayEnd, dayStart, isDateOnly, startOfToday, today } from './school-time.js';

describe('school time', () => {
  it('finds when a calendar day starts and ends in a time zone', () => {
    expect(dayStart('2026-03-01', 'Asia/Shanghai').toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(dayStart('2026-03-01', 'UTC').toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(dayEnd('2026-12-31', 'Asia/Shanghai').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('handles daylight-saving changes', () => {
    // New York: EST (UTC-5) before the March change, EDT (UTC-4) after it
    expect(dayStart('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(dayStart('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    // Europe/Berlin moves to summer time on 2026-03-29 at 02:00
    expect(dayStart('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(dayEnd('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it("gives today and its start in the school's time zone", () => {
    const lateEvening = new Date('2026-03-01T17:30:00Z'); // 01:30 on 2 March in Shanghai
    expect(today('Asia/Shanghai', lateEvening)).toBe('2026-03-02');
    expect(today('UTC', lateEvening)).toBe('2026-03-01');
    expect(startOfToday('Asia/Shanghai', lateEvening).toISOString()).toBe('2026-03-01T16:00:00.000Z');
  });

  it('accepts only real calendar days written YYYY-MM-DD', () => {
    expect(isDateOnly('2026-02-28')).toBe(true);
    expect(isDateOnly('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '2026-01-01T00:00:00Z', '', 20260101, null]) {
      expect(isDateOnly(bad)).toBe(false);
    }
  });
});
