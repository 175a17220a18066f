import { codeTable } from './code-table.js';
import { CODE_TABLES, CustomerSource, Score } from './codes.js';

describe('code tables', () => {
  it('keep the seed codes and labels', () => {
    expect(CustomerSource.code.baiduAds).toBe(3);
    expect(CustomerSource.label(3, 'zh')).toBe('百度推广');
    expect(Score.code.copy).toBe(-100);
    expect(Score.defaultCode).toBe(0);
    expect(Score.has(85)).toBe(true);
    expect(Score.has(86)).toBe(false);
  });

  it('have unique names and labels in both languages', () => {
    expect(new Set(CODE_TABLES.map((t) => t.name)).size).toBe(CODE_TABLES.length);
    for (const table of CODE_TABLES) for (const item of table.items) expect(item.en && item.zh).toBeTruthy();
  });

  it('refuse a repeated code', () => {
    expect(() => codeTable('x', { en: 'x', zh: 'x' }, { a: [1, 'a', 'a'], b: [1, 'b', 'b'] })).toThrow(/repeats/);
  });
});
