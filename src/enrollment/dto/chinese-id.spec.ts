import { isChineseIdNumber } from './chinese-id.js';

describe('isChineseIdNumber', () => {
  it.each(['11010519491231002X', '110101199003074477', '440308199901011111'])('accepts %s', (id) => {
    expect(isChineseIdNumber(id)).toBe(true);
  });

  it.each([
    ['a wrong check character', '110101199003074478'],
    ['a lower-case x', '11010519491231002x'],
    ['17 characters', '11010119900307447'],
    ['19 characters', '1101011990030744770'],
    ['letters', '11010119900307447A'],
    ['a leading 0', '010101199003074473'],
    ['February 30th', '11010119900230447X'],
    ['a birth date in the future', '110101209901014472'],
    ['a number', 110101199003074],
    ['nothing', undefined],
  ])('refuses %s', (_case, id) => {
    expect(isChineseIdNumber(id)).toBe(false);
  });
});
