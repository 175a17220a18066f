import { ValidationProblem } from '../common/errors/problem.js';
import { resolvePeriod } from './report-period.js';

const TZ = 'Asia/Shanghai';
const months = (p: { months: { month: string }[] }) => p.months.map((m) => m.month);

describe('report period', () => {
  it('defaults to the 12 calendar months up to today in the school time zone', () => {
    // 2026-01-31T17:00Z is already 1 February in Shanghai
    const p = resolvePeriod({}, TZ, new Date('2026-01-31T17:00:00Z'));
    expect([p.from, p.to]).toEqual(['2025-03-01', '2026-02-01']);
    expect(months(p)).toHaveLength(12);
    expect([months(p)[0], months(p)[11]]).toEqual(['2025-03', '2026-02']);
    expect(p.start.toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(p.last.toISOString()).toBe('2026-02-01T15:59:59.999Z');
    expect([p.firstDay, p.lastDay]).toEqual(['2025-03-01', '2026-02-01']);
  });

  it('takes a date as a whole school day and a date-time as an instant', () => {
    const p = resolvePeriod({ from: '2026-03-31T17:00:00Z', to: '2026-04-01T10:00:00+08:00' }, TZ);
    expect(months(p)).toEqual(['2026-04']);
    expect([p.firstDay, p.lastDay]).toEqual(['2026-04-01', '2026-04-01']);
    const december = resolvePeriod({ to: '2026-12-31' }, 'UTC');
    expect(december.from).toBe('2026-01-01');
    expect(months(december)[11]).toBe('2026-12');
  });

  it('refuses `to` before `from` and ranges over 120 months', () => {
    expect(() => resolvePeriod({ from: '2026-03-02', to: '2026-03-01' }, TZ)).toThrow(ValidationProblem);
    expect(() => resolvePeriod({ from: '2026-03-01', to: '2026-03-01' }, TZ)).not.toThrow();
    expect(() => resolvePeriod({ from: '2016-01-01', to: '2025-12-31' }, TZ)).not.toThrow();
    expect(() => resolvePeriod({ from: '2016-01-01', to: '2026-01-01' }, TZ)).toThrow(ValidationProblem);
    try {
      resolvePeriod({ from: '2016-01-01', to: '2026-01-01' }, TZ);
    } catch (error) {
      expect((error as ValidationProblem).getResponse()).toMatchObject({
        errors: [{ field: 'from', message: 'the range may span at most 120 months, not 121' }],
      });
    }
  });
});
