import { classState, isDateOnly, today } from './school-calendar.js';

describe('school calendar', () => {
  it('accepts only real calendar days written YYYY-MM-DD', () => {
    expect(isDateOnly('2026-02-28')).toBe(true);
    expect(isDateOnly('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '2026-01-01T00:00:00Z', '', 20260101, null]) {
      expect(isDateOnly(bad)).toBe(false);
    }
  });

  it("gives today's date in the school's timezone", () => {
    const lateEvening = new Date('2026-03-01T17:30:00Z'); // 01:30 on 2 March in Shanghai
    expect(today('Asia/Shanghai', lateEvening)).toBe('2026-03-02');
    expect(today('UTC', lateEvening)).toBe('2026-03-01');
  });

  it('places a class before, within or after its dates (an open end keeps it running)', () => {
    expect(classState('2026-03-02', '2026-06-30', '2026-03-01')).toBe('upcoming');
    expect(classState('2026-03-01', '2026-06-30', '2026-03-01')).toBe('running');
    expect(classState('2026-03-01', '2026-06-30', '2026-06-30')).toBe('running');
    expect(classState('2026-03-01', '2026-06-30', '2026-07-01')).toBe('finished');
    expect(classState('2020-01-01', null, '2026-07-01')).toBe('running');
  });
});
