import { classState } from './class-state.js';

describe('class state', () => {
  it('places a class before, within or after its dates (an open end keeps it running)', () => {
    expect(classState('2026-03-02', '2026-06-30', '2026-03-01')).toBe('upcoming');
    expect(classState('2026-03-01', '2026-06-30', '2026-03-01')).toBe('running');
    expect(classState('2026-03-01', '2026-06-30', '2026-06-30')).toBe('running');
    expect(classState('2026-03-01', '2026-06-30', '2026-07-01')).toBe('finished');
    expect(classState('2020-01-01', null, '2026-07-01')).toBe('running');
  });
});
