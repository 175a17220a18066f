import { dayStart, startOfToday, yuan } from './time.js';

describe('sales time helpers', () => {
  it('finds when a calendar day starts in a time zone', () => {
    expect(dayStart('2026-03-01', 'Asia/Shanghai').toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(dayStart('2026-03-01', 'UTC').toISOString()).toBe('2026-03-01T00:00:00.000Z');
    // New York: EST (UTC-5) before the March change, EDT (UTC-4) after it
    expect(dayStart('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(dayStart('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it("finds the start of today in the school's time zone", () => {
    // 2026-03-01 01:30 in Shanghai is still 2026-02-28 in UTC
    const now = new Date('2026-02-28T17:30:00Z');
    expect(startOfToday('Asia/Shanghai', now).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(startOfToday('UTC', now).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });

  it('formats fen as yuan', () => {
    expect(yuan(300_001)).toBe('¥3,000.01');
    expect(yuan(0)).toBe('¥0.00');
    expect(yuan(-5)).toBe('-¥0.05');
  });
});
