import { escapeLike } from '../common/list/paginate.js';
import { normalisePhone, normaliseQq, normaliseSearch, PHONE_PATTERN, QQ_PATTERN } from './normalise.js';

describe('customer identifier normalisation', () => {
  it('strips spaces and dashes from phones and trims them', () => {
    expect(normalisePhone(' 138 0013-8000 ')).toBe('13800138000');
    expect(normalisePhone('+86 138-0013-8000')).toBe('+8613800138000');
    expect(normalisePhone('010 - 6655 4433')).toBe('01066554433');
  });

  it('turns an empty phone or qq into null and leaves non-strings for validation', () => {
    expect(normalisePhone('  ')).toBeNull();
    expect(normaliseQq(' ')).toBeNull();
    expect(normalisePhone(13800138000)).toBe(13800138000);
    expect(normaliseQq(null)).toBeNull();
    expect(normaliseQq(undefined)).toBeUndefined();
  });

  it('trims qq without touching its inside', () => {
    expect(normaliseQq(' 123456789 ')).toBe('123456789');
  });

  it('accepts normalised phones and QQ numbers, refuses the rest', () => {
    expect(PHONE_PATTERN.test('13800138000')).toBe(true);
    expect(PHONE_PATTERN.test('+8613800138000')).toBe(true);
    expect(PHONE_PATTERN.test('138-0013')).toBe(false);
    expect(PHONE_PATTERN.test('12')).toBe(false);
    expect(PHONE_PATTERN.test('call me')).toBe(false);
    expect(QQ_PATTERN.test('10001')).toBe(true);
    expect(QQ_PATTERN.test('0123456')).toBe(false);
    expect(QQ_PATTERN.test('12 345')).toBe(false);
  });

  it('searches phone-looking text in its stored form and leaves other text alone', () => {
    expect(normaliseSearch(' 138 0013-80 ')).toBe('138001380');
    expect(normaliseSearch('+86 138')).toBe('+86138');
    expect(normaliseSearch('张 三')).toBe('张 三');
    expect(normaliseSearch('C-000012')).toBe('C-000012');
    expect(normaliseSearch(undefined)).toBeUndefined();
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_off!')).toBe('50!%!_off!!');
  });
});
