import { monthBucketSql, monthsBetween } from './month-buckets.js';

describe('month buckets', () => {
  it('lists the school months an interval touches, with the instant each starts', () => {
    const months = monthsBetween(new Date('2026-01-31T16:00:00Z'), new Date('2026-03-31T17:00:00Z'), 'Asia/Shanghai');
    expect(months.map((m) => [m.month, m.start.toISOString()])).toEqual([
      ['2026-02', '2026-01-31T16:00:00.000Z'],
      ['2026-03', '2026-02-28T16:00:00.000Z'],
      ['2026-04', '2026-03-31T16:00:00.000Z'],
    ]);
    // the same instants in UTC: January to March
    expect(
      monthsBetween(new Date('2026-01-31T16:00:00Z'), new Date('2026-03-31T17:00:00Z'), 'UTC').map((m) => m.month),
    ).toEqual(['2026-01', '2026-02', '2026-03']);
  });

  it('crosses years and daylight-saving changes', () => {
    const months = monthsBetween(new Date('2025-11-15T00:00:00Z'), new Date('2026-04-02T00:00:00Z'), 'Europe/Berlin');
    expect(months.map((m) => m.month)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04']);
    // winter time (UTC+1) in March, summer time (UTC+2) from 29 March: April starts at 22:00 UTC
    expect(months[4].start.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(months[5].start.toISOString()).toBe('2026-03-31T22:00:00.000Z');
  });

  it('builds a CASE over the month starts, the last month as the ELSE', () => {
    const months = monthsBetween(new Date('2026-02-10T00:00:00Z'), new Date('2026-04-10T00:00:00Z'), 'Asia/Shanghai');
    const { sql, params } = monthBucketSql('p.paidAt', months);
    expect(sql).toBe(
      "(CASE WHEN p.paidAt < :monthStart1 THEN '2026-02' WHEN p.paidAt < :monthStart2 THEN '2026-03' ELSE '2026-04' END)",
    );
    expect(params).toEqual({
      monthStart1: new Date('2026-02-28T16:00:00Z'),
      monthStart2: new Date('2026-03-31T16:00:00Z'),
    });
    expect(monthBucketSql('p.paidAt', months.slice(0, 1))).toEqual({ sql: "'2026-02'", params: {} });
  });
});
